package io.zeroio.protocol.http.actors;

import io.zeroio.protocol.http.response.ZeroHttpReply;

/** Answers one HTTP request, once, from any thread (the {@code replyTo} of an {@link HttpRequestMsg}). */
public interface HttpResponder {
    /** Writes {@code reply} into a TX slot and hands it to the shard; false when already answered or given up. */
    boolean reply(ZeroHttpReply reply);

    /** Answers 500 and closes the connection; false when already answered or given up. */
    boolean fail(Throwable cause);
}

package io.zeroio.protocol.http.server;

import io.zeroio.protocol.http.parse.HttpRequest;
import io.zeroio.protocol.http.response.ZeroResponse;

/**
 * Application code answering one request, inline on the shard thread (the seed's
 * {@code run_sync} mode): read the request where it lies, write the response into the TX slot,
 * return. Must not block. Both arguments are flyweights valid only during the call
 * ({@link HttpRequest#detach()} keeps the request).
 *
 * <p>A handler that returns without a response gets a 500; one that leaves a response open gets
 * it completed (empty body, or the last chunk); one that throws gets a 500 and the connection
 * closed (or just the close, when part of the response was already written).
 */
@FunctionalInterface
public interface HttpHandler {
    /** Answers {@code request} through {@code response}. */
    void handle(HttpRequest request, ZeroResponse response);

    /**
     * Whether {@code head}'s body is to be streamed: the {@link BodyStreamHandler} for it, or null
     * (the default: bodies are inline). Asked by the server once a request's head is complete and
     * its body is not; {@link Router} answers for routes registered with {@link Router#stream}.
     */
    default BodyStreamHandler bodyStream(HttpRequest head) {
        return null;
    }
}

package io.zeroio.protocol.http.response;

import org.agrona.DirectBuffer;

/**
 * A hook that lets middleware (compression) encode a response body on its way into the TX slot.
 * Installed per response with {@link ZeroResponse#encodeBodyWith(BodyEncoder)} before the handler
 * runs; {@link ZeroResponse} consults it once, when the handler hands over a whole body
 * ({@code body(...)}, {@code ok}, {@code json}, {@code bytes} ...). Chunked responses, HEAD
 * requests and empty bodies never reach it. Shard thread only; implementations must not allocate.
 *
 * <p>A request handed to another thread ({@code HttpExchange.defer}, the streams and actors modes) does
 * not take the shard's encoder along: {@link #forDeferred()} gives an immutable {@link Lender} carrying
 * the decision made for the request, and the deferred response borrows an encoder from it on the
 * thread that writes the body, for the length of that one write.
 */
public interface BodyEncoder {
    /** {@link #decide}: send the body as it is, no extra header. */
    int PLAIN = 0;
    /** {@link #decide}: send the body as it is, but add {@code Vary: Accept-Encoding} (it could have been encoded). */
    int PLAIN_VARY = 1;
    /** {@link #decide}: encode the body ({@link #encode}), adding {@code Content-Encoding} and {@code Vary}. */
    int ENCODE = 2;

    /**
     * Decides for one body.
     *
     * @param status          the response status
     * @param contentType     the {@code Content-Type} the handler set, or null
     * @param alreadyEncoded  whether the handler set a {@code Content-Encoding} itself
     * @param length          the body's length in bytes
     * @return {@link #PLAIN}, {@link #PLAIN_VARY} or {@link #ENCODE}
     */
    int decide(int status, CharSequence contentType, boolean alreadyEncoded, int length);

    /**
     * Encodes {@code length} bytes of {@code src} from {@code offset} into {@link #output()}.
     *
     * @return the encoded length, or -1 to send the body unencoded after all (it did not fit or grew)
     */
    int encode(DirectBuffer src, int offset, int length);

    /** Encodes ASCII/Latin-1 text (one byte per char); as {@link #encode(DirectBuffer, int, int)}. */
    int encode(CharSequence text);

    /** Where {@link #encode} left its result (index 0 onwards), valid until the next call. */
    DirectBuffer output();

    /** The {@code Content-Encoding} value of the last {@link #encode} ({@code gzip}, {@code deflate}). */
    CharSequence contentEncoding();

    /**
     * Called on the shard when the request is deferred: the decision made for it (e.g. the coding
     * negotiated from {@code Accept-Encoding}), as a thread-safe {@link Lender} the deferred response
     * borrows an encoder from on the answering thread. Must not allocate (return a shared instance);
     * null (the default): the deferred body is written as it is.
     */
    default Lender forDeferred() {
        return null;
    }

    /**
     * Lends encoders to the threads that write deferred responses: {@link #borrow()} returns an encoder
     * that only the calling thread uses until it {@link #giveBack gives it back} (never the shard's own
     * encoder, never one lent to another thread meanwhile). Immutable and thread-safe.
     */
    interface Lender {
        /** An encoder for the calling thread, configured with the carried decision. */
        BodyEncoder borrow();

        /** Returns an encoder {@link #borrow()} gave this thread (its output is no longer read). */
        void giveBack(BodyEncoder encoder);
    }
}

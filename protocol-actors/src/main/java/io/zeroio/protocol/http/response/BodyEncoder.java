package io.zeroio.protocol.http.response;

import org.agrona.DirectBuffer;

/**
 * A hook that lets middleware (compression) encode a response body on its way into the TX slot.
 * Installed per response with {@link ZeroResponse#encodeBodyWith(BodyEncoder)} before the handler
 * runs; {@link ZeroResponse} consults it once, when the handler hands over a whole body
 * ({@code body(...)}, {@code ok}, {@code json}, {@code bytes} ...). Chunked responses, HEAD
 * requests and empty bodies never reach it. Shard thread only; implementations must not allocate.
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
}

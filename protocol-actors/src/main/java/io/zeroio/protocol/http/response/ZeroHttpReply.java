package io.zeroio.protocol.http.response;

import java.nio.charset.StandardCharsets;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * An immutable HTTP response value for the asynchronous serving modes (Pekko Streams flows,
 * actors): status, optional content type, extra headers and a body, written once into a TX slot
 * by {@link #writeTo(ZeroResponse)}. Immutable, so one instance may answer any number of
 * requests (keep constant replies in {@code static final} fields: no allocation per request).
 *
 * <p>A body given as a {@link DirectBuffer} is written from where it lies (no intermediate
 * {@code byte[]}); the buffer must stay unchanged until the reply was written.
 */
public final class ZeroHttpReply {
    private static final String[] NO_HEADERS = new String[0];

    private final int status;
    private final String contentType;
    private final DirectBuffer body;
    private final int offset;
    private final int length;
    private final String[] headers;

    private ZeroHttpReply(int status, String contentType, DirectBuffer body, int offset, int length, String[] headers) {
        if (status < 100 || status > 999) {
            throw new IllegalArgumentException("status " + status);
        }
        this.status = status;
        this.contentType = contentType;
        this.body = body;
        this.offset = offset;
        this.length = length;
        this.headers = headers;
    }

    /** {@code status} with no body. */
    public static ZeroHttpReply status(int status) {
        return new ZeroHttpReply(status, null, null, 0, 0, NO_HEADERS);
    }

    /** {@code status} with a text/plain body (UTF-8). */
    public static ZeroHttpReply text(int status, String text) {
        return bytes(status, "text/plain", text.getBytes(StandardCharsets.UTF_8));
    }

    /** 200 with a text/plain body. */
    public static ZeroHttpReply ok(String text) {
        return text(200, text);
    }

    /** 200 with an application/json body (already serialised). */
    public static ZeroHttpReply json(String json) {
        return bytes(200, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code status} with a body of {@code contentType} from an array (kept by reference, not copied). */
    public static ZeroHttpReply bytes(int status, String contentType, byte[] body) {
        return new ZeroHttpReply(status, contentType, new UnsafeBuffer(body), 0, body.length, NO_HEADERS);
    }

    /** {@code status} with a body read from {@code buffer} when the reply is written (no copy before). */
    public static ZeroHttpReply buffer(int status, String contentType, DirectBuffer buffer, int offset, int length) {
        return new ZeroHttpReply(status, contentType, buffer, offset, length, NO_HEADERS);
    }

    /** A copy with one more header (the value must not contain CR or LF). */
    public ZeroHttpReply withHeader(String name, String value) {
        final String[] h = java.util.Arrays.copyOf(headers, headers.length + 2);
        h[headers.length] = name;
        h[headers.length + 1] = value;
        return new ZeroHttpReply(status, contentType, body, offset, length, h);
    }

    /** The status code. */
    public int statusCode() {
        return status;
    }

    /** Body bytes. */
    public int bodyLength() {
        return length;
    }

    /** Writes the whole response into {@code response} (opened for the request it answers). */
    public void writeTo(ZeroResponse response) {
        response.status(status);
        if (contentType != null) {
            response.contentType(contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            response.header(headers[i], headers[i + 1]);
        }
        if (body == null) {
            response.end();
        } else {
            response.body(body, offset, length);
        }
    }

    @Override
    public String toString() {
        return "ZeroHttpReply[" + status + ", " + length + " B]";
    }
}

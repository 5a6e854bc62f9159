package io.zeroio.protocol.http.parse;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A parsed HTTP/1.1 response (client side): status, headers and body as an offset table into the
 * bytes where they arrived, read through flyweight views. Filled by {@link HttpResponseParser};
 * valid during the callback that hands it out.
 */
public final class HttpResponse {
    final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    int status;
    int versionMinor;
    int headerCount;
    final int[] nameOffset;
    final int[] nameLength;
    final int[] valueOffset;
    final int[] valueLength;
    int headLength;
    int bodyOffset;
    int bodyLength;
    long contentLength = -1;
    boolean chunked;
    boolean keepAlive;
    boolean untilClose;
    private final AsciiView headerView = new AsciiView();
    private final UnsafeBuffer bodyView = new UnsafeBuffer(0, 0);

    /** A response whose table holds {@code maxHeaders} fields. */
    public HttpResponse(int maxHeaders) {
        nameOffset = new int[maxHeaders];
        nameLength = new int[maxHeaders];
        valueOffset = new int[maxHeaders];
        valueLength = new int[maxHeaders];
    }

    /** Points the response at {@code length} bytes from native {@code address}. */
    public HttpResponse wrap(long address, int length) {
        buffer.wrap(address, length);
        return this;
    }

    /** Points the response at bytes of {@code source}. */
    public HttpResponse wrap(DirectBuffer source, int offset, int length) {
        buffer.wrap(source, offset, length);
        return this;
    }

    /** The status code. */
    public int status() {
        return status;
    }

    /** 0 for HTTP/1.0, 1 for HTTP/1.1. */
    public int versionMinor() {
        return versionMinor;
    }

    /** The value of the first header named {@code name} (case-insensitive), or null; the view is reused. */
    public AsciiView header(CharSequence name) {
        final int n = name.length();
        for (int i = 0; i < headerCount; i++) {
            if (nameLength[i] == n && Ascii.equalsIgnoreCase(buffer, nameOffset[i], name, n)) {
                return headerView.wrap(buffer, valueOffset[i], valueLength[i]);
            }
        }
        return null;
    }

    /** Header fields. */
    public int headerCount() {
        return headerCount;
    }

    /** The body (decoded when chunked). */
    public DirectBuffer body() {
        bodyView.wrap(buffer, bodyLength == 0 ? 0 : bodyOffset, bodyLength);
        return bodyView;
    }

    /** Body bytes. */
    public int bodyLength() {
        return bodyLength;
    }

    /** Whether the connection may carry another request. */
    public boolean isKeepAlive() {
        return keepAlive;
    }

    /** Whether the body was chunked. */
    public boolean isChunked() {
        return chunked;
    }

    /** The body as text (allocates; tests and logs). */
    public String bodyText() {
        return bodyLength == 0 ? "" : buffer.getStringWithoutLengthUtf8(bodyOffset, bodyLength);
    }
}

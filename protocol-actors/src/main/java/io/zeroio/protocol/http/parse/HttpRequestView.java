package io.zeroio.protocol.http.parse;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Read access to a parsed HTTP/1.1 request: an offset table (pre-allocated {@code int} arrays)
 * into the bytes where they lie, and flyweight views over them. Nothing is copied or decoded:
 * {@link #path()} is the raw (percent-encoded) path of the target, header values are raw field
 * values with surrounding whitespace trimmed (RFC 9110 §5.5).
 *
 * <p>Offsets are relative to the request's first byte, index 0 of {@link #buffer()}.
 *
 * <p>The views returned by {@link #path()}, {@link #header}, ... are reused: each accessor owns
 * one view, re-pointed on every call. {@code toString()} them to keep a copy.
 */
public abstract sealed class HttpRequestView permits HttpRequest, DetachedHttpRequest {
    final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    HttpMethod method;
    int versionMinor;
    int targetOffset;
    int targetLength;
    int pathLength;
    int queryOffset;
    int queryLength;
    int headerCount;
    int[] nameOffset;
    int[] nameLength;
    int[] valueOffset;
    int[] valueLength;
    int headLength;
    int bodyOffset;
    int bodyLength;
    long contentLength = -1;
    boolean chunked;
    boolean keepAlive;
    boolean expectContinue;
    boolean headComplete;
    SensitiveHeaders sensitive = SensitiveHeaders.DEFAULT;

    private final AsciiView pathView = new AsciiView();
    private final AsciiView targetView = new AsciiView();
    private final AsciiView queryView = new AsciiView();
    private final AsciiView headerView = new AsciiView();
    private final AsciiView nameView = new AsciiView();
    private final AsciiView valueView = new AsciiView();
    private final UnsafeBuffer bodyView = new UnsafeBuffer(0, 0);

    HttpRequestView(int maxHeaders) {
        nameOffset = new int[maxHeaders];
        nameLength = new int[maxHeaders];
        valueOffset = new int[maxHeaders];
        valueLength = new int[maxHeaders];
    }

    /** The request method. */
    public HttpMethod method() {
        return method;
    }

    /** 0 for HTTP/1.0, 1 for HTTP/1.1. */
    public int versionMinor() {
        return versionMinor;
    }

    /** The request target as sent (origin-form {@code /a/b?q}, {@code *}, or absolute-form). */
    public AsciiView target() {
        return targetView.wrap(buffer, targetOffset, targetLength);
    }

    /** The path of the target, without the query (raw, percent-encoded; {@code *} for asterisk-form). */
    public AsciiView path() {
        return pathView.wrap(buffer, targetOffset + targetLength - pathLength - (queryOffset < 0 ? 0 : queryLength + 1),
            pathLength);
    }

    /** The query after {@code ?} (empty when there is none). */
    public AsciiView query() {
        return queryOffset < 0 ? queryView.wrap(buffer, 0, 0) : queryView.wrap(buffer, queryOffset, queryLength);
    }

    /** Whether the target had a {@code ?}. */
    public boolean hasQuery() {
        return queryOffset >= 0;
    }

    /** Header fields in the request. */
    public int headerCount() {
        return headerCount;
    }

    /** The name of header {@code i} as sent. */
    public AsciiView headerName(int i) {
        checkHeader(i);
        return nameView.wrap(buffer, nameOffset[i], nameLength[i]);
    }

    /** The value of header {@code i}, whitespace-trimmed. */
    public AsciiView headerValue(int i) {
        checkHeader(i);
        return valueView.wrap(buffer, valueOffset[i], valueLength[i]);
    }

    /** Index of the first header named {@code name} (ASCII case-insensitive), or -1. Allocation-free. */
    public int headerIndex(CharSequence name) {
        final int n = name.length();
        for (int i = 0; i < headerCount; i++) {
            if (nameLength[i] == n && Ascii.equalsIgnoreCase(buffer, nameOffset[i], name, n)) {
                return i;
            }
        }
        return -1;
    }

    /** The value of the first header named {@code name}, or null. The view is reused by the next call. */
    public AsciiView header(CharSequence name) {
        final int i = headerIndex(name);
        return i < 0 ? null : headerView.wrap(buffer, valueOffset[i], valueLength[i]);
    }

    /** The request body, decoded when it was chunked (a view; empty when there is none). */
    public DirectBuffer body() {
        if (bodyLength == 0) {
            bodyView.wrap(buffer, 0, 0);
        } else {
            bodyView.wrap(buffer, bodyOffset, bodyLength);
        }
        return bodyView;
    }

    /** Body bytes (decoded size for chunked bodies). */
    public int bodyLength() {
        return bodyLength;
    }

    /** Index of the body's first byte in {@link #buffer()}. */
    public int bodyOffset() {
        return bodyOffset;
    }

    /** The Content-Length the client declared, or -1. */
    public long contentLength() {
        return contentLength;
    }

    /** Whether the body came with {@code Transfer-Encoding: chunked}. */
    public boolean isChunked() {
        return chunked;
    }

    /** Whether the connection stays open after this request (HTTP/1.1 default, {@code Connection} header). */
    public boolean isKeepAlive() {
        return keepAlive;
    }

    /** Whether the client sent {@code Expect: 100-continue}. */
    public boolean expectsContinue() {
        return expectContinue;
    }

    /** Bytes of the request line and header section, final CRLF included. */
    public int headLength() {
        return headLength;
    }

    /** The request's bytes, index 0 = the first byte of its request line. */
    public DirectBuffer buffer() {
        return buffer;
    }

    private void checkHeader(int i) {
        if (i < 0 || i >= headerCount) {
            throw new IndexOutOfBoundsException("header " + i + " outside 0.." + (headerCount - 1));
        }
    }

    void copyFrom(HttpRequestView o) {
        method = o.method;
        versionMinor = o.versionMinor;
        targetOffset = o.targetOffset;
        targetLength = o.targetLength;
        pathLength = o.pathLength;
        queryOffset = o.queryOffset;
        queryLength = o.queryLength;
        headerCount = o.headerCount;
        System.arraycopy(o.nameOffset, 0, nameOffset, 0, headerCount);
        System.arraycopy(o.nameLength, 0, nameLength, 0, headerCount);
        System.arraycopy(o.valueOffset, 0, valueOffset, 0, headerCount);
        System.arraycopy(o.valueLength, 0, valueLength, 0, headerCount);
        headLength = o.headLength;
        bodyOffset = o.bodyOffset;
        bodyLength = o.bodyLength;
        contentLength = o.contentLength;
        chunked = o.chunked;
        keepAlive = o.keepAlive;
        expectContinue = o.expectContinue;
        headComplete = o.headComplete;
        sensitive = o.sensitive;
    }

    /**
     * Marks which header values {@link #toString()} and {@link #dump()} (and the tracing
     * middleware's logs) print as {@value SensitiveHeaders#REDACTED}; every request starts with
     * {@link SensitiveHeaders#DEFAULT}. Stores the reference: allocation-free.
     */
    public void sensitiveHeaders(SensitiveHeaders names) {
        sensitive = names == null ? SensitiveHeaders.DEFAULT : names;
    }

    /** The header names this request redacts when printed. */
    public SensitiveHeaders sensitiveHeaders() {
        return sensitive;
    }

    /**
     * A readable dump (allocates: for logs and debugging): the request line and every header,
     * sensitive header values replaced by {@value SensitiveHeaders#REDACTED}; the body's size, not its bytes.
     */
    public String dump() {
        final StringBuilder b = new StringBuilder(128);
        b.append(method == null ? "?" : method.name()).append(' ').append(headComplete ? target().toString() : "?")
            .append(" HTTP/1.").append(versionMinor).append('\n');
        appendHeaders(b, "\n");
        return b.append("(body ").append(bodyLength).append(" B)").toString();
    }

    /** Appends {@code name: value<separator>} for every header, sensitive values redacted. */
    public void appendHeaders(StringBuilder b, String separator) {
        for (int i = 0; i < headerCount; i++) {
            final AsciiView name = headerName(i);
            b.append(name).append(": ");
            if (sensitive.isSensitive(name)) {
                b.append(SensitiveHeaders.REDACTED);
            } else {
                b.append(headerValue(i));
            }
            b.append(separator);
        }
    }

    /** The request line, headers (sensitive values redacted) and the body's size, on one line. */
    @Override
    public String toString() {
        final StringBuilder b = new StringBuilder(128);
        b.append(method == null ? "?" : method.name()).append(' ').append(headComplete ? target().toString() : "?")
            .append(" HTTP/1.").append(versionMinor).append(" {");
        appendHeaders(b, "; ");
        if (headerCount > 0) {
            b.setLength(b.length() - 2);
        }
        return b.append("} (body ").append(bodyLength).append(" B)").toString();
    }
}

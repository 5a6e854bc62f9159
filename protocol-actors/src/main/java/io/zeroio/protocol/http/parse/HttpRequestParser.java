package io.zeroio.protocol.http.parse;

import org.agrona.concurrent.UnsafeBuffer;

import io.zeroio.protocol.http.limits.HttpServerConfig;

/**
 * HTTP/1.1 request parser (RFC 9112) that works in place: it reads the bytes an
 * {@link HttpRequest} is wrapped on and fills the request's offset table; nothing is copied,
 * nothing allocated. The one write it makes is de-chunking a complete chunked body in place
 * (chunk data moved left over the chunk-size lines inside the same slot), so that
 * {@link HttpRequest#body()} is one contiguous view.
 *
 * <p>{@link #parse} returns a value, never throws for bad input (RFC 9112 grammar errors are
 * results, Netty {@code HttpObjectDecoder} style):
 * <ul>
 *   <li>{@code > 0}: a whole request (head and body) of that many bytes; the next pipelined
 *       request starts right after it;</li>
 *   <li>{@link #NEED_MORE} (0): the bytes end inside the request; wait for more (the request's
 *       {@link HttpRequest#isHeadComplete()} says whether the head already arrived);</li>
 *   <li>{@code < 0}: the request is refused with status {@code -result}: 400 malformed, 413 body
 *       too large, 414 request line too long, 417 unknown expectation, 431 header section too large
 *       or too many fields, 501 unknown method or transfer coding, 505 unsupported version.</li>
 * </ul>
 * Strictness (RFC 9112 §2.2, §5, §6.3 and RFC 9110 §5.5 — the request-smuggling rules): lines end
 * in CRLF (a bare CR or LF is 400); no whitespace between a field name and its colon; no obs-fold;
 * no control characters in field values; a Content-Length that is not all digits, a repeated
 * Content-Length, both Content-Length and Transfer-Encoding, a repeated or missing Host (HTTP/1.1)
 * are 400; any transfer coding other than exactly {@code chunked} is 501.
 *
 * <p>Shard thread only (it keeps no state between calls, but one instance per shard is enough).
 */
public final class HttpRequestParser {
    /** The bytes end inside the request. */
    public static final int NEED_MORE = 0;

    private static final int MAX_LEADING_EMPTY_LINES = 8;
    private static final byte[] CONTENT_LENGTH = bytes("content-length");
    private static final byte[] TRANSFER_ENCODING = bytes("transfer-encoding");
    private static final byte[] CONNECTION = bytes("connection");
    private static final byte[] HOST = bytes("host");
    private static final byte[] EXPECT = bytes("expect");
    private static final byte[] CHUNKED = bytes("chunked");
    private static final byte[] CLOSE = bytes("close");
    private static final byte[] KEEP_ALIVE = bytes("keep-alive");
    private static final byte[] CONTINUE = bytes("100-continue");

    private final int maxRequestLine;
    private final int maxHeaderBytes;
    private final int maxHeaders;
    private final long maxBody;
    private final long maxStreamBody;
    private boolean headOnly;
    private final int maxChunkExtension;
    private final ChunkedBody chunked;

    /** A parser enforcing {@code config}'s limits. */
    public HttpRequestParser(HttpServerConfig config) {
        this.maxRequestLine = config.maxRequestLineBytes();
        this.maxHeaderBytes = config.maxHeaderBytes();
        this.maxHeaders = config.maxHeaders();
        this.maxBody = config.maxBodyBytes();
        this.maxStreamBody = config.maxStreamBodyBytes();
        this.maxChunkExtension = config.maxChunkExtensionBytes();
        this.chunked = new ChunkedBody(maxBody, maxChunkExtension, maxHeaderBytes);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    /**
     * As {@link #parse}, but a refused request throws {@link HttpParseException} (for callers that
     * prefer exceptions; allocates on refusal).
     */
    public int parseOrThrow(HttpRequest request) {
        final int r = parse(request);
        if (r < 0) {
            throw new HttpParseException(-r, "request refused with " + (-r));
        }
        return r;
    }

    /**
     * Parses the request at index 0 of the bytes {@code request} is wrapped on.
     *
     * @return request bytes consumed ({@code > 0}), {@link #NEED_MORE}, or {@code -status}
     */
    public int parse(HttpRequest request) {
        headOnly = false;
        return parseRequest(request);
    }

    /**
     * Parses only the request line and headers, for a body that is streamed rather than held
     * inline ({@code BodyStream}): {@code Content-Length} is checked against {@code max-stream-body}
     * instead of {@code max-body}, and the result is the head's length ({@code > 0}; the body, if
     * any, follows it), {@link #NEED_MORE} or {@code -status}. Nothing in the body is read or moved.
     */
    public int parseHead(HttpRequest request) {
        headOnly = true;
        try {
            return parseRequest(request);
        } finally {
            headOnly = false;
        }
    }

    private int parseRequest(HttpRequest request) {
        request.reset();
        final UnsafeBuffer b = request.buffer;
        final int length = b.capacity();
        int p = 0;
        // RFC 9112 §2.2: a server SHOULD ignore at least one empty line received before the request line.
        int empty = 0;
        while (p < length && b.getByte(p) == '\r') {
            if (p + 1 >= length) {
                return NEED_MORE;
            }
            if (b.getByte(p + 1) != '\n' || ++empty > MAX_LEADING_EMPTY_LINES) {
                return -400;
            }
            p += 2;
        }
        if (p < length && b.getByte(p) == '\n') {
            return -400;
        }
        // ---- request line: method SP request-target SP HTTP-version CRLF (RFC 9112 §3)
        final int lineStart = p;
        final int eol = findLineEnd(b, p, length, maxRequestLine);
        if (eol == -2) {
            return -400;
        }
        if (eol == -3) {
            return -414;
        }
        if (eol < 0) {
            // Not all here yet; refuse early what can already be refused.
            return early(b, lineStart, length);
        }
        final int r = requestLine(b, lineStart, eol, request);
        if (r != 0) {
            return r;
        }
        p = eol + 2;
        // ---- header section (RFC 9112 §5)
        final int headerStart = p;
        boolean sawContentLength = false;
        boolean sawTransferEncoding = false;
        boolean closeToken = false;
        boolean keepAliveToken = false;
        int hosts = 0;
        for (;;) {
            if (p >= length) {
                return NEED_MORE;
            }
            final byte first = b.getByte(p);
            if (first == '\r') {
                if (p + 1 >= length) {
                    return NEED_MORE;
                }
                if (b.getByte(p + 1) != '\n') {
                    return -400;
                }
                p += 2;
                break;
            }
            if (first == ' ' || first == '\t') {
                return -400; // obs-fold (RFC 9112 §5.2): rejected
            }
            final int budget = maxHeaderBytes - (p - headerStart);
            final int end = findLineEnd(b, p, length, budget - 2);
            if (end == -2) {
                return -400;
            }
            if (end == -3) {
                return -431;
            }
            if (end < 0) {
                return NEED_MORE;
            }
            if (request.headerCount == maxHeaders) {
                return -431;
            }
            // field-name ":" OWS field-value OWS
            int colon = p;
            while (colon < end && Ascii.isTchar(b.getByte(colon))) {
                colon++;
            }
            if (colon == p || colon == end || b.getByte(colon) != ':') {
                return -400; // empty name, no colon, or a non-token byte (e.g. space) before it
            }
            int vs = colon + 1;
            while (vs < end && (b.getByte(vs) == ' ' || b.getByte(vs) == '\t')) {
                vs++;
            }
            int ve = end;
            while (ve > vs && (b.getByte(ve - 1) == ' ' || b.getByte(ve - 1) == '\t')) {
                ve--;
            }
            for (int i = vs; i < ve; i++) {
                final int c = b.getByte(i) & 0xFF;
                if ((c < 0x20 && c != '\t') || c == 0x7F) {
                    return -400; // CTLs (NUL, bare CR/LF were caught above) are not field content
                }
            }
            final int h = request.headerCount++;
            request.nameOffset[h] = p;
            request.nameLength[h] = colon - p;
            request.valueOffset[h] = vs;
            request.valueLength[h] = ve - vs;
            final int nameLength = colon - p;
            final int valueLength = ve - vs;
            if (Ascii.equalsIgnoreCase(b, p, nameLength, CONTENT_LENGTH)) {
                if (sawContentLength) {
                    return -400; // RFC 9112 §6.3: conflicting lengths are unrecoverable; we refuse any repeat
                }
                sawContentLength = true;
                if (valueLength > 17) {
                    return allDigits(b, vs, valueLength) ? -413 : -400;
                }
                final long cl = Ascii.parseDecimal(b, vs, valueLength);
                if (cl < 0) {
                    return -400;
                }
                if (cl > (headOnly ? maxStreamBody : maxBody)) {
                    return -413;
                }
                request.contentLength = cl;
            } else if (Ascii.equalsIgnoreCase(b, p, nameLength, TRANSFER_ENCODING)) {
                if (sawTransferEncoding) {
                    return -400;
                }
                sawTransferEncoding = true;
                if (!Ascii.equalsIgnoreCase(b, vs, valueLength, CHUNKED)) {
                    return -501; // RFC 9112 §6.1: a transfer coding we do not understand
                }
                request.chunked = true;
            } else if (Ascii.equalsIgnoreCase(b, p, nameLength, HOST)) {
                hosts++;
            } else if (Ascii.equalsIgnoreCase(b, p, nameLength, CONNECTION)) {
                closeToken |= Ascii.listContains(b, vs, valueLength, CLOSE);
                keepAliveToken |= Ascii.listContains(b, vs, valueLength, KEEP_ALIVE);
            } else if (Ascii.equalsIgnoreCase(b, p, nameLength, EXPECT)) {
                if (!Ascii.equalsIgnoreCase(b, vs, valueLength, CONTINUE)) {
                    return -417; // RFC 9110 §10.1.1
                }
                request.expectContinue = true;
            }
            p = end + 2;
        }
        if (request.versionMinor == 1 ? hosts != 1 : hosts > 1) {
            return -400; // RFC 9112 §3.2: exactly one Host in HTTP/1.1
        }
        if (sawContentLength && sawTransferEncoding) {
            return -400; // RFC 9112 §6.1: possible smuggling; refuse and close
        }
        request.headLength = p;
        request.headComplete = true;
        request.keepAlive = !closeToken && (request.versionMinor == 1 || keepAliveToken);
        request.bodyOffset = p;
        if (headOnly) {
            return p;
        }
        if (request.chunked) {
            final int end = chunked.decode(b, p, length);
            if (end > 0) {
                request.bodyLength = chunked.decodedLength();
            }
            return end;
        }
        if (request.contentLength > 0) {
            if (length - p < request.contentLength) {
                return NEED_MORE;
            }
            request.bodyLength = (int) request.contentLength;
            return p + request.bodyLength;
        }
        return p;
    }

    /**
     * Index of the CR of the CRLF ending the line starting at {@code from}; -1 when the bytes end
     * first; -2 for a bare CR or LF; -3 when the line is longer than {@code max} bytes.
     */
    static int findLineEnd(UnsafeBuffer b, int from, int length, int max) {
        final int limit = Math.min(length, from + Math.max(0, max) + 1);
        for (int i = from; i < limit; i++) {
            final byte c = b.getByte(i);
            if (c == '\r') {
                if (i + 1 >= length) {
                    return -1;
                }
                return b.getByte(i + 1) == '\n' ? (i - from > max ? -3 : i) : -2;
            }
            if (c == '\n') {
                return -2;
            }
        }
        return limit < length || length - from > max ? -3 : -1;
    }

    private static boolean allDigits(UnsafeBuffer b, int from, int n) {
        for (int i = 0; i < n; i++) {
            final int d = b.getByte(from + i) - '0';
            if (d < 0 || d > 9) {
                return false;
            }
        }
        return true;
    }

    /** An incomplete request line: refuse a bad method or target now rather than waiting. */
    private int early(UnsafeBuffer b, int from, int length) {
        int i = from;
        while (i < length && Ascii.isTchar(b.getByte(i))) {
            i++;
        }
        if (i < length && (b.getByte(i) != ' ' || i == from)) {
            return -400;
        }
        if (i < length) {
            for (int j = i + 1; j < length; j++) {
                final int c = b.getByte(j) & 0xFF;
                if (c == '\r' && j == length - 1) {
                    break; // the CR of the CRLF still on its way
                }
                if (c < 0x20 || c == 0x7F) {
                    return -400;
                }
            }
        }
        return NEED_MORE;
    }

    /** Parses [from, eol) as a request line; 0 when fine, else -status. */
    private int requestLine(UnsafeBuffer b, int from, int eol, HttpRequest request) {
        int i = from;
        while (i < eol && Ascii.isTchar(b.getByte(i))) {
            i++;
        }
        if (i == from || i == eol || b.getByte(i) != ' ') {
            return -400;
        }
        final HttpMethod method = HttpMethod.lookup(b, from, i - from);
        final int targetStart = i + 1;
        int t = targetStart;
        while (t < eol) {
            final int c = b.getByte(t) & 0xFF;
            if (c == ' ') {
                break;
            }
            if (c < 0x21 || c == 0x7F) {
                return -400; // controls in the target; non-ASCII (obs-text) is refused too
            }
            if (c > 0x7E) {
                return -400;
            }
            t++;
        }
        if (t == targetStart || t == eol) {
            return -400;
        }
        // HTTP-version = "HTTP/" DIGIT "." DIGIT (RFC 9112 §2.3), then CRLF at once.
        final int v = t + 1;
        if (eol - v != 8 || b.getByte(v) != 'H' || b.getByte(v + 1) != 'T' || b.getByte(v + 2) != 'T'
            || b.getByte(v + 3) != 'P' || b.getByte(v + 4) != '/' || b.getByte(v + 6) != '.') {
            return -400;
        }
        final int major = b.getByte(v + 5) - '0';
        final int minor = b.getByte(v + 7) - '0';
        if (major < 0 || major > 9 || minor < 0 || minor > 9) {
            return -400;
        }
        if (major != 1 || minor > 1) {
            return -505;
        }
        if (method == null) {
            return -501;
        }
        if (method == HttpMethod.CONNECT) {
            return -501;
        }
        request.method = method;
        request.versionMinor = minor;
        request.targetOffset = targetStart;
        request.targetLength = t - targetStart;
        int pathStart = targetStart;
        final byte first = b.getByte(targetStart);
        if (first == '*') {
            if (t - targetStart != 1 || method != HttpMethod.OPTIONS) {
                return -400; // asterisk-form is for OPTIONS only (RFC 9112 §3.2.4)
            }
        } else if (first != '/') {
            // absolute-form (RFC 9112 §3.2.2): scheme "://" authority path
            int s = targetStart;
            while (s < t && b.getByte(s) != ':') {
                s++;
            }
            if (s + 2 >= t || b.getByte(s + 1) != '/' || b.getByte(s + 2) != '/') {
                return -400;
            }
            int slash = s + 3;
            while (slash < t && b.getByte(slash) != '/' && b.getByte(slash) != '?') {
                slash++;
            }
            if (slash == t || b.getByte(slash) != '/') {
                return -400;
            }
            pathStart = slash;
        }
        int q = pathStart;
        while (q < t && b.getByte(q) != '?') {
            q++;
        }
        request.pathLength = q - pathStart;
        if (q < t) {
            request.queryOffset = q + 1;
            request.queryLength = t - q - 1;
        }
        return 0;
    }
}

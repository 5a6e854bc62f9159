package io.zeroio.protocol.http.parse;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * HTTP/1.1 response parser (RFC 9112 §4, §6) for the client, in place like
 * {@link HttpRequestParser}: returns the response's bytes ({@code > 0}),
 * {@link HttpRequestParser#NEED_MORE}, or {@code -1} for a malformed or oversized response. A body
 * delimited by the close (no Content-Length, not chunked) stays {@code NEED_MORE} until
 * {@link #parseAtClose} is called on EOF. Allocation-free; never throws on input.
 */
public final class HttpResponseParser {
    /** Malformed or oversized. */
    public static final int INVALID = -1;
    private static final byte[] CONTENT_LENGTH = "content-length".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] TRANSFER_ENCODING = "transfer-encoding".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CONNECTION = "connection".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CHUNKED = "chunked".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "close".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] KEEP_ALIVE = "keep-alive".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final int maxHeadBytes;
    private final long maxBody;
    private final ChunkedBody chunked;

    /** A parser accepting heads up to {@code maxHeadBytes} and bodies up to {@code maxBodyBytes}. */
    public HttpResponseParser(int maxHeadBytes, long maxBodyBytes) {
        this.maxHeadBytes = maxHeadBytes;
        this.maxBody = maxBodyBytes;
        this.chunked = new ChunkedBody(maxBodyBytes, 1024, maxHeadBytes);
    }

    /**
     * Parses the response at index 0 of the bytes {@code response} is wrapped on.
     *
     * @param headRequest the request was HEAD (no body follows whatever the headers say)
     */
    public int parse(HttpResponse response, boolean headRequest) {
        final UnsafeBuffer b = response.buffer;
        final int length = b.capacity();
        response.status = 0;
        response.headerCount = 0;
        response.bodyOffset = 0;
        response.bodyLength = 0;
        response.contentLength = -1;
        response.chunked = false;
        response.untilClose = false;
        // status-line = HTTP-version SP status-code SP [ reason-phrase ] CRLF
        final int eol = HttpRequestParser.findLineEnd(b, 0, length, maxHeadBytes);
        if (eol == -2 || eol == -3) {
            return INVALID;
        }
        if (eol < 0) {
            return HttpRequestParser.NEED_MORE;
        }
        if (eol < 12 || b.getByte(0) != 'H' || b.getByte(1) != 'T' || b.getByte(2) != 'T' || b.getByte(3) != 'P'
            || b.getByte(4) != '/' || b.getByte(5) != '1' || b.getByte(6) != '.' || b.getByte(8) != ' '
            || (eol > 12 && b.getByte(12) != ' ')) {
            return INVALID;
        }
        final int minor = b.getByte(7) - '0';
        final long status = Ascii.parseDecimal(b, 9, 3);
        if (minor < 0 || minor > 1 || status < 100 || status > 599) {
            return INVALID;
        }
        response.versionMinor = minor;
        response.status = (int) status;
        int p = eol + 2;
        boolean close = false;
        boolean keepAlive = false;
        for (;;) {
            if (p + 1 >= length) {
                return p - 0 > maxHeadBytes ? INVALID : HttpRequestParser.NEED_MORE;
            }
            if (b.getByte(p) == '\r') {
                if (b.getByte(p + 1) != '\n') {
                    return INVALID;
                }
                p += 2;
                break;
            }
            final int end = HttpRequestParser.findLineEnd(b, p, length, maxHeadBytes - p);
            if (end == -2 || end == -3) {
                return INVALID;
            }
            if (end < 0) {
                return HttpRequestParser.NEED_MORE;
            }
            if (response.headerCount == response.nameOffset.length) {
                return INVALID;
            }
            int colon = p;
            while (colon < end && Ascii.isTchar(b.getByte(colon))) {
                colon++;
            }
            if (colon == p || colon == end || b.getByte(colon) != ':') {
                return INVALID;
            }
            int vs = colon + 1;
            while (vs < end && (b.getByte(vs) == ' ' || b.getByte(vs) == '\t')) {
                vs++;
            }
            int ve = end;
            while (ve > vs && (b.getByte(ve - 1) == ' ' || b.getByte(ve - 1) == '\t')) {
                ve--;
            }
            final int h = response.headerCount++;
            response.nameOffset[h] = p;
            response.nameLength[h] = colon - p;
            response.valueOffset[h] = vs;
            response.valueLength[h] = ve - vs;
            final int nl = colon - p;
            if (Ascii.equalsIgnoreCase(b, p, nl, CONTENT_LENGTH)) {
                final long cl = Ascii.parseDecimal(b, vs, ve - vs);
                if (cl < 0 || response.contentLength >= 0) {
                    return INVALID;
                }
                response.contentLength = cl;
            } else if (Ascii.equalsIgnoreCase(b, p, nl, TRANSFER_ENCODING)) {
                if (!Ascii.equalsIgnoreCase(b, vs, ve - vs, CHUNKED)) {
                    return INVALID;
                }
                response.chunked = true;
            } else if (Ascii.equalsIgnoreCase(b, p, nl, CONNECTION)) {
                close |= Ascii.listContains(b, vs, ve - vs, CLOSE);
                keepAlive |= Ascii.listContains(b, vs, ve - vs, KEEP_ALIVE);
            }
            p = end + 2;
        }
        response.headLength = p;
        response.bodyOffset = p;
        response.keepAlive = !close && (minor == 1 || keepAlive);
        final int s = response.status;
        if (headRequest || s < 200 || s == 204 || s == 304) {
            return p; // RFC 9112 §6.3 rule 1: no body
        }
        if (response.chunked) {
            final int end = chunked.decode(b, p, length);
            if (end > 0) {
                response.bodyLength = chunked.decodedLength();
            }
            return end < 0 ? INVALID : end;
        }
        if (response.contentLength >= 0) {
            if (response.contentLength > maxBody) {
                return INVALID;
            }
            if (length - p < response.contentLength) {
                return HttpRequestParser.NEED_MORE;
            }
            response.bodyLength = (int) response.contentLength;
            return p + response.bodyLength;
        }
        // RFC 9112 §6.3 rule 8: the body runs to the close
        response.untilClose = true;
        response.keepAlive = false;
        return length - p > maxBody ? INVALID : HttpRequestParser.NEED_MORE;
    }

    /** On EOF: completes a response whose body runs to the close; else {@link #INVALID}. */
    public int parseAtClose(HttpResponse response, boolean headRequest) {
        final int r = parse(response, headRequest);
        if (r == HttpRequestParser.NEED_MORE && response.untilClose) {
            response.bodyLength = response.buffer.capacity() - response.bodyOffset;
            return response.buffer.capacity();
        }
        return r == HttpRequestParser.NEED_MORE ? INVALID : r;
    }
}

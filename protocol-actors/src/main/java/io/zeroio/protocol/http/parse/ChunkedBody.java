package io.zeroio.protocol.http.parse;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * The chunked transfer coding (RFC 9112 §7.1), decoded in place; shared by the request and the
 * response parsers. Results as in {@link HttpRequestParser}: end of the chunked body ({@code > 0}),
 * {@link HttpRequestParser#NEED_MORE}, or {@code -status}. One instance per parser, shard thread only.
 */
final class ChunkedBody {
    private final long maxBody;
    private final int maxChunkExtension;
    private final int maxHeaderBytes;
    private int decodedLength;

    ChunkedBody(long maxBody, int maxChunkExtension, int maxHeaderBytes) {
        this.maxBody = maxBody;
        this.maxChunkExtension = maxChunkExtension;
        this.maxHeaderBytes = maxHeaderBytes;
    }

    /** Decoded bytes of the last complete body (they start where the body started). */
    int decodedLength() {
        return decodedLength;
    }

    /**
     * The chunked body starting at {@code from} (RFC 9112 §7.1): first validated and measured
     * without writing; once complete, chunk data is moved left in place into one run.
     */
    int decode(UnsafeBuffer b, int from, int length) {
        int p = from;
        long total = 0;
        for (;;) {
            final int sizeStart = p;
            long size = 0;
            while (p < length) {
                final int d = hex(b.getByte(p));
                if (d < 0) {
                    break;
                }
                if (p - sizeStart >= 8) {
                    return -413; // more than 8 hex digits: beyond any max-body we allow
                }
                size = size << 4 | d;
                p++;
            }
            if (p >= length) {
                return HttpRequestParser.NEED_MORE;
            }
            if (p == sizeStart) {
                return -400; // no hex digits (e.g. "-1", "0x10", empty)
            }
            if (total + size > maxBody) {
                return -413;
            }
            // chunk-ext: *( BWS ";" BWS ext-name [ BWS "=" BWS ext-value ] ), skipped but bounded
            final int extStart = p;
            while (p < length && b.getByte(p) != '\r') {
                final int c = b.getByte(p) & 0xFF;
                if ((c < 0x20 && c != '\t') || c == 0x7F) {
                    return -400;
                }
                if (p - extStart >= maxChunkExtension) {
                    return -400;
                }
                p++;
            }
            if (p > extStart) {
                final byte e = b.getByte(extStart);
                if (e != ';' && e != ' ' && e != '\t') {
                    return -400;
                }
            }
            if (p + 1 >= length) {
                return HttpRequestParser.NEED_MORE;
            }
            if (b.getByte(p + 1) != '\n') {
                return -400;
            }
            p += 2;
            if (size == 0) {
                break;
            }
            if (length - p < size + 2) {
                return HttpRequestParser.NEED_MORE;
            }
            p += (int) size;
            if (b.getByte(p) != '\r' || b.getByte(p + 1) != '\n') {
                return -400;
            }
            p += 2;
            total += size;
        }
        // trailer-section CRLF: fields are skipped (not merged into the header table), but bounded and well-formed.
        final int trailerStart = p;
        for (;;) {
            if (p + 1 >= length) {
                return HttpRequestParser.NEED_MORE;
            }
            if (b.getByte(p) == '\r') {
                if (b.getByte(p + 1) != '\n') {
                    return -400;
                }
                p += 2;
                break;
            }
            final int end = HttpRequestParser.findLineEnd(b, p, length, maxHeaderBytes - (p - trailerStart) - 2);
            if (end == -2) {
                return -400;
            }
            if (end == -3) {
                return -431;
            }
            if (end < 0) {
                return HttpRequestParser.NEED_MORE;
            }
            int colon = p;
            while (colon < end && Ascii.isTchar(b.getByte(colon))) {
                colon++;
            }
            if (colon == p || colon == end || b.getByte(colon) != ':') {
                return -400;
            }
            p = end + 2;
        }
        // Complete: de-chunk in place. Regions may overlap; UnsafeBuffer.putBytes copies with
        // memmove semantics (Unsafe.copyMemory is conjoint), and the write index never passes the read index.
        int read = from;
        int write = from;
        for (;;) {
            long size = 0;
            int d;
            while ((d = hex(b.getByte(read))) >= 0) {
                size = size << 4 | d;
                read++;
            }
            while (b.getByte(read) != '\r') {
                read++;
            }
            read += 2;
            if (size == 0) {
                break;
            }
            if (write != read) {
                b.putBytes(write, b, read, (int) size);
            }
            write += (int) size;
            read += (int) size + 2;
        }
        decodedLength = (int) total;
        return p;
    }

    private static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}

package io.zeroio.protocol.http.parse;

import org.agrona.DirectBuffer;

/**
 * The chunked transfer coding (RFC 9112 §7.1) decoded incrementally, across receives, for a body
 * that is streamed: it never moves bytes, it reports where each run of chunk data lies in the
 * bytes it is given. Same rules as the in-place decoder: at most 8 hex digits, bounded extensions
 * and trailers, CRLF line ends, a total no larger than the limit. Shard thread only; reset per body.
 *
 * <pre>{@code
 * while (pos < end) {
 *     int r = dec.step(buf, pos, end);        // < 0: refuse with -r
 *     if (dec.dataLength() > 0) deliver(dec.dataOffset(), dec.dataLength());
 *     pos = r;  if (dec.isDone()) break;
 * }
 * }</pre>
 */
public final class ChunkedStreamDecoder {
    private static final int SIZE = 0;
    private static final int EXT = 1;
    private static final int SIZE_LF = 2;
    private static final int DATA = 3;
    private static final int DATA_CR = 4;
    private static final int DATA_LF = 5;
    private static final int TRAILER_START = 6;
    private static final int TRAILER_LINE = 7;
    private static final int END_LF = 8;
    private static final int DONE = 9;

    private final long maxBody;
    private final int maxChunkExtension;
    private final int maxTrailerBytes;
    private int state;
    private int digits;
    private long size;
    private long remaining;
    private long total;
    private int extBytes;
    private int trailerBytes;
    private int dataOffset;
    private int dataLength;
    private boolean cr;

    /** A decoder refusing bodies beyond {@code maxBody} (413) and longer extensions/trailers (400/431). */
    public ChunkedStreamDecoder(long maxBody, int maxChunkExtension, int maxTrailerBytes) {
        this.maxBody = maxBody;
        this.maxChunkExtension = maxChunkExtension;
        this.maxTrailerBytes = maxTrailerBytes;
    }

    /** Starts a new body. */
    public void reset() {
        state = SIZE;
        digits = 0;
        size = 0;
        total = 0;
        extBytes = 0;
        trailerBytes = 0;
        dataLength = 0;
    }

    /** Whether the last chunk and the trailer section were read. */
    public boolean isDone() {
        return state == DONE;
    }

    /** Decoded body bytes so far. */
    public long total() {
        return total;
    }

    /** Where the data run found by the last {@link #step} starts (valid when {@link #dataLength()} > 0). */
    public int dataOffset() {
        return dataOffset;
    }

    /** Length of the data run found by the last {@link #step} (0: none). */
    public int dataLength() {
        return dataLength;
    }

    /**
     * Reads from {@code from} up to {@code end}, stopping after one data run (or at the end of the
     * body, or of the bytes): returns the position reached, or {@code -status} (400, 413, 431).
     */
    public int step(DirectBuffer b, int from, int end) {
        dataLength = 0;
        int p = from;
        while (p < end) {
            final byte c = b.getByte(p);
            switch (state) {
                case SIZE -> {
                    final int d = hex(c);
                    if (d >= 0) {
                        if (++digits > 8) {
                            return -413;
                        }
                        size = size << 4 | d;
                        p++;
                    } else if (digits == 0) {
                        return -400;
                    } else if (c == '\r') {
                        state = SIZE_LF;
                        p++;
                    } else if (c == ';' || c == ' ' || c == '\t') {
                        state = EXT;
                        extBytes = 0;
                    } else {
                        return -400;
                    }
                    if (state != SIZE && total + size > maxBody) {
                        return -413;
                    }
                }
                case EXT -> {
                    if (c == '\r') {
                        state = SIZE_LF;
                    } else if (((c & 0xFF) < 0x20 && c != '\t') || c == 0x7F || ++extBytes > maxChunkExtension) {
                        return -400;
                    }
                    p++;
                }
                case SIZE_LF -> {
                    if (c != '\n') {
                        return -400;
                    }
                    p++;
                    if (size == 0) {
                        state = TRAILER_START;
                    } else {
                        state = DATA;
                        remaining = size;
                    }
                    digits = 0;
                    size = 0;
                }
                case DATA -> {
                    final int n = (int) Math.min(remaining, end - p);
                    dataOffset = p;
                    dataLength = n;
                    remaining -= n;
                    total += n;
                    p += n;
                    if (remaining == 0) {
                        state = DATA_CR;
                    }
                    return p;
                }
                case DATA_CR -> {
                    if (c != '\r') {
                        return -400;
                    }
                    state = DATA_LF;
                    p++;
                }
                case DATA_LF -> {
                    if (c != '\n') {
                        return -400;
                    }
                    state = SIZE;
                    p++;
                }
                case TRAILER_START -> {
                    if (c == '\r') {
                        state = END_LF;
                    } else {
                        state = TRAILER_LINE;
                        cr = false;
                    }
                    if (++trailerBytes > maxTrailerBytes) {
                        return -431;
                    }
                    p++;
                }
                case TRAILER_LINE -> {
                    if (++trailerBytes > maxTrailerBytes) {
                        return -431;
                    }
                    if (c == '\n') {
                        if (!cr) {
                            return -400; // bare LF
                        }
                        state = TRAILER_START;
                    }
                    cr = c == '\r';
                    p++;
                }
                case END_LF -> {
                    if (c != '\n') {
                        return -400;
                    }
                    state = DONE;
                    return p + 1;
                }
                default -> {
                    return p; // DONE: the rest belongs to the next request
                }
            }
        }
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

package io.zeroio.protocol.http.parse;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * Normalises a request's path in place, where the parser left it (RFC 3986 §6.2.2): percent-encoded
 * unreserved characters decoded ({@code %7E} → {@code ~}, hex digits of the others upper-cased),
 * repeated slashes collapsed, {@code .} and {@code ..} segments resolved (§5.2.4), optionally one
 * trailing slash removed. The result is never longer than the original, so it is written over it
 * and the request's offset table shrinks: {@link HttpRequestView#path()} and
 * {@link HttpRequestView#target()} (the query moves left behind the new path) then read the
 * normalised form, and a {@code Router} matches it. Allocation-free; shard thread.
 *
 * <p>The request's raw head bytes between the new end of the target and {@code HTTP/1.x} are left
 * stale (nothing reads them). Targets that are not paths ({@code *}, an authority) are left alone.
 */
public final class PathNormalizer {
    /** {@link #normalize}: the path was already normal, or was rewritten. */
    public static final int NORMAL = 0;
    /** {@link #normalize}: a trailing slash was removed (the rest may have changed too). */
    public static final int TRIMMED_SLASH = 1;
    /** {@link #normalize}: a {@code ..} would climb above the root; only the decoding was applied (refuse the request). */
    public static final int ESCAPES_ROOT = -1;

    private PathNormalizer() {
    }

    /**
     * Normalises {@code request}'s path in place.
     *
     * @param decodeUnreserved    decode {@code %XX} of unreserved characters (ALPHA DIGIT - . _ ~) first
     * @param trimTrailingSlash   remove a trailing slash (never the root's)
     * @return {@link #NORMAL}, {@link #TRIMMED_SLASH} or {@link #ESCAPES_ROOT}
     */
    public static int normalize(HttpRequestView request, boolean decodeUnreserved, boolean trimTrailingSlash) {
        final int pathLength = request.pathLength;
        final int start = request.targetOffset + request.targetLength - pathLength
            - (request.queryOffset < 0 ? 0 : request.queryLength + 1);
        final UnsafeBuffer b = request.buffer;
        if (pathLength == 0 || b.getByte(start) != '/') {
            return NORMAL;
        }
        int end = start + pathLength;
        if (decodeUnreserved) {
            end = decode(b, start, end);
        }
        // read-only check first: a path that climbs above the root is refused with only its decoding applied
        if (escapesRoot(b, start, end)) {
            commit(request, b, start, pathLength, end - start);
            return ESCAPES_ROOT;
        }
        int length = resolve(b, start, end);
        int result = NORMAL;
        if (trimTrailingSlash && length > 1 && b.getByte(start + length - 1) == '/') {
            length--;
            result = TRIMMED_SLASH;
        }
        commit(request, b, start, pathLength, length);
        return result;
    }

    /** Shrinks the offset table to a path of {@code length} bytes at {@code start}; the query moves left behind it. */
    private static void commit(HttpRequestView request, UnsafeBuffer b, int start, int pathLength, int length) {
        final int removed = pathLength - length;
        if (removed > 0) {
            if (request.queryOffset >= 0) {
                // '?' + query move left behind the new path (a leftward copy: Unsafe.copyMemory handles the overlap)
                b.putBytes(start + length, b, start + pathLength, request.queryLength + 1);
                request.queryOffset -= removed;
            }
            request.targetLength -= removed;
            request.pathLength = length;
        }
    }

    /** Decodes %XX of unreserved characters in [start, end) leftwards; returns the new end. */
    private static int decode(UnsafeBuffer b, int start, int end) {
        int w = start;
        for (int r = start; r < end; r++) {
            final byte c = b.getByte(r);
            if (c == '%' && r + 2 < end) {
                final int hi = hex(b.getByte(r + 1));
                final int lo = hex(b.getByte(r + 2));
                if (hi >= 0 && lo >= 0) {
                    final int v = hi << 4 | lo;
                    if (unreserved(v)) {
                        b.putByte(w++, (byte) v);
                    } else {
                        b.putByte(w++, (byte) '%');
                        b.putByte(w++, upper(b.getByte(r + 1)));
                        b.putByte(w++, upper(b.getByte(r + 2)));
                    }
                    r += 2;
                    continue;
                }
            }
            b.putByte(w++, c);
        }
        return w;
    }

    /** Whether a {@code ..} segment in [start, end) climbs above the root. Read-only. */
    private static boolean escapesRoot(UnsafeBuffer b, int start, int end) {
        int depth = 0;
        for (int r = start + 1; r < end;) {
            while (r < end && b.getByte(r) == '/') {
                r++;
            }
            if (r == end) {
                break;
            }
            int e = r;
            while (e < end && b.getByte(e) != '/') {
                e++;
            }
            if (isDotDot(b, r, e)) {
                if (depth == 0) {
                    return true;
                }
                depth--;
            } else if (!isDot(b, r, e)) {
                depth++;
            }
            r = e;
        }
        return false;
    }

    /**
     * Resolves dot segments and collapses slashes in [start, end) (which must not escape the root),
     * writing leftwards from start; returns the new length.
     */
    private static int resolve(UnsafeBuffer b, int start, int end) {
        // Invariant: [start, w) is the output so far and ends with '/', w <= r.
        int w = start + 1;
        for (int r = start + 1; r < end;) {
            while (r < end && b.getByte(r) == '/') {
                r++;
            }
            if (r == end) {
                break;
            }
            int e = r;
            while (e < end && b.getByte(e) != '/') {
                e++;
            }
            if (isDot(b, r, e)) {
                r = e;
                continue;
            }
            if (isDotDot(b, r, e)) {
                w--; // the '/' ending the previous segment
                while (b.getByte(w - 1) != '/') {
                    w--;
                }
                r = e;
                continue;
            }
            if (w != r) {
                b.putBytes(w, b, r, e - r);
            }
            w += e - r;
            if (e < end) {
                b.putByte(w++, (byte) '/');
            }
            r = e;
        }
        return w - start;
    }

    private static boolean isDot(UnsafeBuffer b, int r, int e) {
        return e - r == 1 && b.getByte(r) == '.';
    }

    private static boolean isDotDot(UnsafeBuffer b, int r, int e) {
        return e - r == 2 && b.getByte(r) == '.' && b.getByte(r + 1) == '.';
    }

    private static boolean unreserved(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
            || c == '~';
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

    private static byte upper(byte c) {
        return c >= 'a' && c <= 'f' ? (byte) (c - 32) : c;
    }
}

package io.zeroio.protocol.http.middleware;

import io.zeroio.protocol.http.parse.AsciiView;
import io.zeroio.protocol.http.parse.HttpRequest;
import io.zeroio.protocol.http.response.ZeroResponse;
import io.zeroio.protocol.http.server.HttpHandler;

/**
 * Request ids: a request's {@code X-Request-Id} (1-64 visible ASCII characters) is echoed on the
 * response; a request without a usable one gets a fresh id, {@code <prefix>-<counter in hex>},
 * formatted into a per-instance buffer (one instance per shard: it is shard-thread state). The
 * current id is readable by inner handlers through {@link #current()}.
 */
public final class RequestId implements Middleware {
    private static final String HEADER = "X-Request-Id";
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private final char[] generated;
    private final int prefixLength;
    private final Chars view;
    private long counter;
    private CharSequence current;
    private final AsciiView echoed = new AsciiView();

    /** Generates ids {@code prefix-<hex counter>}; use one instance per shard. */
    public RequestId(String prefix) {
        prefixLength = prefix.length() + 1;
        generated = new char[prefixLength + 16];
        prefix.getChars(0, prefix.length(), generated, 0);
        generated[prefix.length()] = '-';
        view = new Chars(generated);
    }

    /** The id of the request being handled (valid during the handler call). */
    public CharSequence current() {
        return current;
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        return (request, response) -> handle(request, response, next);
    }

    private void handle(HttpRequest request, ZeroResponse response, HttpHandler next) {
        final AsciiView sent = request.header(HEADER);
        if (sent != null && usable(sent)) {
            // A view of our own into the receive slot (valid for this request only): the request's
            // header() view is re-pointed by the next header() call of inner middleware or handlers.
            current = echoed.wrap(sent.buffer(), sent.offset(), sent.length());
        } else {
            long n = ++counter;
            int digits = 1;
            while ((n >>> (4 * digits)) != 0 && digits < 16) {
                digits++;
            }
            for (int i = digits - 1; i >= 0; i--) {
                generated[prefixLength + (digits - 1 - i)] = HEX[(int) (n >>> (4 * i)) & 0xF];
            }
            view.length = prefixLength + digits;
            current = view;
        }
        response.headerOnStatus(HEADER, current);
        next.handle(request, response);
    }

    private static boolean usable(AsciiView v) {
        if (v.length() == 0 || v.length() > 64) {
            return false;
        }
        for (int i = 0; i < v.length(); i++) {
            final int c = v.byteAt(i) & 0xFF;
            if (c < 0x21 || c > 0x7E) {
                return false;
            }
        }
        return true;
    }

    /** A CharSequence over the reused char buffer. */
    private static final class Chars implements CharSequence {
        private final char[] chars;
        int length;

        Chars(char[] chars) {
            this.chars = chars;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            if (index >= length) {
                throw new IndexOutOfBoundsException(index);
            }
            return chars[index];
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return toString().substring(start, end);
        }

        @Override
        public String toString() {
            return new String(chars, 0, length);
        }
    }
}

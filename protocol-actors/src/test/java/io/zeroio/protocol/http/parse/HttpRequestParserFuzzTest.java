package io.zeroio.protocol.http.parse;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.zeroio.protocol.http.limits.HttpServerConfig;

/**
 * Mutation fuzzing of the request parser (fixed seed, 300 000 inputs): valid requests with bytes
 * flipped, inserted, deleted, duplicated and truncated. Each input sits in a heap buffer of exactly
 * its length with Agrona's bounds checks on, so any read outside it throws. The parser must return
 * a result in range and throw nothing (only {@link HttpParseException} from {@code parseOrThrow}),
 * and a result {@code > 0} must lie within the input with the offset table inside it too.
 */
@Timeout(120)
class HttpRequestParserFuzzTest {
    private static final String[] SEEDS = {
        "GET /plaintext HTTP/1.1\r\nHost: localhost\r\nAccept: */*\r\n\r\n",
        "POST /echo?x=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\nConnection: close\r\n\r\nhello world",
        "PUT /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5;a=b\r\nhello\r\nA\r\n0123456789\r\n0\r\nT: v\r\n\r\n",
        "HEAD / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n",
        "OPTIONS * HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 0\r\n\r\n",
        "GET http://a.b:8080/x/y?z HTTP/1.1\r\nHost: a.b\r\n\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n",
    };
    private static final byte[] INTERESTING = "\r\n :;-0123456789abcdefABCDEF\t\u0000\u007f\u00ff/?*%,".getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void parserNeverThrowsNorReadsOutOfBounds() {
        final HttpServerConfig config = HttpServerConfig.builder().maxRequestLineBytes(128).maxHeaderBytes(256)
            .maxHeaders(6).maxBodyBytes(64).maxChunkExtensionBytes(8).build();
        final HttpRequestParser parser = new HttpRequestParser(config);
        final HttpRequest request = new HttpRequest(config.maxHeaders());
        final SplittableRandom random = new SplittableRandom(0x5EEDL);
        int accepted = 0;
        int refused = 0;
        int needMore = 0;
        for (int iteration = 0; iteration < 300_000; iteration++) {
            final byte[] input = mutate(SEEDS[random.nextInt(SEEDS.length)].getBytes(StandardCharsets.ISO_8859_1), random);
            final UnsafeBuffer buffer = new UnsafeBuffer(input); // bounds-checked: a stray read throws
            request.wrap(buffer, 0, input.length);
            final int r;
            try {
                r = parser.parse(request);
            } catch (RuntimeException e) {
                throw new AssertionError("parser threw on input " + escape(input), e);
            }
            if (r > 0) {
                accepted++;
                assertTrue(r <= input.length, "consumed beyond the input");
                assertTrue(request.headLength() <= r && request.bodyOffset() + request.bodyLength() <= r);
                for (int h = 0; h < request.headerCount(); h++) {
                    final AsciiView name = request.headerName(h);
                    final AsciiView value = request.headerValue(h);
                    assertTrue(name.offset() >= 0 && name.offset() + name.length() <= request.headLength());
                    assertTrue(value.offset() >= 0 && value.offset() + value.length() <= request.headLength());
                }
                request.path().toString();
                request.query().toString();
            } else if (r == 0) {
                needMore++;
            } else {
                refused++;
                final int status = -r;
                if (status != 400 && status != 413 && status != 414 && status != 417 && status != 431
                    && status != 501 && status != 505) {
                    fail("unexpected status " + status + " for " + escape(input));
                }
                request.wrap(buffer, 0, input.length);
                try {
                    parser.parseOrThrow(request);
                    fail("parseOrThrow accepted what parse refused");
                } catch (HttpParseException expected) {
                    // the one exception allowed
                }
            }
        }
        // the corpus exercises all three outcomes
        assertTrue(accepted > 1000 && refused > 1000 && needMore > 1000,
            "accepted " + accepted + ", refused " + refused + ", need more " + needMore);
    }

    private static byte[] mutate(byte[] seed, SplittableRandom random) {
        byte[] b = seed;
        final int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && b.length > 0; e++) {
            final int at = random.nextInt(b.length);
            switch (random.nextInt(6)) {
                case 0 -> b[at] = (byte) random.nextInt(256);
                case 1 -> b[at] = INTERESTING[random.nextInt(INTERESTING.length)];
                case 2 -> { // insert
                    final byte[] n = new byte[b.length + 1];
                    System.arraycopy(b, 0, n, 0, at);
                    n[at] = INTERESTING[random.nextInt(INTERESTING.length)];
                    System.arraycopy(b, at, n, at + 1, b.length - at);
                    b = n;
                }
                case 3 -> { // delete
                    final byte[] n = new byte[b.length - 1];
                    System.arraycopy(b, 0, n, 0, at);
                    System.arraycopy(b, at + 1, n, at, b.length - at - 1);
                    b = n;
                }
                case 4 -> { // duplicate a run (long lines, repeated headers)
                    final int len = Math.min(b.length - at, 1 + random.nextInt(40));
                    final int times = 1 + random.nextInt(8);
                    final byte[] n = new byte[b.length + len * times];
                    System.arraycopy(b, 0, n, 0, at + len);
                    for (int t = 0; t < times; t++) {
                        System.arraycopy(b, at, n, at + len * (t + 1), len);
                    }
                    System.arraycopy(b, at + len, n, at + len * (times + 1), b.length - at - len);
                    b = n;
                }
                default -> b = java.util.Arrays.copyOf(b, at); // truncate
            }
        }
        return b;
    }

    private static String escape(byte[] input) {
        final StringBuilder s = new StringBuilder();
        for (byte x : input) {
            final int c = x & 0xFF;
            s.append(c >= 0x20 && c < 0x7F ? String.valueOf((char) c) : String.format("\\x%02x", c));
        }
        return s.toString();
    }
}

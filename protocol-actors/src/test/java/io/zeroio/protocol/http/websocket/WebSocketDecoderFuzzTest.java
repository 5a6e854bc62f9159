package io.zeroio.protocol.http.websocket;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Mutation fuzzing of the frame decoder (fixed seed, 200 000 streams): streams of valid masked
 * frames (text with multi-byte UTF-8, binary, fragments, pings, closes) with bytes flipped,
 * inserted, deleted and truncated, each in an exactly-sized bounds-checked buffer. The decoder must
 * never throw, every result must be a frame inside the input, {@code NEED_MORE}, or 1002/1007/1009.
 */
@Timeout(120)
class WebSocketDecoderFuzzTest {
    @Test
    void decoderNeverThrowsNorReadsOutOfBounds() {
        final SplittableRandom random = new SplittableRandom(0xF00DL);
        final WebSocketFrame frame = new WebSocketFrame();
        int frames = 0;
        int errors = 0;
        int needMore = 0;
        for (int iteration = 0; iteration < 200_000; iteration++) {
            final byte[] input = mutate(validStream(random), random);
            final UnsafeBuffer buffer = new UnsafeBuffer(input);
            final WebSocketFrameDecoder decoder = new WebSocketFrameDecoder(true, 300, 600);
            int at = 0;
            while (at < input.length) {
                final int r;
                try {
                    r = decoder.decode(buffer, at, input.length - at, frame);
                } catch (RuntimeException e) {
                    throw new AssertionError("decoder threw at " + at + " on " + Arrays.toString(input), e);
                }
                if (r > 0) {
                    frames++;
                    assertTrue(at + r <= input.length, "frame beyond the input");
                    assertTrue(frame.payloadOffset() >= at && frame.payloadOffset() + frame.payloadLength() <= at + r);
                    at += r;
                } else if (r == 0) {
                    needMore++;
                    break;
                } else {
                    if (r != -1002 && r != -1007 && r != -1009) {
                        fail("unexpected result " + r);
                    }
                    errors++;
                    break;
                }
            }
        }
        assertTrue(frames > 10_000 && errors > 10_000 && needMore > 10_000,
            "frames " + frames + ", errors " + errors + ", need more " + needMore);
    }

    private static byte[] validStream(SplittableRandom random) {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[4096]);
        int at = 0;
        final int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            final int kind = random.nextInt(5);
            final int key = random.nextInt();
            switch (kind) {
                case 0 -> at += WebSocketFrameEncoder.writeFrame(out, at, WebSocketFrame.TEXT, true, utf8(random), 0,
                    utf8Length, true, key);
                case 1 -> {
                    final byte[] p = new byte[random.nextInt(280)];
                    random.nextBytes(p);
                    at += WebSocketFrameEncoder.writeFrame(out, at, WebSocketFrame.BINARY, true, new UnsafeBuffer(p), 0,
                        p.length, true, key);
                }
                case 2 -> { // fragmented text with a ping in between
                    at += WebSocketFrameEncoder.writeFrame(out, at, WebSocketFrame.TEXT, false, utf8(random), 0, utf8Length,
                        true, key);
                    at += WebSocketFrameEncoder.writeFrame(out, at, WebSocketFrame.PING, true, new UnsafeBuffer(new byte[3]), 0,
                        3, true, key);
                    at += WebSocketFrameEncoder.writeFrame(out, at, WebSocketFrame.CONTINUATION, true, utf8(random), 0,
                        utf8Length, true, key);
                }
                case 3 -> at += WebSocketFrameEncoder.writeClose(out, at, 1000 + random.nextInt(3), "bye", true, key);
                default -> at += WebSocketFrameEncoder.writeFrame(out, at, WebSocketFrame.PONG, true,
                    new UnsafeBuffer(new byte[0]), 0, 0, true, key);
            }
        }
        final byte[] a = new byte[at];
        out.getBytes(0, a);
        return a;
    }

    private static int utf8Length;

    private static UnsafeBuffer utf8(SplittableRandom random) {
        final StringBuilder s = new StringBuilder();
        final String[] pieces = {"a", "é", "€", "😀", "z", " "};
        final int n = random.nextInt(40);
        for (int i = 0; i < n; i++) {
            s.append(pieces[random.nextInt(pieces.length)]);
        }
        final byte[] b = s.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        utf8Length = b.length;
        return new UnsafeBuffer(b);
    }

    private static byte[] mutate(byte[] seed, SplittableRandom random) {
        byte[] b = seed;
        final int edits = random.nextInt(4);
        for (int e = 0; e < edits && b.length > 0; e++) {
            final int at = random.nextInt(b.length);
            switch (random.nextInt(4)) {
                case 0 -> b[at] = (byte) random.nextInt(256);
                case 1 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 2 -> {
                    final byte[] n = new byte[b.length - 1];
                    System.arraycopy(b, 0, n, 0, at);
                    System.arraycopy(b, at + 1, n, at, b.length - at - 1);
                    b = n;
                }
                default -> b = Arrays.copyOf(b, at);
            }
        }
        return b;
    }
}

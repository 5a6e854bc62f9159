package io.zeroio.protocol.http.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.zeroio.protocol.http.websocket.deflate.PerMessageDeflate;
import io.zeroio.protocol.http.websocket.deflate.PerMessageDeflateConfig;
import io.zeroio.protocol.http.websocket.deflate.PerMessageDeflateNegotiation;
import io.zeroio.runtime.pool.HugePages;
import io.zeroio.runtime.pool.PoolTier;
import io.zeroio.runtime.pool.Pools;

/**
 * Bounded mutation fuzzing (fixed seeds, a few seconds) of the client side and of permessage-deflate:
 * the decoder in client mode (unmasked server frames, RSV1 when compression was negotiated) and the
 * inflater on mutated compressed payloads. Nothing may throw; results stay inside the input / the
 * destination capacity; an unmutated payload round-trips exactly.
 */
@Timeout(120)
class ClientAndDeflateFuzzTest {
    @Test
    void clientModeDecoderNeverThrowsNorReadsOutOfBounds() {
        final SplittableRandom random = new SplittableRandom(0xC11E47L);
        final WebSocketFrame frame = new WebSocketFrame();
        int frames = 0;
        int compressed = 0;
        int errors = 0;
        int needMore = 0;
        for (int iteration = 0; iteration < 100_000; iteration++) {
            final boolean compression = random.nextBoolean();
            final byte[] input = mutate(serverStream(random, compression), random);
            final UnsafeBuffer buffer = new UnsafeBuffer(input);
            final WebSocketFrameDecoder decoder = new WebSocketFrameDecoder(false, 300, 600);
            decoder.compression(compression);
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
                    if (frame.compressed()) {
                        compressed++;
                        assertTrue(compression && !frame.isControl(), "RSV1 accepted without compression or on a control frame");
                    }
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
        assertTrue(frames > 10_000 && compressed > 1_000 && errors > 10_000 && needMore > 5_000,
            "frames " + frames + ", compressed " + compressed + ", errors " + errors + ", need more " + needMore);
    }

    /** Unmasked frames as a server sends them; with compression some messages carry RSV1. */
    private static byte[] serverStream(SplittableRandom random, boolean compression) {
        final UnsafeBuffer out = new UnsafeBuffer(new byte[4096]);
        int at = 0;
        final int count = 1 + random.nextInt(4);
        for (int i = 0; i < count; i++) {
            final byte[] p = new byte[random.nextInt(280)];
            random.nextBytes(p);
            switch (random.nextInt(4)) {
                case 0 -> {
                    final byte[] t = "héllo wörld 😀".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                    at += WebSocketFrameEncoder.writeFrame(out, at, WebSocketFrame.TEXT, true, new UnsafeBuffer(t), 0, t.length,
                        false, 0);
                }
                case 1 -> { // a "compressed" binary message in two fragments with a ping between
                    final boolean rsv1 = compression && random.nextBoolean();
                    final int h = WebSocketFrameEncoder.writeHeader(out, at, WebSocketFrame.BINARY, false, rsv1, p.length / 2,
                        false, 0);
                    out.putBytes(at + h, p, 0, p.length / 2);
                    at += h + p.length / 2;
                    at += WebSocketFrameEncoder.writeFrame(out, at, WebSocketFrame.PING, true, new UnsafeBuffer(new byte[2]), 0,
                        2, false, 0);
                    at += WebSocketFrameEncoder.writeFrame(out, at, WebSocketFrame.CONTINUATION, true, new UnsafeBuffer(p),
                        p.length / 2, p.length - p.length / 2, false, 0);
                }
                case 2 -> {
                    final int h = WebSocketFrameEncoder.writeHeader(out, at, WebSocketFrame.TEXT, true, compression, p.length,
                        false, 0);
                    out.putBytes(at + h, p);
                    at += h + p.length;
                }
                default -> at += WebSocketFrameEncoder.writeClose(out, at, 1000 + random.nextInt(3), "bye", false, 0);
            }
        }
        final byte[] a = new byte[at];
        out.getBytes(0, a);
        return a;
    }

    @Test
    void inflaterNeverThrowsAndStaysWithinItsDestination() {
        final SplittableRandom random = new SplittableRandom(0xDEF1A7EL);
        try (Pools pools = new Pools(List.of(new PoolTier(65536, 4)), HugePages.OFF);
             PerMessageDeflate codec = new PerMessageDeflate(pools, PerMessageDeflateConfig.enabledDefaults())) {
            final long src = pools.tier(0).address(pools.tier(0).acquire());
            final long dst = pools.tier(0).address(pools.tier(0).acquire());
            final UnsafeBuffer srcView = new UnsafeBuffer(src, 65536);
            final UnsafeBuffer dstView = new UnsafeBuffer(dst, 65536);
            final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            int exact = 0;
            int tooBig = 0;
            int corrupt = 0;
            for (int iteration = 0; iteration < 10_000; iteration++) {
                final byte[] message = message(random);
                deflater.reset();
                deflater.setInput(message);
                final byte[] z = new byte[message.length + 64];
                final int zn = deflater.deflate(z, 0, z.length, Deflater.SYNC_FLUSH) - 4;
                final boolean mutated = random.nextInt(3) == 0;
                final byte[] payload = mutated ? mutate(Arrays.copyOf(z, zn), random) : Arrays.copyOf(z, zn);
                srcView.putBytes(0, payload);
                final int capacity = 1 + random.nextInt(random.nextBoolean() ? 20_000 : 65535);
                codec.start(PerMessageDeflateNegotiation.AGREED | PerMessageDeflateNegotiation.CLIENT_NO_CONTEXT_TAKEOVER
                    | PerMessageDeflateNegotiation.SERVER_NO_CONTEXT_TAKEOVER, true);
                final int split = payload.length == 0 ? 0 : random.nextInt(payload.length + 1); // two fragments
                int n;
                try {
                    n = codec.inflate(src, split, false, dst, 0, capacity);
                    if (n >= 0) {
                        n = codec.inflate(src + split, payload.length - split, true, dst, n, capacity);
                    }
                } catch (RuntimeException e) {
                    throw new AssertionError("inflate threw on " + Arrays.toString(payload), e);
                }
                if (n >= 0) {
                    assertTrue(n < capacity, "inflated " + n + " into " + capacity);
                    if (!mutated) {
                        final byte[] back = new byte[n];
                        dstView.getBytes(0, back);
                        assertArrayEquals(message, back, "round trip");
                        exact++;
                    }
                } else if (n == -1009) {
                    tooBig++;
                    assertTrue(mutated || message.length >= capacity, "1009 for " + message.length + " into " + capacity);
                } else if (n == -1007) {
                    corrupt++;
                    assertTrue(mutated, "1007 for an intact payload");
                } else {
                    fail("unexpected result " + n);
                }
            }
            deflater.end();
            assertTrue(exact > 3_000 && tooBig > 500 && corrupt > 100,
                "exact " + exact + ", too big " + tooBig + ", corrupt " + corrupt);
        }
    }

    @Test
    void compressorRoundTripsThroughTheJdkInflater() throws Exception {
        final SplittableRandom random = new SplittableRandom(0xC0FFEEL);
        try (Pools pools = new Pools(List.of(new PoolTier(65536, 4)), HugePages.OFF);
             PerMessageDeflate codec = new PerMessageDeflate(pools, new PerMessageDeflateConfig(true, false, false, -1, 0))) {
            final long src = pools.tier(0).address(pools.tier(0).acquire());
            final long dst = pools.tier(0).address(pools.tier(0).acquire());
            final UnsafeBuffer srcView = new UnsafeBuffer(src, 65536);
            final UnsafeBuffer dstView = new UnsafeBuffer(dst, 65536);
            codec.start(PerMessageDeflateNegotiation.AGREED, true); // context takeover: one stream over all messages
            final Inflater inflater = new Inflater(true);
            for (int iteration = 0; iteration < 5_000; iteration++) {
                final byte[] message = message(random);
                srcView.putBytes(0, message);
                final int n = codec.compress(src, message.length, dst, 65536);
                assertTrue(n >= 0 || message.length == 0, "compressed " + message.length + " bytes");
                if (n < 0) {
                    continue; // an empty message is sent uncompressed
                }
                final byte[] z = new byte[n + 4];
                dstView.getBytes(0, z, 0, n);
                z[n + 2] = (byte) 0xFF;
                z[n + 3] = (byte) 0xFF;
                inflater.setInput(z);
                final byte[] back = new byte[message.length + 1];
                final int m = inflater.inflate(back);
                assertEquals(message.length, m);
                assertArrayEquals(message, Arrays.copyOf(back, m));
            }
            inflater.end();
        }
    }

    private static byte[] message(SplittableRandom random) {
        final int n = random.nextInt(random.nextBoolean() ? 200 : 20_000);
        final byte[] b = new byte[n];
        if (random.nextBoolean()) {
            random.nextBytes(b);
        } else {
            final byte[] words = "abc shard slot ring pool zero ".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (int i = 0; i < n; i++) {
                b[i] = words[random.nextInt(words.length)];
            }
        }
        return b;
    }

    private static byte[] mutate(byte[] seed, SplittableRandom random) {
        byte[] b = seed;
        final int edits = 1 + random.nextInt(4);
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

package io.zeroio.protocol.http.middleware;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.zeroio.protocol.http.response.BodyEncoder;

/**
 * The encoders {@link ZeroCompressionLayer} lends to the threads that write deferred responses: many
 * threads borrowing at once never hold the same encoder (so never the same {@code Deflater}) at the
 * same time, never get a shard thread's own encoder, and every body they compress decodes to itself.
 */
@Timeout(60)
class DeferredCompressionLendingTest {
    private static final int THREADS = 8;
    private static final int ROUNDS = 600;

    @Test
    void concurrentBorrowersNeverShareAnEncoderAndEveryBodyRoundTrips() throws Exception {
        final ZeroCompressionLayer layer = ZeroCompressionLayer.defaults();
        final BodyEncoder shardsOwn = layer.threadEncoder(); // this thread plays a shard that compressed inline
        final BodyEncoder.Lender gzip = layer.deferredLender("gzip");
        final BodyEncoder.Lender deflate = layer.deferredLender("deflate");
        assertSame(gzip, layer.deferredLender("gzip"), "one shared lender per coding: nothing allocated per request");
        final Set<BodyEncoder> inUse = ConcurrentHashMap.newKeySet();
        final Set<BodyEncoder> seen = ConcurrentHashMap.newKeySet();
        final AtomicInteger overlaps = new AtomicInteger();
        final CountDownLatch go = new CountDownLatch(1);
        final List<Future<Integer>> results = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(THREADS)) {
            for (int t = 0; t < THREADS; t++) {
                final int seed = t;
                results.add(pool.submit(() -> {
                    go.await();
                    final SplittableRandom random = new SplittableRandom(seed);
                    int compressed = 0;
                    for (int r = 0; r < ROUNDS; r++) {
                        final boolean useGzip = random.nextBoolean();
                        final byte[] body = body(random);
                        final BodyEncoder e = (useGzip ? gzip : deflate).borrow();
                        if (!inUse.add(e)) {
                            overlaps.incrementAndGet(); // another thread holds it right now
                        }
                        seen.add(e);
                        try {
                            assertEquals(BodyEncoder.ENCODE, e.decide(200, "text/plain", false, body.length));
                            final int n = e.encode(new UnsafeBuffer(body), 0, body.length);
                            assertTrue(n > 0 && n < body.length, "compressed " + body.length + " to " + n);
                            final byte[] out = new byte[n];
                            e.output().getBytes(0, out);
                            assertEquals(useGzip ? "gzip" : "deflate", e.contentEncoding().toString());
                            assertArrayEquals(body, useGzip ? gunzip(out) : inflate(out));
                            compressed++;
                        } finally {
                            inUse.remove(e);
                            (useGzip ? gzip : deflate).giveBack(e);
                        }
                    }
                    return compressed;
                }));
            }
            go.countDown();
            int total = 0;
            for (Future<Integer> f : results) {
                total += f.get(50, TimeUnit.SECONDS);
            }
            assertEquals(THREADS * ROUNDS, total);
        }
        assertEquals(0, overlaps.get(), "no encoder (and so no Deflater) was used by two threads at once");
        assertTrue(!seen.contains(shardsOwn), "a shard thread's own encoder is never lent");
        assertTrue(layer.spareEncoders() >= 1, "given-back encoders are kept for the next deferred body");
        // (more borrowers at once than the pool keeps: the extra encoders were ended, their counts kept)
        assertEquals((long) THREADS * ROUNDS, layer.compressedResponses(), "the counters see every lent compression ("
            + seen.size() + " encoders lent)");
        // a client accepting no coding: the lent encoder never compresses but keeps the Vary rule
        final BodyEncoder.Lender none = layer.deferredLender("identity");
        final BodyEncoder plain = none.borrow();
        assertNotSame(shardsOwn, plain);
        assertEquals(BodyEncoder.PLAIN_VARY, plain.decide(200, "text/plain", false, 5000));
        assertEquals(BodyEncoder.PLAIN, plain.decide(200, "image/png", false, 5000));
        none.giveBack(plain);
    }

    /** 1.5-20 KB of compressible text with random words. */
    private static byte[] body(SplittableRandom random) {
        final StringBuilder b = new StringBuilder();
        final int target = 1500 + random.nextInt(18_500);
        while (b.length() < target) {
            b.append("word").append(random.nextInt(50)).append(' ');
        }
        return b.toString().getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    }

    private static byte[] gunzip(byte[] b) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
            return in.readAllBytes();
        }
    }

    private static byte[] inflate(byte[] b) throws IOException {
        try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(b))) {
            return in.readAllBytes();
        }
    }
}

package io.zeroio.runtime.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Many threads on one pool: 4 threads × 1 000 000 acquire/release. Ownership is checked outside the
 * pool (a per-slot owner marker taken by CAS, and the owner's id written into the slot's memory and
 * read back before release), so a slot handed to two threads at once is caught the moment it happens.
 */
@Timeout(120)
class SlotPoolConcurrencyTest {
    private static final int THREADS = 4;
    private static final int OPS = 1_000_000;

    @Test
    void fourThreadsMillionAcquireReleaseLoseAndDuplicateNothing() throws Exception {
        final int slots = 16;
        try (SlotPool pool = new SlotPool(0, 64, slots, HugePages.OFF)) {
            final Result r = hammer(pool, 2);
            assertEquals(null, r.failure.get(), "a thread failed");
            assertEquals(0, r.duplicates.get(), "slots handed to two owners at once");
            assertEquals((long) THREADS * OPS, r.acquired.get() , "every operation eventually got a slot");
            assertEquals(0, pool.inUse(), "inUse after all releases");
            SlotPoolTest.assertWhole(pool); // every slot acquirable exactly once afterwards, then NONE
            assertTrue(pool.peak() >= THREADS, "peak saw the threads' concurrent leases");
        }
    }

    /**
     * Regression: {@code inUse()} (and therefore {@code peak()} and the shard's cascade report) must never
     * exceed the capacity. {@code SlotPool.release} used to push the slot onto the free stack <em>before</em>
     * decrementing {@code inUse}, so another thread could pop it and increment first; it now counts
     * down before the push. With the pool full,
     * {@code inUse} read capacity + 1, and {@code Io.afterCycle} passed that to
     * {@code BackpressureCascade.update(FREE_STACK, inUse, capacity)}, whose {@code PoolUsage.report}
     * threw IllegalArgumentException ("used ... must be in [0, capacity]") out of {@code poll()}.
     */
    @Test
    void inUseNeverExceedsCapacity() throws Exception {
        final int slots = 4;
        try (SlotPool pool = new SlotPool(0, 64, slots, HugePages.OFF)) {
            final AtomicLong maxSeen = new AtomicLong();
            final Thread watcher = Thread.ofPlatform().daemon().start(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    final long u = pool.inUse();
                    if (u > maxSeen.get()) {
                        maxSeen.set(u);
                    }
                }
            });
            final Result r = hammer(pool, 2); // 4 threads want 2 slots each from 4: the pool runs empty
            watcher.interrupt();
            watcher.join();
            assertEquals(null, r.failure.get());
            assertTrue(pool.peak() <= slots, "peak " + pool.peak() + " exceeds capacity " + slots);
            assertTrue(maxSeen.get() <= slots, "inUse() read " + maxSeen.get() + " with capacity " + slots);
        }
    }

    static final class Result {
        final AtomicLong acquired = new AtomicLong();
        final AtomicLong duplicates = new AtomicLong();
        final AtomicReference<Throwable> failure = new AtomicReference<>();
    }

    /**
     * THREADS threads, each doing OPS acquisitions, holding up to {@code hold} slots at once (so the
     * free stack sees pops and pushes of different slots interleaved, the ABA pattern). NONE is
     * retried (counted as a spin), so every operation ends with a slot.
     */
    static Result hammer(SlotPool pool, int hold) throws InterruptedException {
        final Result r = new Result();
        final AtomicIntegerArray owner = new AtomicIntegerArray(pool.capacity());
        final CountDownLatch start = new CountDownLatch(1);
        final List<Thread> threads = new ArrayList<>();
        for (int t = 1; t <= THREADS; t++) {
            final int me = t;
            threads.add(Thread.ofPlatform().name("pool-hammer-" + t).start(() -> {
                final long[] held = new long[hold];
                try {
                    start.await();
                    int n = 0;
                    int done = 0;
                    while (done < OPS) {
                        final long h = pool.acquire();
                        if (h == SlotHandle.NONE) {
                            if (n > 0) {
                                n = releaseOne(pool, owner, held, n, me, r);
                            }
                            Thread.onSpinWait();
                            continue;
                        }
                        final int slot = SlotHandle.slot(h);
                        if (!owner.compareAndSet(slot, 0, me)) {
                            r.duplicates.incrementAndGet();
                            throw new AssertionError("slot " + slot + " handed to thread " + me
                                + " while thread " + owner.get(slot) + " holds it");
                        }
                        final org.agrona.concurrent.UnsafeBuffer mem = new org.agrona.concurrent.UnsafeBuffer(pool.address(h), 8);
                        mem.putLongVolatile(0, ((long) me << 32) | done);
                        held[n++] = h;
                        done++;
                        r.acquired.incrementAndGet();
                        if (n == hold) {
                            n = releaseOne(pool, owner, held, n, me, r);
                        }
                    }
                    while (n > 0) {
                        n = releaseOne(pool, owner, held, n, me, r);
                    }
                } catch (Throwable e) {
                    r.failure.compareAndSet(null, e);
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            t.join();
        }
        return r;
    }

    /** Releases the oldest held slot after checking nobody else wrote it. */
    private static int releaseOne(SlotPool pool, AtomicIntegerArray owner, long[] held, int n, int me, Result r) {
        final long h = held[0];
        System.arraycopy(held, 1, held, 0, n - 1);
        final org.agrona.concurrent.UnsafeBuffer mem = new org.agrona.concurrent.UnsafeBuffer(pool.address(h), 8);
        if ((int) (mem.getLongVolatile(0) >>> 32) != me) {
            r.duplicates.incrementAndGet();
            throw new AssertionError("slot " + SlotHandle.slot(h) + " was written by another thread while thread " + me + " held it");
        }
        owner.set(SlotHandle.slot(h), 0);
        if (!pool.release(h)) {
            throw new AssertionError("release of a single-reference lease did not free it");
        }
        return n - 1;
    }
}

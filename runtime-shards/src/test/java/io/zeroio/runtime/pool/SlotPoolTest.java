package io.zeroio.runtime.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Single-threaded contract of one pool tier: exhaustion, release, generations, refcounts, stats. */
@Timeout(10)
class SlotPoolTest {
    private static final int SLOTS = 8;
    private final SlotPool pool = new SlotPool(0, 256, SLOTS, HugePages.OFF);

    @AfterEach
    void close() {
        pool.close();
    }

    /** Every slot acquirable exactly once (distinct indexes, all live), then NONE; all given back. */
    static void assertWhole(SlotPool pool) {
        assertEquals(0, pool.inUse(), "slots in use");
        final long[] all = new long[pool.capacity()];
        final Set<Integer> slots = new HashSet<>();
        for (int i = 0; i < all.length; i++) {
            all[i] = pool.acquire();
            assertNotEquals(SlotHandle.NONE, all[i], "slot " + i + " of " + all.length + " is missing");
            assertTrue(slots.add(SlotHandle.slot(all[i])), "slot " + SlotHandle.slot(all[i]) + " handed out twice");
            assertTrue(pool.isLive(all[i]));
            assertEquals(1, pool.refCount(all[i]));
        }
        assertEquals(SlotHandle.NONE, pool.acquire(), "more slots than capacity: one sits on the free stack twice");
        for (long h : all) {
            assertTrue(pool.release(h));
        }
        assertEquals(0, pool.inUse());
    }

    @Test
    void acquireUntilExhaustedThenNone() {
        final Set<Integer> slots = new HashSet<>();
        for (int i = 0; i < SLOTS; i++) {
            final long h = pool.acquire();
            assertNotEquals(SlotHandle.NONE, h);
            assertEquals(0, SlotHandle.tier(h));
            assertEquals(1, SlotHandle.generation(h), "fresh slots start at generation 1");
            assertTrue(slots.add(SlotHandle.slot(h)));
            final long address = pool.address(h);
            assertEquals(pool.slotAddress(SlotHandle.slot(h)), address);
            assertTrue(address >= pool.region().address()
                && address + pool.slotSize() <= pool.region().address() + pool.region().byteSize(), "slot inside the region");
        }
        assertEquals(SlotHandle.NONE, pool.acquire());
        assertEquals(SlotHandle.NONE, pool.acquire(), "still exhausted, no state change");
        assertNull(pool.acquireSendBuffer());
        assertEquals(SLOTS, pool.inUse());
        assertEquals(SLOTS, pool.peak());
    }

    @Test
    void releaseReturnsSlots() {
        final long[] hs = new long[SLOTS];
        for (int i = 0; i < SLOTS; i++) {
            hs[i] = pool.acquire();
        }
        assertTrue(pool.release(hs[3]));
        assertEquals(SLOTS - 1, pool.inUse());
        final long again = pool.acquire();
        assertEquals(SlotHandle.slot(hs[3]), SlotHandle.slot(again), "the freed slot is the one handed out next");
        assertEquals(2, SlotHandle.generation(again), "reuse moves the generation on");
        assertEquals(SlotHandle.NONE, pool.acquire());
        for (int i = 0; i < SLOTS; i++) {
            pool.release(i == 3 ? again : hs[i]);
        }
        assertWhole(pool);
    }

    @Test
    void useAfterReleaseThrowsAndLeavesPoolConsistent() {
        final long h = pool.acquire();
        final long other = pool.acquire();
        assertTrue(pool.release(h));
        final SlotStateException e = assertThrows(SlotStateException.class, () -> pool.address(h));
        assertTrue(e.getMessage().contains(SlotHandle.toString(h)), e.getMessage());
        assertTrue(e.getMessage().contains("never used after release"), e.getMessage());
        assertThrows(SlotStateException.class, () -> pool.retain(h));
        assertThrows(SlotStateException.class, () -> pool.sendBuffer(h));
        assertFalse(pool.isLive(h));
        assertEquals(0, pool.refCount(h));
        // Nothing changed: the other lease is intact and the freed slot is free exactly once.
        assertEquals(1, pool.inUse());
        assertTrue(pool.isLive(other));
        assertEquals(1, pool.refCount(other));
        pool.release(other);
        assertWhole(pool);
    }

    @Test
    void doubleReleaseThrowsAndLeavesPoolConsistent() {
        final long h = pool.acquire();
        assertTrue(pool.release(h));
        final SlotStateException e = assertThrows(SlotStateException.class, () -> pool.release(h));
        assertTrue(e.getMessage().startsWith("release of " + SlotHandle.toString(h)), e.getMessage());
        assertTrue(e.getMessage().contains("released exactly once"), e.getMessage());
        assertTrue(e.getMessage().contains("this lease was released; the slot is free (now generation "
            + (SlotHandle.generation(h) + 1) + ")"), e.getMessage());
        assertEquals(0, pool.inUse(), "a refused release does not count");
        assertWhole(pool);
    }

    @Test
    void handleNeverLeasedIsRefusedAsSuch() {
        // handleOf() of a free slot names its current generation, which no acquire() handed out.
        final long forged = pool.handleOf(2);
        assertFalse(pool.isLive(forged));
        final SlotStateException e = assertThrows(SlotStateException.class, () -> pool.release(forged));
        assertTrue(e.getMessage().contains("was never leased"), e.getMessage());
        assertFalse(e.getMessage().contains("this lease was released"), e.getMessage());
        assertThrows(SlotStateException.class, () -> pool.retain(forged));
        assertThrows(SlotStateException.class, () -> pool.sendBuffer(forged));
        assertEquals(0, pool.inUse(), "nothing was checked out by the refused calls");
        assertWhole(pool);
    }

    @Test
    void staleHandleAfterReuseThrowsAndDoesNotTouchTheNewLease() {
        final SlotPool one = new SlotPool(0, 64, 1, HugePages.OFF);
        try {
            final long old = one.acquire();
            one.release(old);
            final long current = one.acquire();
            assertEquals(SlotHandle.slot(old), SlotHandle.slot(current));
            assertNotEquals(old, current);
            final SlotStateException e = assertThrows(SlotStateException.class, () -> one.release(old));
            assertTrue(e.getMessage().contains("released and the slot reused (now generation 2)"), e.getMessage());
            assertThrows(SlotStateException.class, () -> one.address(old));
            assertThrows(SlotStateException.class, () -> one.retain(old));
            assertTrue(one.isLive(current), "the new owner's lease survives the stale calls");
            assertEquals(1, one.refCount(current));
            assertEquals(1, one.inUse());
            assertTrue(one.release(current));
            assertWhole(one);
        } finally {
            one.close();
        }
    }

    @Test
    void handleOfAnotherTierIsRefused() {
        final long foreign = SlotHandle.pack(3, 1, 0);
        final SlotStateException e = assertThrows(SlotStateException.class, () -> pool.release(foreign));
        assertTrue(e.getMessage().contains("does not belong to pool tier 0"), e.getMessage());
        assertThrows(SlotStateException.class, () -> pool.address(SlotHandle.pack(0, 1, SLOTS)), "index out of range");
        assertThrows(SlotStateException.class, () -> pool.release(SlotHandle.NONE), "NONE is never a lease");
        assertFalse(pool.isLive(foreign));
        assertWhole(pool);
    }

    @Test
    void retainAndReleaseCountReferences() {
        final long h = pool.acquire();
        pool.retain(h);
        pool.retain(h);
        assertEquals(3, pool.refCount(h));
        assertFalse(pool.release(h), "2 references left");
        assertFalse(pool.release(h), "1 reference left");
        assertEquals(1, pool.inUse(), "still leased while referenced");
        assertTrue(pool.isLive(h));
        assertTrue(pool.release(h), "the last release frees");
        assertFalse(pool.isLive(h));
        assertThrows(SlotStateException.class, () -> pool.release(h));
        assertWhole(pool);
    }

    @Test
    void statsTrackInUsePeakCapacityAndCopies() {
        assertEquals(new PoolStats.Tier(0, 256, SLOTS, 0, 0, 0, 0), pool.stats());
        final long a = pool.acquire();
        final long b = pool.acquire();
        final long c = pool.acquire();
        pool.release(b);
        assertEquals(2, pool.inUse());
        assertEquals(3, pool.peak());
        pool.copy(pool.address(a), pool.address(c), 16);
        pool.countCopy();
        final PoolStats.Tier t = pool.stats();
        assertEquals(SLOTS, t.capacity());
        assertEquals(2, t.inUse());
        assertEquals(3, t.peak());
        assertEquals(SLOTS - 2, t.available());
        assertEquals(2, t.copies());
        pool.resetPeak();
        assertEquals(2, pool.peak());
        pool.release(a);
        pool.release(c);
        assertEquals(0, pool.inUse());
        assertEquals(2, pool.peak(), "peak keeps the high-water mark");
    }

    @Test
    void copyHelperCopiesBytesAndCounts() {
        final SendBuffer src = pool.acquireSendBuffer();
        final SendBuffer dst = pool.acquireSendBuffer();
        for (int i = 0; i < 32; i++) {
            src.buffer().putByte(i, (byte) (i * 7));
        }
        pool.copy(src.address(), dst.address(), 32);
        for (int i = 0; i < 32; i++) {
            assertEquals((byte) (i * 7), dst.buffer().getByte(i));
        }
        assertEquals(1, pool.copyCount());
        src.abort();
        dst.abort();
        assertWhole(pool);
    }

    @Test
    void handleCodecRoundTripsAndNeverYieldsNone() {
        final long h = SlotHandle.pack(5, 0xABCDEF, 123_456);
        assertEquals(5, SlotHandle.tier(h));
        assertEquals(0xABCDEF, SlotHandle.generation(h));
        assertEquals(123_456, SlotHandle.slot(h));
        assertEquals(1, SlotHandle.nextGeneration(SlotHandle.GENERATION_MASK), "the generation wraps to 1, skipping 0");
        assertEquals(2, SlotHandle.nextGeneration(1));
        assertEquals("slot[tier=5, index=123456, gen=11259375]", SlotHandle.toString(h));
    }

    @Test
    void constructorValidates() {
        assertThrows(IllegalArgumentException.class, () -> new SlotPool(-1, 64, 1, HugePages.OFF));
        assertThrows(IllegalArgumentException.class, () -> new SlotPool(SlotHandle.MAX_TIERS + 1, 64, 1, HugePages.OFF));
        assertThrows(IllegalArgumentException.class, () -> new SlotPool(0, 0, 1, HugePages.OFF));
        assertThrows(IllegalArgumentException.class, () -> new SlotPool(0, 64, 0, HugePages.OFF));
        assertThrows(IllegalArgumentException.class, () -> new PoolTier(64, 0));
        assertThrows(IllegalArgumentException.class, () -> new PoolTier(0, 4));
    }
}

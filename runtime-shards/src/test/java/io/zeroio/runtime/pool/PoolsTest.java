package io.zeroio.runtime.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Multi-tier pools: smallest fitting tier first, fall back to larger, statistics over all tiers. */
@Timeout(10)
class PoolsTest {
    private final Pools pools = new Pools(List.of(new PoolTier(256, 2), new PoolTier(1024, 2), new PoolTier(4096, 1)),
        HugePages.OFF);

    @AfterEach
    void close() {
        pools.close();
    }

    @Test
    void picksTheSmallestTierThatFits() {
        assertEquals(3, pools.tierCount());
        final SendBuffer small = pools.acquireSendBuffer(100);
        assertEquals(0, small.pool().tier());
        final SendBuffer exact = pools.acquireSendBuffer(256);
        assertEquals(0, exact.pool().tier(), "a slot of exactly minSize fits");
        final SendBuffer mid = pools.acquireSendBuffer(257);
        assertEquals(1, mid.pool().tier());
        final SendBuffer big = pools.acquireSendBuffer(4000);
        assertEquals(2, big.pool().tier());
        assertNull(pools.acquireSendBuffer(4097), "nothing is large enough");
        for (SendBuffer b : List.of(small, exact, mid, big)) {
            b.abort();
        }
        assertEquals(0, pools.inUse());
    }

    @Test
    void fallsBackToLargerTiersWhenSmallerOnesAreExhaustedThenNull() {
        final List<SendBuffer> held = new ArrayList<>();
        final int[] expectedTiers = {0, 0, 1, 1, 2};
        for (int expected : expectedTiers) {
            final SendBuffer b = pools.acquireSendBuffer(16);
            assertNotNull(b);
            assertEquals(expected, b.pool().tier());
            assertEquals(expected, SlotHandle.tier(b.handle()), "the handle names its tier");
            held.add(b);
        }
        assertNull(pools.acquireSendBuffer(16), "every tier exhausted");
        assertEquals(5, pools.inUse());
        assertEquals(5, pools.capacity());
        // A released small slot is preferred again.
        final long h = held.remove(0).take();
        assertTrue(pools.release(h));
        final SendBuffer again = pools.acquireSendBuffer(16);
        assertEquals(0, again.pool().tier());
        again.abort();
        for (SendBuffer b : held) {
            b.abort();
        }
        assertEquals(0, pools.inUse());
        assertTrue(pools.stats().atFullCapacity());
    }

    @Test
    void poolOfRoutesHandlesAndRefusesUnknownTiers() {
        final SendBuffer b = pools.acquireSendBuffer(2000);
        assertEquals(pools.tier(2), pools.poolOf(b.handle()));
        assertThrows(SlotStateException.class, () -> pools.poolOf(SlotHandle.pack(9, 1, 0)));
        b.abort();
    }

    @Test
    void statsCoverEveryTier() {
        final SendBuffer a = pools.acquireSendBuffer(10);
        final SendBuffer b = pools.acquireSendBuffer(500);
        pools.tier(1).countCopy();
        final PoolStats s = pools.stats();
        assertEquals(3, s.tiers().size());
        assertEquals(5, s.capacity());
        assertEquals(2, s.inUse());
        assertEquals(1, s.tiers().get(0).inUse());
        assertEquals(1, s.tiers().get(1).peak());
        assertEquals(1024, s.tiers().get(1).slotSize());
        assertEquals(1, s.tiers().get(1).copies());
        assertEquals(1, pools.copyCount());
        assertEquals(false, s.atFullCapacity());
        a.abort();
        b.abort();
        assertTrue(pools.stats().atFullCapacity());
    }

    @Test
    void tiersMustGrow() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> new Pools(List.of(new PoolTier(1024, 1), new PoolTier(256, 1)), HugePages.OFF));
        assertTrue(e.getMessage().contains("strictly increasing slot size"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Pools(List.of(), HugePages.OFF));
    }
}

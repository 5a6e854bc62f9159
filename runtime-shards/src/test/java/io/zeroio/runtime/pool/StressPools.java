package io.zeroio.runtime.pool;

import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Recycles small {@link SlotPool}s between jcstress states. jcstress makes a fresh state object per
 * sample; a fresh pool each time would map native memory that is only freed by {@code close()}
 * (a shared-arena close, i.e. a handshake with every thread). States take a pool here and the
 * arbiter gives it back only after checking it is whole again, so a broken pool is never reused.
 * Test infrastructure, not hot-path code.
 */
public final class StressPools {
    private static final ConcurrentLinkedQueue<SlotPool> ONE = new ConcurrentLinkedQueue<>();
    private static final ConcurrentLinkedQueue<SlotPool> TWO = new ConcurrentLinkedQueue<>();

    private StressPools() {
    }

    /** A pool of {@code slots} (1 or 2) slots of 64 bytes with every slot free. */
    public static SlotPool take(int slots) {
        final SlotPool p = queue(slots).poll();
        return p != null ? p : new SlotPool(0, 64, slots, HugePages.OFF);
    }

    /**
     * Checks the pool is whole (nothing in use, every slot acquirable exactly once, distinct, then
     * exhausted) and gives it back when it is. Leaves it empty-handed otherwise.
     *
     * @return true when the pool was whole
     */
    public static boolean verifyAndGiveBack(SlotPool pool) {
        final boolean whole = isWhole(pool);
        if (whole) {
            queue(pool.capacity()).offer(pool);
        }
        return whole;
    }

    /** Every slot free: acquirable exactly once each (distinct indexes), then NONE; all given back. */
    public static boolean isWhole(SlotPool pool) {
        if (pool.inUse() != 0) {
            return false;
        }
        final int n = pool.capacity();
        final long[] got = new long[n];
        boolean ok = true;
        int taken = 0;
        for (; taken < n; taken++) {
            final long h = pool.acquire();
            if (h == SlotHandle.NONE) {
                ok = false;
                break;
            }
            for (int k = 0; k < taken; k++) {
                if (SlotHandle.slot(got[k]) == SlotHandle.slot(h)) {
                    ok = false;
                }
            }
            got[taken] = h;
        }
        if (ok && pool.acquire() != SlotHandle.NONE) {
            return false; // more slots than capacity: a slot sits on the free stack twice (leave it broken)
        }
        for (int k = 0; k < taken; k++) {
            pool.release(got[k]);
        }
        return ok && pool.inUse() == 0;
    }

    private static ConcurrentLinkedQueue<SlotPool> queue(int slots) {
        return switch (slots) {
            case 1 -> ONE;
            case 2 -> TWO;
            default -> throw new IllegalArgumentException("1 or 2 slots");
        };
    }
}

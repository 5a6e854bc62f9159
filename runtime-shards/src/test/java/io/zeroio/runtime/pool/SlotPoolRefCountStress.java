package io.zeroio.runtime.pool;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * jcstress tests of {@link SlotPool} reference counting ({@code generation << 32 | refCount} updated by
 * CAS): concurrent retain/release frees a slot exactly once, by the last reference.
 */
public final class SlotPoolRefCountStress {
    private SlotPoolRefCountStress() {
    }

    /** Outcome of one release call: 1 freed the slot, 0 dropped a reference, -1 threw. */
    static int releaseOnce(SlotPool pool, long h) {
        try {
            return pool.release(h) ? 1 : 0;
        } catch (SlotStateException e) {
            return -1;
        }
    }

    /** The slot is back: h is stale everywhere, a further release throws, and the pool is whole. */
    static boolean freedCleanly(SlotPool pool, long h) {
        if (pool.isLive(h) || pool.refCount(h) != 0) {
            return false;
        }
        try {
            pool.release(h);
            return false; // a release after the free must throw
        } catch (SlotStateException expected) {
            // the generation moved on
        }
        return StressPools.verifyAndGiveBack(pool);
    }

    /**
     * Two owners of one slot (refCount 2) release at the same time: exactly one of them frees it.
     * r1, r2: each release (1 freed, 0 dropped a reference, -1 threw); r3: 1 when freed cleanly.
     */
    @JCStressTest
    @Description("SlotPool refcount: two concurrent releases of a doubly-owned slot free it exactly once")
    @Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "actor 1 released last and freed the slot")
    @Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "actor 2 released last and freed the slot")
    @Outcome(id = "1, 1, .*", expect = FORBIDDEN, desc = "freed twice")
    @Outcome(id = "0, 0, .*", expect = FORBIDDEN, desc = "never freed: the slot leaked")
    @Outcome(expect = FORBIDDEN, desc = "a release threw, or the slot was not freed cleanly")
    @State
    public static class TwoReleases {
        final SlotPool pool = StressPools.take(1);
        final long h;

        public TwoReleases() {
            h = pool.acquire();
            pool.retain(h);
        }

        @Actor
        public void first(III_Result r) {
            r.r1 = releaseOnce(pool, h);
        }

        @Actor
        public void second(III_Result r) {
            r.r2 = releaseOnce(pool, h);
        }

        @Arbiter
        public void check(III_Result r) {
            r.r3 = freedCleanly(pool, h) ? 1 : 0;
        }
    }

    /**
     * retain racing release: the slot starts with two references; actor 1 takes a third and drops it
     * again while actor 2 drops one. No call may free the slot (one reference always remains) and
     * retain must never see a freed slot; the arbiter's release of the last reference frees it.
     * r1: actor 1 (1 freed, 0 fine, -1 threw); r2: actor 2; r3: the last release freed it cleanly.
     */
    @JCStressTest
    @Description("SlotPool refcount: retain racing release never frees early; the last reference frees exactly once")
    @Outcome(id = "0, 0, 1", expect = ACCEPTABLE, desc = "no early free; the last release freed the slot")
    @Outcome(expect = FORBIDDEN, desc = "freed early, a call threw, or the last release did not free cleanly")
    @State
    public static class RetainVersusRelease {
        final SlotPool pool = StressPools.take(1);
        final long h;

        public RetainVersusRelease() {
            h = pool.acquire();
            pool.retain(h);
        }

        @Actor
        public void retainThenRelease(III_Result r) {
            try {
                pool.retain(h);
            } catch (SlotStateException e) {
                r.r1 = -1;
                return;
            }
            r.r1 = releaseOnce(pool, h);
        }

        @Actor
        public void releaseOne(III_Result r) {
            r.r2 = releaseOnce(pool, h);
        }

        @Arbiter
        public void last(III_Result r) {
            final boolean freed = pool.refCount(h) == 1 && releaseOnce(pool, h) == 1;
            r.r3 = freed && freedCleanly(pool, h) ? 1 : 0;
        }
    }
}

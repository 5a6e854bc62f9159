package io.zeroio.runtime.pool;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.util.concurrent.atomic.AtomicIntegerArray;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * jcstress tests of the {@link SlotPool} free stack (a Treiber stack with an ABA-tagged head): a slot
 * is never handed to two owners at once, and never lost.
 *
 * <p>Ownership is checked independently of the pool: whoever gets a slot CASes a per-slot owner
 * marker from 0 to its id and clears it before releasing; a failed CAS means the pool handed out a
 * slot somebody else still holds. The arbiter then checks the pool is whole: nothing in use and
 * every slot acquirable exactly once.
 */
public final class SlotPoolFreeStackStress {
    private SlotPoolFreeStackStress() {
    }

    /** Result code of an actor that saw a slot held by two owners at once. */
    static final int DUPLICATE = -1;

    /** Per-state owner markers over a 2-slot pool. */
    abstract static class Owned {
        final SlotPool pool = StressPools.take(2);
        final AtomicIntegerArray owner = new AtomicIntegerArray(2);

        /** Takes exclusive ownership of the slot {@code h} names; false if someone holds it already. */
        boolean claim(long h, int me) {
            return owner.compareAndSet(SlotHandle.slot(h), 0, me) && pool.isLive(h);
        }

        void unclaim(long h) {
            owner.set(SlotHandle.slot(h), 0);
        }
    }

    /**
     * Two actors acquire and release concurrently on a 2-slot pool. Actor 1 takes one slot at a time,
     * twice; actor 2 holds both slots at once before giving them back (the pattern that makes an
     * untagged Treiber stack hand out a slot twice: pop A, pop B, push A under a stale pop).
     * r1, r2: slots each actor got exclusively (-1: a slot was held by two owners);
     * r3: 1 when the pool is whole afterwards.
     */
    @JCStressTest
    @Description("SlotPool free stack: concurrent acquire/release never duplicates or loses a slot")
    @Outcome(id = "2, 2, 1", expect = ACCEPTABLE, desc = "every acquisition exclusive, pool whole")
    @Outcome(id = "[01], 2, 1", expect = ACCEPTABLE_INTERESTING, desc = "actor 1 found the pool empty while actor 2 held both slots")
    @Outcome(id = "2, [01], 1", expect = ACCEPTABLE_INTERESTING, desc = "actor 2 found the pool empty while actor 1 held a slot")
    @Outcome(id = "[01], [01], 1", expect = ACCEPTABLE_INTERESTING, desc = "both saw exhaustion at different moments")
    @Outcome(id = "-1, .*", expect = FORBIDDEN, desc = "a slot was handed to two owners at once")
    @Outcome(id = ".*, -1, .*", expect = FORBIDDEN, desc = "a slot was handed to two owners at once")
    @Outcome(id = ".*, .*, 0", expect = FORBIDDEN, desc = "a slot was lost or sits on the free stack twice")
    @State
    public static class AcquireRelease extends Owned {
        @Actor
        public void oneAtATime(III_Result r) {
            int got = 0;
            for (int round = 0; round < 2; round++) {
                final long h = pool.acquire();
                if (h == SlotHandle.NONE) {
                    continue;
                }
                if (!claim(h, 1)) {
                    r.r1 = DUPLICATE;
                    return;
                }
                unclaim(h);
                pool.release(h);
                got++;
            }
            r.r1 = got;
        }

        @Actor
        public void bothAtOnce(III_Result r) {
            final long a = pool.acquire();
            final long b = pool.acquire();
            int got = 0;
            if (a != SlotHandle.NONE) {
                if (!claim(a, 2)) {
                    r.r2 = DUPLICATE;
                    return;
                }
                got++;
            }
            if (b != SlotHandle.NONE) {
                if (!claim(b, 2)) {
                    r.r2 = DUPLICATE;
                    return;
                }
                got++;
            }
            if (a != SlotHandle.NONE) {
                unclaim(a);
                pool.release(a);
            }
            if (b != SlotHandle.NONE) {
                unclaim(b);
                pool.release(b);
            }
            r.r2 = got;
        }

        @Arbiter
        public void whole(III_Result r) {
            r.r3 = r.r1 != DUPLICATE && r.r2 != DUPLICATE && StressPools.verifyAndGiveBack(pool) ? 1 : 0;
        }
    }

    /**
     * One actor acquires while the other releases: the pool starts with both slots leased (handles
     * held by the state); actor 2 releases them, actor 1 acquires twice meanwhile.
     * r1: slots actor 1 got (0..2), each exclusive and live, the released handles stale;
     * r2: 1 when, after actor 1 gives its slots back, the pool is whole.
     */
    @JCStressTest
    @Description("SlotPool free stack: acquire racing release hands out only released slots, once each")
    @Outcome(id = "0, 1", expect = ACCEPTABLE_INTERESTING, desc = "actor 1 ran before any release")
    @Outcome(id = "1, 1", expect = ACCEPTABLE_INTERESTING, desc = "actor 1 got the first released slot")
    @Outcome(id = "2, 1", expect = ACCEPTABLE, desc = "actor 1 got both released slots")
    @Outcome(id = "-1, .*", expect = FORBIDDEN, desc = "actor 1 got a slot that was still leased, or twice the same slot")
    @Outcome(id = ".*, 0", expect = FORBIDDEN, desc = "a slot was lost or duplicated")
    @State
    public static class AcquireWhileRelease extends Owned {
        private final long held0;
        private final long held1;
        private long got0;
        private long got1;

        public AcquireWhileRelease() {
            held0 = pool.acquire();
            held1 = pool.acquire();
            owner.set(SlotHandle.slot(held0), 9);
            owner.set(SlotHandle.slot(held1), 9);
        }

        @Actor
        public void acquirer(II_Result r) {
            got0 = pool.acquire();
            got1 = pool.acquire();
            int got = 0;
            if (got0 != SlotHandle.NONE) {
                if (!claim(got0, 1)) {
                    r.r1 = DUPLICATE;
                    return;
                }
                got++;
            }
            if (got1 != SlotHandle.NONE) {
                if (!claim(got1, 1)) {
                    r.r1 = DUPLICATE;
                    return;
                }
                got++;
            }
            r.r1 = got;
        }

        @Actor
        public void releaser() {
            owner.set(SlotHandle.slot(held0), 0);
            pool.release(held0);
            owner.set(SlotHandle.slot(held1), 0);
            pool.release(held1);
        }

        @Arbiter
        public void whole(II_Result r) {
            boolean ok = r.r1 != DUPLICATE && !pool.isLive(held0) && !pool.isLive(held1)
                && pool.inUse() == r.r1;
            if (r.r1 != DUPLICATE) {
                if (got0 != SlotHandle.NONE) {
                    ok &= pool.isLive(got0) && pool.release(got0);
                }
                if (got1 != SlotHandle.NONE) {
                    ok &= pool.isLive(got1) && pool.release(got1);
                }
            }
            r.r2 = ok && StressPools.verifyAndGiveBack(pool) ? 1 : 0;
        }
    }
}

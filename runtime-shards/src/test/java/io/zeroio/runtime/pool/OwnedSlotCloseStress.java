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
 * {@link OwnedSlot#close()} is documented as usable on any thread, with a second close throwing.
 * Two threads closing the same object at once must release its reference exactly once: the close
 * is claimed by a compare-and-set on the {@code released} flag, so the loser throws. (It used to be
 * check-then-act on a volatile flag: both closes passed the check and the second release dropped
 * the reference of a <em>different</em> {@code OwnedSlot}, here {@code other} from
 * {@code retain()}.) Part of the quick gate ({@code JcstressGateTest}); also run alone by
 * {@code OwnedSlotConcurrentCloseTest}.
 *
 * <p>r1, r2: each close (1 returned, 0 threw SlotStateException); r3: 1 when {@code other} still
 * holds a live reference afterwards.
 */
@JCStressTest
@Description("OwnedSlot: two threads closing the same reference release it exactly once")
@Outcome(id = "1, 0, 1", expect = ACCEPTABLE, desc = "actor 1 closed, actor 2 was told it closed twice")
@Outcome(id = "0, 1, 1", expect = ACCEPTABLE, desc = "actor 2 closed, actor 1 was told it closed twice")
@Outcome(expect = FORBIDDEN, desc = "both closes released a reference: the retained OwnedSlot now points at a freed slot")
@State
public class OwnedSlotCloseStress {
    final SlotPool pool = StressPools.take(1);
    final OwnedSlot slot = new OwnedSlot(pool, pool.acquire(), 0, 8);
    final OwnedSlot other = slot.retain();

    static int close(OwnedSlot s) {
        try {
            s.close();
            return 1;
        } catch (SlotStateException e) {
            return 0;
        }
    }

    @Actor
    public void first(III_Result r) {
        r.r1 = close(slot);
    }

    @Actor
    public void second(III_Result r) {
        r.r2 = close(slot);
    }

    @Arbiter
    public void check(III_Result r) {
        final boolean otherLive = pool.isLive(other.handle()) && pool.refCount(other.handle()) == 1;
        r.r3 = otherLive ? 1 : 0;
        if (otherLive) {
            other.close();
            StressPools.verifyAndGiveBack(pool);
        }
    }
}

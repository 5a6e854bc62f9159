package io.zeroio.runtime.pool;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.zeroio.runtime.JcstressRun;

/**
 * Runs the {@link OwnedSlotCloseStress} jcstress probe: two threads closing the same
 * {@link OwnedSlot} must release its reference exactly once (the second close throws). Today both
 * closes can pass the volatile {@code released} check before either sets it; both then call
 * {@code pool.release(handle)}, and the second one drops a reference owned by another
 * {@code OwnedSlot} (the one {@code retain()} returned), which then reads a freed, possibly reused,
 * slot. Observed on 2 vCPUs: outcome "1, 1, 0" about 200 times in 1 000 000 samples.
 */
@Timeout(120)
class OwnedSlotConcurrentCloseTest {
    @Test
    @Disabled("BUG: OwnedSlot.close() (OwnedSlot.java:95-103) is check-then-act on a volatile flag; two concurrent "
        + "closes both release the slot, stealing another OwnedSlot's reference. Fix: claim the close with a "
        + "VarHandle compareAndSet(released, false, true) and throw when it fails")
    void concurrentDoubleCloseReleasesOnce() throws Exception {
        final List<String> test = List.of("io.zeroio.runtime.pool.OwnedSlotCloseStress");
        JcstressRun.run(test, "quick", Path.of("target", "jcstress-ownedslot")).assertAllPassed(test);
    }
}

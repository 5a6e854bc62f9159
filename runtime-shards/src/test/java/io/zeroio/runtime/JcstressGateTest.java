package io.zeroio.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The 0-locks gate's jcstress half: runs the jcstress test of every lock-free structure on the hot
 * path (the {@code *Stress} classes under {@code src/test/java}) and fails on any FAILED or ERROR
 * result, or when a listed test did not run at all.
 *
 * <ul>
 *   <li>quick, in every {@code mvn verify}: one JVM configuration (C2 + scheduling randomizers), one
 *       fork, one 1 s iteration per test; about 25 s on 2 vCPUs.</li>
 *   <li>full: {@code mvn -B -pl runtime-shards -am verify -Pjcstress-full} (jcstress
 *       {@code -m default} over every JVM configuration it can probe; tens of minutes).</li>
 * </ul>
 * The HTML report and the console log land in {@code runtime-shards/target/jcstress/}.
 */
class JcstressGateTest {
    /** Every two-actor jcstress test of the gate. */
    static final List<String> TESTS = List.of(
        "io.zeroio.runtime.pool.SlotPoolFreeStackStress.AcquireRelease",
        "io.zeroio.runtime.pool.SlotPoolFreeStackStress.AcquireWhileRelease",
        "io.zeroio.runtime.pool.SlotPoolRefCountStress.TwoReleases",
        "io.zeroio.runtime.pool.SlotPoolRefCountStress.RetainVersusRelease",
        "io.zeroio.runtime.pool.OwnedSlotCloseStress",
        "io.zeroio.runtime.shard.WakeWordStress.NoLostWakeup",
        "io.zeroio.runtime.shard.WakeWordStress.PublishThenNotify",
        "io.zeroio.runtime.shard.CommandRingStress.Sends",
        "io.zeroio.runtime.shard.CommandRingStress.Closes");

    /** Three-actor tests: jcstress 0.16 schedules them only when each actor can have its own CPU. */
    static final List<String> THREE_ACTOR_TESTS = List.of(
        "io.zeroio.runtime.shard.CommandRingStress.SendsThreeThreads");

    static List<String> selectedTests() {
        final List<String> tests = new ArrayList<>(TESTS);
        if (Runtime.getRuntime().availableProcessors() >= 3) {
            tests.addAll(THREE_ACTOR_TESTS);
        }
        return tests;
    }

    @Test
    // Outer bound for -Pjcstress-full; JcstressRun bounds the forked run itself (quick: 5 min, ~25 s in practice).
    @Timeout(value = 190, unit = TimeUnit.MINUTES)
    void everyLockFreeStructurePassesJcstress() throws Exception {
        final String mode = System.getProperty("zeroio.jcstress.mode", "quick");
        final Path reportDir = Path.of(System.getProperty("zeroio.jcstress.reportDir", "target/jcstress"));
        final List<String> tests = selectedTests();
        JcstressRun.run(tests, mode, reportDir).assertAllPassed(tests);
    }
}

package io.zeroio.cascade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A reader on another thread sees what the owner publishes, and sees it in the documented order.
 * Not a substitute for jcstress (which this dependency-free module cannot use); it does catch a read
 * that the JIT may hoist out of a spin loop (a plain field read) and a missing release/acquire pairing
 * on weakly ordered hardware.
 */
class CrossThreadVisibilityTest {

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void readerSpinningOnStateSeesDrainWithItsCountAndUtilisation() throws InterruptedException {
        BackpressureCascade cascade = new BackpressureCascade();
        // Warm the reader's loop first so it is compiled while the state is still HEALTHY.
        long spins = 0;
        for (int i = 0; i < 200_000; i++) {
            if (cascade.state() == CascadeState.HEALTHY) {
                spins++;
            }
        }
        assertEquals(200_000, spins);

        Thread owner = new Thread(() -> {
            for (long used = 0; used <= 99; used++) {
                cascade.update(PoolKind.COMPLETION_RING, used, 100);
                cascade.admit(TrafficClass.TX_BULK);
            }
        }, "shard-0");
        owner.start();

        while (cascade.state() != CascadeState.DRAIN) {
            Thread.onSpinWait();
        }
        // Acquire on state() orders these after the owner's writes that preceded publishing DRAIN.
        assertEquals(1, cascade.transitions(CascadeState.DRAIN));
        assertTrue(cascade.utilisation() >= 95.0, "utilisation " + cascade.utilisation());
        owner.join();
        // 80..94 shed in CRITICAL (15), 95..99 in DRAIN (5): every shed counted, visible after join.
        assertEquals(20, cascade.drops(TrafficClass.TX_BULK));
        assertEquals(99.0, cascade.utilisation());
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void readerPollingACounterSeesItAdvance() throws InterruptedException {
        BackpressureCascade cascade = new BackpressureCascade();
        cascade.update(PoolKind.TX_RING, 90, 100);
        long target = 5_000_000;
        Thread owner = new Thread(() -> {
            for (long i = 0; i < target; i++) {
                cascade.admit(TrafficClass.SCRATCH);
            }
        }, "shard-1");
        owner.start();
        long last = 0;
        while (last < target) {
            long now = cascade.drops(TrafficClass.SCRATCH);
            assertTrue(now >= last, "counter went backwards: " + last + " -> " + now);
            last = now;
        }
        owner.join();
        assertEquals(target, cascade.totalDrops());
    }
}

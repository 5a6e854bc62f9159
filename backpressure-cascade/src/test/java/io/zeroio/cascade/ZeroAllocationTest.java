package io.zeroio.cascade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * The hot path allocates nothing: after warm-up, a million update + admit (+ rxDemand) calls, with state
 * changes and a listener firing, allocate 0 bytes on the calling thread (DESIGN.md section 5).
 */
class ZeroAllocationTest {

    private static final int CALLS = 1_000_000;
    private static final TrafficClass[] CLASSES = TrafficClass.values();
    private static final PoolKind[] KINDS = PoolKind.values();

    /** Counts listener calls in a field: no capture of locals, no allocation per call. */
    private long listenerCalls;

    @Test
    void updateAndAdmitAllocateNothingAfterWarmUp() {
        com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported(), "allocation accounting unsupported");
        threads.setThreadAllocatedMemoryEnabled(true);

        BackpressureCascade cascade = new BackpressureCascade();
        cascade.addListener((from, to, u) -> listenerCalls++); // allocated once, here
        cascade.report(PoolKind.PER_CONN, 10, 1_000);

        long[] allocated = new long[3];
        long[] admitted = new long[3];
        for (int run = 0; run < 3; run++) {
            // Runs 0 and 1 are warm-up (interpreter, C1, C2 / OSR); run 2 is the one asserted on.
            long before = threads.getCurrentThreadAllocatedBytes();
            admitted[run] = drive(cascade, CALLS);
            allocated[run] = threads.getCurrentThreadAllocatedBytes() - before;
        }

        assertEquals(0, allocated[2], "bytes allocated by " + CALLS + " update+admit calls (runs: "
                + allocated[0] + ", " + allocated[1] + ", " + allocated[2] + ")");
        // The loop really exercised the interesting paths: admissions, sheds, transitions, listeners.
        assertTrue(admitted[2] > 0 && admitted[2] < CALLS, "admitted " + admitted[2]);
        assertTrue(cascade.totalDrops() > 0);
        assertTrue(cascade.transitions(CascadeState.DRAIN) > 0);
        assertTrue(listenerCalls > 0);
    }

    /**
     * Sweeps utilisation over 0..100 % in steps of 7 (mod 101) so every state is entered and left,
     * rotating the reporting pool kind and the admitted traffic class.
     */
    private static long drive(BackpressureCascade cascade, int calls) {
        long admitted = 0;
        long demand = 0;
        for (int i = 0; i < calls; i++) {
            long used = (i * 7L) % 101;
            cascade.update(KINDS[i % KINDS.length], used, 100);
            if (cascade.admit(CLASSES[i & 3])) {
                admitted++;
            }
            demand += cascade.rxDemand(1_000, used);
        }
        return demand >= 0 ? admitted : -1; // consume demand so the JIT cannot drop the call
    }
}

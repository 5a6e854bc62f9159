package io.zeroio.cascade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Utilisation is the maximum over the reported pool kinds that have capacity. */
class PoolUtilisationTest {

    private final BackpressureCascade cascade = new BackpressureCascade();

    @Test
    void noPoolsReportedMeansZeroAndHealthy() {
        assertEquals(CascadeState.HEALTHY, cascade.update());
        assertEquals(0.0, cascade.utilisation());
    }

    @Test
    void utilisationIsTheMaximumOverKinds() {
        cascade.report(PoolKind.FREE_STACK, 100, 1_000); // 10 %
        cascade.report(PoolKind.RX_RING, 50, 200); // 25 %
        cascade.report(PoolKind.PER_CONN, 820, 1_000); // 82 %
        cascade.report(PoolKind.COMPLETION_RING, 3, 4); // 75 %
        assertEquals(CascadeState.CRITICAL, cascade.update());
        assertEquals(82.0, cascade.utilisation());

        cascade.report(PoolKind.PER_CONN, 0, 1_000);
        // 75 % is not below CRITICAL's exit line (80 - 5), so the state holds; utilisation follows.
        assertEquals(CascadeState.CRITICAL, cascade.update());
        assertEquals(75.0, cascade.utilisation());
    }

    @Test
    void everyKindCounts() {
        for (PoolKind kind : PoolKind.values()) {
            BackpressureCascade c = new BackpressureCascade();
            for (PoolKind other : PoolKind.values()) {
                c.report(other, 1, 100);
            }
            c.report(kind, 96, 100);
            assertEquals(CascadeState.DRAIN, c.update(), kind.name());
            assertEquals(96.0, c.utilisation(), kind.name());
        }
    }

    @Test
    void kindWithZeroCapacityIsIgnored() {
        cascade.report(PoolKind.FILL_RING, 0, 0);
        cascade.report(PoolKind.TX_RING, 30, 100);
        assertEquals(CascadeState.HEALTHY, cascade.update());
        assertEquals(30.0, cascade.utilisation());

        // A pool that was full and is then reported with capacity 0 (removed) stops counting.
        cascade.report(PoolKind.SCRATCH_POOL, 100, 100);
        assertEquals(CascadeState.DRAIN, cascade.update());
        cascade.report(PoolKind.SCRATCH_POOL, 0, 0);
        assertEquals(CascadeState.HEALTHY, cascade.update());
        assertEquals(30.0, cascade.utilisation());
    }

    @Test
    void reportTakesEffectAtTheNextUpdate() {
        cascade.report(PoolKind.TX_RING, 99, 100);
        assertEquals(CascadeState.HEALTHY, cascade.state());
        assertEquals(0.0, cascade.utilisation());
        cascade.update();
        assertEquals(CascadeState.DRAIN, cascade.state());
    }

    @Test
    void fractionalUtilisation() {
        cascade.update(PoolKind.RX_RING, 1, 3);
        assertEquals(100.0 / 3, cascade.utilisation(), 1e-12);
    }

    @Test
    void reportRejectsImpossibleCountsNamingPoolAndField() {
        assertEquals("capacity of TX_RING must be >= 0, got -1", assertThrows(IllegalArgumentException.class,
                () -> cascade.report(PoolKind.TX_RING, 0, -1)).getMessage());
        assertEquals("used of RX_RING must be in [0, capacity=10], got 11", assertThrows(
                IllegalArgumentException.class, () -> cascade.report(PoolKind.RX_RING, 11, 10)).getMessage());
        assertEquals("used of PER_CONN must be in [0, capacity=10], got -1", assertThrows(
                IllegalArgumentException.class, () -> cascade.report(PoolKind.PER_CONN, -1, 10)).getMessage());
    }
}

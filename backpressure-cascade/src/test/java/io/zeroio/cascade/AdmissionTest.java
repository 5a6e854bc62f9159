package io.zeroio.cascade;

import static io.zeroio.cascade.TrafficClass.RX;
import static io.zeroio.cascade.TrafficClass.SCRATCH;
import static io.zeroio.cascade.TrafficClass.TX_BULK;
import static io.zeroio.cascade.TrafficClass.TX_CRITICAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Admission, drop counting, RX demand and idle closing per state. */
class AdmissionTest {

    /** Puts a fresh default cascade into the given state (one pool of 100 slots). */
    private static BackpressureCascade in(CascadeState state) {
        BackpressureCascade c = new BackpressureCascade();
        long used = switch (state) {
            case HEALTHY -> 10;
            case WARNING -> 70;
            case CRITICAL -> 85;
            case DRAIN -> 97;
        };
        assertEquals(state, c.update(PoolKind.FREE_STACK, used, 100));
        return c;
    }

    @Test
    void admissionMatrixPerStateAndClass() {
        // rows: HEALTHY, WARNING, CRITICAL, DRAIN; columns: RX, TX_CRITICAL, TX_BULK, SCRATCH
        boolean[][] expected = {
            {true, true, true, true},
            {true, true, true, true},
            {true, true, false, false},
            {true, true, false, false},
        };
        for (CascadeState s : CascadeState.values()) {
            BackpressureCascade c = in(s);
            for (TrafficClass t : TrafficClass.values()) {
                boolean want = expected[s.ordinal()][t.ordinal()];
                assertEquals(want, s.admits(t), s + "/" + t);
                assertEquals(want, c.admit(t), s + "/" + t);
                assertEquals(want ? 0 : 1, c.drops(t), "drops " + s + "/" + t);
            }
        }
    }

    @Test
    void dropCountersAreExactPerClass() {
        BackpressureCascade c = in(CascadeState.CRITICAL);
        for (int i = 0; i < 1_000; i++) {
            assertTrue(c.admit(RX));
            assertTrue(c.admit(TX_CRITICAL));
            assertFalse(c.admit(TX_BULK));
        }
        for (int i = 0; i < 7; i++) {
            assertFalse(c.admit(SCRATCH));
        }
        c.recordDrop(RX);
        c.recordDrop(RX);
        c.recordDrop(TX_CRITICAL);
        assertEquals(2, c.drops(RX));
        assertEquals(1, c.drops(TX_CRITICAL));
        assertEquals(1_000, c.drops(TX_BULK));
        assertEquals(7, c.drops(SCRATCH));
        assertEquals(1_010, c.totalDrops());
    }

    @Test
    void dropsStopOnceTheStateRecovers() {
        BackpressureCascade c = in(CascadeState.DRAIN);
        assertFalse(c.admit(TX_BULK));
        c.update(PoolKind.FREE_STACK, 10, 100);
        assertTrue(c.admit(TX_BULK));
        assertEquals(1, c.drops(TX_BULK));
    }

    @Test
    void shouldCloseIdleOnlyInDrain() {
        for (CascadeState s : CascadeState.values()) {
            assertEquals(s == CascadeState.DRAIN, in(s).shouldCloseIdle(), s.name());
            assertEquals(s == CascadeState.DRAIN, s.shouldCloseIdle(), s.name());
        }
    }

    @Test
    void rxDemandShrinksAsPressureRises() {
        // capacity 1000, RX budget 600; RX holds 200.
        assertEquals(800, in(CascadeState.HEALTHY).rxDemand(1_000, 200)); // all free capacity
        assertEquals(400, in(CascadeState.WARNING).rxDemand(1_000, 200)); // RX budget left
        assertEquals(200, in(CascadeState.CRITICAL).rxDemand(1_000, 200)); // half of it
        assertEquals(0, in(CascadeState.DRAIN).rxDemand(1_000, 200));
    }

    @Test
    void rxDemandWhenRxHasBorrowedBeyondItsBudget() {
        // RX holds 700 of 1000 (budget 600): fine while HEALTHY, nothing more once pressure starts.
        assertEquals(300, in(CascadeState.HEALTHY).rxDemand(1_000, 700));
        assertEquals(0, in(CascadeState.WARNING).rxDemand(1_000, 700));
        assertEquals(0, in(CascadeState.CRITICAL).rxDemand(1_000, 700));
        assertEquals(0, in(CascadeState.HEALTHY).rxDemand(1_000, 1_200)); // never negative
        assertEquals(1, in(CascadeState.CRITICAL).rxDemand(1_000, 597)); // 3 left, half rounded down
    }

    @Test
    void rxDemandUsesTheConfiguredBudget() {
        CascadeConfig cfg = CascadeConfig.builder().budget(new BudgetPartition(40, 20, 30, 10)).build();
        BackpressureCascade c = new BackpressureCascade(cfg);
        c.update(PoolKind.FREE_STACK, 70, 100);
        assertEquals(300, c.rxDemand(1_000, 100));
    }

    @Test
    void rxDemandRejectsNegativeArguments() {
        BackpressureCascade c = new BackpressureCascade();
        assertEquals("rxInUse must be >= 0, got -1",
                assertThrows(IllegalArgumentException.class, () -> c.rxDemand(10, -1)).getMessage());
        assertEquals("capacity must be >= 0, got -10",
                assertThrows(IllegalArgumentException.class, () -> c.rxDemand(-10, 0)).getMessage());
    }
}

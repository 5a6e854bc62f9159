package io.zeroio.cascade;

import static io.zeroio.cascade.CascadeState.CRITICAL;
import static io.zeroio.cascade.CascadeState.DRAIN;
import static io.zeroio.cascade.CascadeState.HEALTHY;
import static io.zeroio.cascade.CascadeState.WARNING;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** State moves of the cascade: thresholds, skipping upward, hysteresis downward. */
class TransitionTest {

    /** One recorded listener call; allocation is fine in these functional tests. */
    record Move(CascadeState from, CascadeState to, double utilisation) {
    }

    private final BackpressureCascade cascade = new BackpressureCascade();
    private final List<Move> moves = new ArrayList<>();

    TransitionTest() {
        cascade.addListener((from, to, u) -> moves.add(new Move(from, to, u)));
    }

    private CascadeState at(long usedOf100) {
        return cascade.update(PoolKind.FREE_STACK, usedOf100, 100);
    }

    @Test
    void fillingToFullAndEmptyingWalksEveryStateAtTheConfiguredPoints() {
        assertEquals(HEALTHY, cascade.state());
        for (int used = 0; used <= 100; used++) {
            at(used);
        }
        assertEquals(List.of(new Move(HEALTHY, WARNING, 60.0), new Move(WARNING, CRITICAL, 80.0),
                new Move(CRITICAL, DRAIN, 95.0)), moves);
        assertEquals(DRAIN, cascade.state());
        assertEquals(100.0, cascade.utilisation());

        moves.clear();
        for (int used = 100; used >= 0; used--) {
            at(used);
        }
        // Down: each state is left only strictly below its entry threshold minus 5 points.
        assertEquals(List.of(new Move(DRAIN, CRITICAL, 89.0), new Move(CRITICAL, WARNING, 74.0),
                new Move(WARNING, HEALTHY, 54.0)), moves);
        assertEquals(HEALTHY, cascade.state());
        assertEquals(0.0, cascade.utilisation());
        // Entries counted per target state; the initial HEALTHY is not an entry.
        assertEquals(1, cascade.transitions(HEALTHY));
        assertEquals(2, cascade.transitions(WARNING));
        assertEquals(2, cascade.transitions(CRITICAL));
        assertEquals(1, cascade.transitions(DRAIN));
    }

    @Test
    void thresholdsAreInclusiveGoingUpAndTheExitLineIsExclusiveGoingDown() {
        assertEquals(HEALTHY, cascade.update(PoolKind.FREE_STACK, 5_999, 10_000)); // 59.99 %
        assertEquals(WARNING, cascade.update(PoolKind.FREE_STACK, 6_000, 10_000)); // 60.00 %
        assertEquals(WARNING, cascade.update(PoolKind.FREE_STACK, 5_500, 10_000)); // 55.00 %: not below
        assertEquals(HEALTHY, cascade.update(PoolKind.FREE_STACK, 5_499, 10_000)); // 54.99 %
    }

    @Test
    void oscillatingAroundTheCriticalBoundaryDoesNotFlap() {
        at(70);
        assertEquals(WARNING, cascade.state());
        moves.clear();
        for (int i = 0; i < 1_000; i++) {
            at(82);
            at(78);
        }
        assertEquals(List.of(new Move(WARNING, CRITICAL, 82.0)), moves);
        assertEquals(1, cascade.transitions(CRITICAL));
        assertEquals(CRITICAL, cascade.state());
    }

    @Test
    void withoutHysteresisTheSameOscillationFlapsEveryStep() {
        // Control for the test above: proves the margin, not the input, is what keeps it still.
        BackpressureCascade noMargin = new BackpressureCascade(CascadeConfig.builder().hysteresisPct(0).build());
        noMargin.update(PoolKind.FREE_STACK, 70, 100);
        for (int i = 0; i < 1_000; i++) {
            noMargin.update(PoolKind.FREE_STACK, 82, 100);
            noMargin.update(PoolKind.FREE_STACK, 78, 100);
        }
        assertEquals(1_000, noMargin.transitions(CRITICAL));
        assertEquals(1_000 + 1, noMargin.transitions(WARNING));
    }

    @Test
    void jumpFromTenToNinetyNinePercentGoesStraightToDrainAndBack() {
        at(10);
        at(99);
        assertEquals(List.of(new Move(HEALTHY, DRAIN, 99.0)), moves);
        assertEquals(DRAIN, cascade.state());
        assertEquals(0, cascade.transitions(WARNING));
        assertEquals(0, cascade.transitions(CRITICAL));
        assertEquals(1, cascade.transitions(DRAIN));

        at(10);
        assertEquals(new Move(DRAIN, HEALTHY, 10.0), moves.get(1));
        assertEquals(2, moves.size());
        assertEquals(1, cascade.transitions(HEALTHY));
    }

    @Test
    void aDropFromDrainStopsAtTheHighestStateWhoseExitLineIsNotCrossed() {
        at(99);
        // 78 % is below DRAIN's exit line (90) but not below CRITICAL's (75): CRITICAL, not WARNING.
        assertEquals(CRITICAL, at(78));
        assertEquals(new Move(DRAIN, CRITICAL, 78.0), moves.get(1));
        assertEquals(WARNING, at(74));
    }

    @Test
    void customThresholdsAndHysteresisAreHonoured() {
        BackpressureCascade custom = new BackpressureCascade(CascadeConfig.builder()
                .warningPct(50).criticalPct(70).drainPct(90).hysteresisPct(10).build());
        assertEquals(WARNING, custom.update(PoolKind.TX_RING, 50, 100));
        assertEquals(CRITICAL, custom.update(PoolKind.TX_RING, 70, 100));
        assertEquals(DRAIN, custom.update(PoolKind.TX_RING, 90, 100));
        assertEquals(DRAIN, custom.update(PoolKind.TX_RING, 80, 100));
        assertEquals(CRITICAL, custom.update(PoolKind.TX_RING, 79, 100));
        assertEquals(CRITICAL, custom.update(PoolKind.TX_RING, 60, 100));
        assertEquals(WARNING, custom.update(PoolKind.TX_RING, 59, 100));
        assertEquals(WARNING, custom.update(PoolKind.TX_RING, 40, 100));
        assertEquals(HEALTHY, custom.update(PoolKind.TX_RING, 39, 100));
    }

    @Test
    void drainAtOneHundredPercentIsEnteredOnlyWhenFull() {
        BackpressureCascade c = new BackpressureCascade(CascadeConfig.builder().drainPct(100).build());
        assertEquals(CRITICAL, c.update(PoolKind.FREE_STACK, 999, 1_000));
        assertEquals(DRAIN, c.update(PoolKind.FREE_STACK, 1_000, 1_000));
    }

    @Test
    void hysteresisRuleAsAPureFunction() {
        Hysteresis h = new Hysteresis(CascadeConfig.defaults());
        // {current, utilisation, expected}
        Object[][] table = {
            {HEALTHY, 0.0, HEALTHY}, {HEALTHY, 59.9, HEALTHY}, {HEALTHY, 60.0, WARNING},
            {HEALTHY, 80.0, CRITICAL}, {HEALTHY, 95.0, DRAIN}, {WARNING, 55.0, WARNING},
            {WARNING, 54.9, HEALTHY}, {CRITICAL, 75.0, CRITICAL}, {CRITICAL, 74.9, WARNING},
            {CRITICAL, 54.9, HEALTHY}, {CRITICAL, 96.0, DRAIN}, {DRAIN, 90.0, DRAIN},
            {DRAIN, 89.9, CRITICAL}, {DRAIN, 60.0, WARNING}, {DRAIN, 0.0, HEALTHY},
        };
        for (Object[] row : table) {
            assertEquals(row[2], h.next((CascadeState) row[0], (double) row[1]), row[0] + " at " + row[1]);
        }
    }
}

package io.zeroio.cascade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Configuration defaults, builder and validation messages. */
class CascadeConfigTest {

    @Test
    void defaultsAreTheSeedValues() {
        CascadeConfig c = CascadeConfig.defaults();
        assertEquals(60, c.warningPct());
        assertEquals(80, c.criticalPct());
        assertEquals(95, c.drainPct());
        assertEquals(5, c.hysteresisPct());
        assertSame(BudgetPartition.defaults(), c.budget());
        assertEquals(8, c.maxListeners());
        assertEquals(c, CascadeConfig.builder().build());
        assertEquals(0, c.entryPct(CascadeState.HEALTHY));
        assertEquals(60, c.entryPct(CascadeState.WARNING));
        assertEquals(80, c.entryPct(CascadeState.CRITICAL));
        assertEquals(95, c.entryPct(CascadeState.DRAIN));
    }

    @Test
    void builderSetsEveryField() {
        BudgetPartition b = new BudgetPartition(50, 20, 20, 10);
        CascadeConfig c = CascadeConfig.builder().warningPct(10).criticalPct(20).drainPct(30).hysteresisPct(9)
                .budget(b).maxListeners(0).build();
        assertEquals(new CascadeConfig(10, 20, 30, 9, b, 0), c);
    }

    @Test
    void thresholdsMustBeStrictlyIncreasingInZeroToHundred() {
        assertEquals("warningPct must be in (0, 100] (thresholds strictly increasing), got 0",
                message(CascadeConfig.builder().warningPct(0)));
        assertEquals("warningPct must be in (0, 100] (thresholds strictly increasing), got 101",
                message(CascadeConfig.builder().warningPct(101)));
        assertEquals("criticalPct must be in (warningPct=60, 100] (thresholds strictly increasing), got 60",
                message(CascadeConfig.builder().criticalPct(60)));
        assertEquals("criticalPct must be in (warningPct=60, 100] (thresholds strictly increasing), got 101",
                message(CascadeConfig.builder().criticalPct(101)));
        assertEquals("drainPct must be in (criticalPct=80, 100] (thresholds strictly increasing), got 70",
                message(CascadeConfig.builder().drainPct(70)));
        assertEquals("drainPct must be in (criticalPct=80, 100] (thresholds strictly increasing), got 101",
                message(CascadeConfig.builder().drainPct(101)));
    }

    @Test
    void hysteresisMustLeaveHealthyReachable() {
        assertEquals("hysteresisPct must be in [0, warningPct=60), got -1",
                message(CascadeConfig.builder().hysteresisPct(-1)));
        assertEquals("hysteresisPct must be in [0, warningPct=60), got 60",
                message(CascadeConfig.builder().hysteresisPct(60)));
        assertEquals(59, CascadeConfig.builder().hysteresisPct(59).build().hysteresisPct());
    }

    @Test
    void budgetAndListenerCapacityAreValidated() {
        assertEquals("budget must not be null", assertThrows(NullPointerException.class,
                () -> CascadeConfig.builder().budget(null).build()).getMessage());
        assertEquals("maxListeners must be in [0, 1024], got -1", message(CascadeConfig.builder().maxListeners(-1)));
        assertEquals("maxListeners must be in [0, 1024], got 1025",
                message(CascadeConfig.builder().maxListeners(1025)));
    }

    private static String message(CascadeConfig.Builder builder) {
        return assertThrows(IllegalArgumentException.class, builder::build).getMessage();
    }
}

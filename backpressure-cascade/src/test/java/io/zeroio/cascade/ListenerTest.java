package io.zeroio.cascade;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Listener registration, call order, capacity and re-entrancy rules. */
class ListenerTest {

    private final List<String> calls = new ArrayList<>();

    private CascadeListener named(String name) {
        return (from, to, u) -> calls.add(name + ":" + from + "->" + to + "@" + u);
    }

    @Test
    void listenersAreCalledInOrderOncePerChangeOnTheUpdatingThread() {
        BackpressureCascade c = new BackpressureCascade();
        Thread owner = Thread.currentThread();
        c.addListener(named("a"));
        c.addListener((from, to, u) -> calls.add("thread-ok:" + (Thread.currentThread() == owner)));
        c.addListener(named("b"));
        c.update(PoolKind.RX_RING, 50, 100); // no change: no calls
        c.update(PoolKind.RX_RING, 81, 100);
        c.update(PoolKind.RX_RING, 82, 100); // no change
        assertEquals(List.of("a:HEALTHY->CRITICAL@81.0", "thread-ok:true", "b:HEALTHY->CRITICAL@81.0"), calls);
    }

    @Test
    void listenerSeesTheNewStateAlreadyPublished() {
        BackpressureCascade c = new BackpressureCascade();
        c.addListener((from, to, u) -> calls.add(c.state() + "/" + c.transitions(to) + "/" + c.utilisation()));
        c.update(PoolKind.TX_RING, 96, 100);
        assertEquals(List.of("DRAIN/1/96.0"), calls);
    }

    @Test
    void removeKeepsOrderAndIsByIdentity() {
        BackpressureCascade c = new BackpressureCascade();
        CascadeListener a = named("a");
        CascadeListener b = named("b");
        CascadeListener d = named("d");
        c.addListener(a);
        c.addListener(b);
        c.addListener(d);
        assertTrue(c.removeListener(b));
        assertFalse(c.removeListener(b));
        assertFalse(c.removeListener(named("a")));
        c.update(PoolKind.RX_RING, 60, 100);
        assertEquals(List.of("a:HEALTHY->WARNING@60.0", "d:HEALTHY->WARNING@60.0"), calls);
    }

    @Test
    void capacityIsTheConfiguredMaximumAndFreedByRemove() {
        BackpressureCascade c = new BackpressureCascade(CascadeConfig.builder().maxListeners(2).build());
        CascadeListener a = named("a");
        c.addListener(a);
        c.addListener(named("b"));
        IllegalStateException full = assertThrows(IllegalStateException.class, () -> c.addListener(named("c")));
        assertEquals("listener array is full: maxListeners=2; raise CascadeConfig.maxListeners or remove a "
                + "listener first", full.getMessage());
        c.removeListener(a);
        c.addListener(named("c"));
        c.update(PoolKind.RX_RING, 60, 100);
        assertEquals(List.of("b:HEALTHY->WARNING@60.0", "c:HEALTHY->WARNING@60.0"), calls);
    }

    @Test
    void nullListenerIsRejected() {
        assertThrows(NullPointerException.class, () -> new BackpressureCascade().addListener(null));
    }

    @Test
    void listenerMayNotMutateTheCascadeButMayAdmit() {
        BackpressureCascade c = new BackpressureCascade();
        List<Class<?>> refused = new ArrayList<>();
        List<Boolean> admittedBulk = new ArrayList<>();
        c.addListener((from, to, u) -> {
            refused.add(attempt(() -> c.update()));
            refused.add(attempt(() -> c.report(PoolKind.TX_RING, 1, 2)));
            refused.add(attempt(() -> c.addListener(named("x"))));
            refused.add(attempt(() -> c.removeListener(named("x"))));
            admittedBulk.add(c.admit(TrafficClass.TX_BULK)); // reads state, counts a drop: allowed
        });
        c.update(PoolKind.RX_RING, 90, 100);
        assertEquals(List.of(IllegalStateException.class, IllegalStateException.class,
                IllegalStateException.class, IllegalStateException.class), refused);
        assertEquals(List.of(false), admittedBulk); // admit inside the listener already sees CRITICAL
        assertEquals(1, c.drops(TrafficClass.TX_BULK));
        // After dispatch the guard is lifted again: update works (and the listener fires once more).
        refused.clear();
        assertSame(CascadeState.HEALTHY, c.update(PoolKind.RX_RING, 1, 100));
        assertEquals(List.of(false, true), admittedBulk);
    }

    @Test
    void aThrowingListenerPropagatesButTheStateStaysPublishedAndTheGuardIsReset() {
        BackpressureCascade c = new BackpressureCascade();
        c.addListener((from, to, u) -> {
            throw new IllegalStateException("boom");
        });
        c.addListener(named("later"));
        assertEquals("boom", assertThrows(IllegalStateException.class,
                () -> c.update(PoolKind.RX_RING, 99, 100)).getMessage());
        assertEquals(CascadeState.DRAIN, c.state());
        assertEquals(1, c.transitions(CascadeState.DRAIN));
        assertEquals(List.of(), calls);
        // Guard reset: removeListener would throw IllegalStateException if still "dispatching".
        assertFalse(c.removeListener(named("none")));
    }

    private static Class<?> attempt(Runnable r) {
        try {
            r.run();
            return null;
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }
}

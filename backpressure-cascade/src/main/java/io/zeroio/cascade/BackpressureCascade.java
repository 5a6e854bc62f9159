package io.zeroio.cascade;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;

/**
 * Cache-line padding before the published fields (JCTools class-layering idiom: the JVM lays out a
 * superclass's fields before a subclass's, so fields in separate layers cannot be interleaved).
 */
abstract class CascadePadBefore {
    long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
}

/**
 * The two fields the shard writes on every {@code update()} and other threads read: isolated between
 * padding layers so the owner's stores do not invalidate lines holding its read-mostly fields (config,
 * arrays, listeners) or a neighbouring object's fields, and readers' loads do not steal those lines.
 */
abstract class CascadePublished extends CascadePadBefore {
    /** Written by the owner (setRelease), read by anyone (getAcquire); owner may read plain. */
    CascadeState state = CascadeState.HEALTHY;
    /** Written by the owner (setOpaque), read by anyone (getOpaque); percent in [0, 100]. */
    double utilisation;
}

/** Cache-line padding after the published fields. */
abstract class CascadePadAfter extends CascadePublished {
    long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
}

/**
 * The four-state backpressure cascade of one shard: turns pool fill levels into a
 * {@link CascadeState}, and the state into admission, RX-demand and idle-close decisions.
 *
 * <h2>Use</h2>
 * Once per duty cycle the shard {@link #report reports} each pool's (used, capacity) and calls
 * {@link #update()}; utilisation is the maximum over pools with capacity &gt; 0, and the state follows
 * it with immediate upward moves and hysteresis on the way down (see {@link CascadeConfig}). Before
 * taking a slot for an operation the shard asks {@link #admit(TrafficClass)}; before re-arming receives
 * it asks {@link #rxDemand(long, long)}; while {@link #shouldCloseIdle()} it closes idle connections.
 *
 * <h2>Threading contract</h2>
 * <ul>
 *   <li><b>One owner thread</b> (the shard) calls {@link #report}, {@link #update}, {@link #admit},
 *       {@link #recordDrop}, {@link #rxDemand}, {@link #addListener} and {@link #removeListener}.
 *       These are not safe to call from two threads; listeners may also be added before the cascade
 *       is handed to its shard, provided the hand-off itself is a safe publication (a thread start, a
 *       final field, a queue).</li>
 *   <li><b>Any thread</b> may call {@link #state()}, {@link #utilisation()}, {@link #drops},
 *       {@link #totalDrops()}, {@link #transitions}, {@link #shouldCloseIdle()} and {@link #config()}
 *       at any time. They never block and never see a torn value. A reader that sees state {@code S}
 *       also sees the {@code transitions(S)} increment and the utilisation that caused the move (or a
 *       later one). Separate reads are not a consistent snapshot of each other otherwise.</li>
 *   <li>No method takes a lock. {@code update}, {@code admit}, {@code recordDrop} and {@code rxDemand}
 *       allocate nothing (no boxing, iterators, lambdas or string building) except when they throw for
 *       a contract violation.</li>
 * </ul>
 *
 * <p>Utilisation is a {@code double} percentage in [0, 100], computed from {@code long} slot counts in
 * registers without allocation; counters are {@code long}.
 */
public final class BackpressureCascade extends CascadePadAfter {

    private static final VarHandle STATE;
    private static final VarHandle UTILISATION;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(CascadePublished.class, "state", CascadeState.class);
            UTILISATION = lookup.findVarHandle(CascadePublished.class, "utilisation", double.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // Immutable after construction; read by the owner on every call.
    private final CascadeConfig config;
    private final BudgetPartition budget;
    private final Hysteresis hysteresis;

    // Owner-only state: plain fields, never read by other threads.
    private final PoolUsage pools = new PoolUsage();
    private final CascadeListener[] listeners;
    private int listenerCount;
    /** True while listeners run, so re-entrant mutation is refused instead of corrupting the loop. */
    private boolean dispatching;

    // Single-writer counters, readable from any thread (see OwnerCounters for the ordering argument).
    private final OwnerCounters drops = new OwnerCounters(TrafficClass.COUNT);
    private final OwnerCounters transitions = new OwnerCounters(CascadeState.COUNT);

    /**
     * A cascade in state HEALTHY at utilisation 0 with no pools reported.
     *
     * @param config thresholds, hysteresis, budget and listener capacity; not null
     */
    public BackpressureCascade(CascadeConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.budget = config.budget();
        this.hysteresis = new Hysteresis(config);
        this.listeners = new CascadeListener[config.maxListeners()];
    }

    /** A cascade with {@link CascadeConfig#defaults()}. */
    public BackpressureCascade() {
        this(CascadeConfig.defaults());
    }

    // ------------------------------------------------------------------------------------------------
    // Owner thread
    // ------------------------------------------------------------------------------------------------

    /**
     * Owner thread: records one pool's fill level. Takes effect at the next {@link #update()}. A kind
     * reported with capacity 0 is ignored by {@code update()} until reported again with capacity &gt; 0.
     *
     * @param kind the pool; not null
     * @param used slots in use, in [0, capacity]
     * @param capacity total slots, &ge; 0
     * @throws IllegalArgumentException if a count is out of range (names the pool and the field)
     * @throws IllegalStateException if called from inside a listener
     */
    public void report(PoolKind kind, long used, long capacity) {
        checkNotDispatching();
        pools.report(kind, used, capacity);
    }

    /**
     * Owner thread: recomputes utilisation from the reported pools, moves the state and, if it changed,
     * counts the transition and calls the listeners (in the order they were added).
     *
     * @return the state after this update
     * @throws IllegalStateException if called from inside a listener
     */
    public CascadeState update() {
        checkNotDispatching();
        double u = pools.maxUtilisationPct();
        // Opaque: an untorn double that pollers keep seeing fresh; it needs no order of its own because
        // the release store of `state` below (when the state changes) orders it for state readers.
        UTILISATION.setOpaque(this, u);
        CascadeState from = state; // plain read: the owner is the only writer
        CascadeState to = hysteresis.next(from, u);
        if (to != from) {
            // Count first, then publish: the release store makes the count (and utilisation) visible
            // to any thread whose getAcquire in state() returns `to`.
            transitions.increment(to.ordinal());
            STATE.setRelease(this, to);
            notifyListeners(from, to, u);
        }
        return to;
    }

    /**
     * Owner thread: {@link #report} then {@link #update()}, for a shard with one pool to report.
     *
     * @param kind the pool; not null
     * @param used slots in use, in [0, capacity]
     * @param capacity total slots, &ge; 0
     * @return the state after this update
     */
    public CascadeState update(PoolKind kind, long used, long capacity) {
        report(kind, used, capacity);
        return update();
    }

    /**
     * Owner thread: whether an operation of this class may proceed in the current state (rules in
     * {@link CascadeState#admits(TrafficClass)}); if not, counts one drop for the class.
     *
     * @param trafficClass the class of the operation; not null
     * @return true to proceed, false if the operation is shed (and already counted)
     */
    public boolean admit(TrafficClass trafficClass) {
        if (state.admits(trafficClass)) { // plain read of state: owner thread
            return true;
        }
        drops.increment(trafficClass.ordinal());
        return false;
    }

    /**
     * Owner thread: counts a drop decided elsewhere (e.g. a pool exhausted, a send abandoned).
     *
     * @param trafficClass the class of the dropped operation; not null
     */
    public void recordDrop(TrafficClass trafficClass) {
        drops.increment(trafficClass.ordinal());
    }

    /**
     * Owner thread: how many more RX slots may be granted in the current state, within this cascade's
     * budget partition. HEALTHY: all free capacity; WARNING: the unused RX budget; CRITICAL: half the
     * unused RX budget; DRAIN: 0. Full rule in {@link CascadeState#rxDemand(BudgetPartition, long, long)}.
     *
     * @param capacity the pool's capacity in slots, &ge; 0
     * @param rxInUse slots currently held by RX, &ge; 0
     * @return slots that may still be granted to RX, in [0, capacity]
     * @throws IllegalArgumentException if an argument is negative
     */
    public long rxDemand(long capacity, long rxInUse) {
        return state.rxDemand(budget, capacity, rxInUse); // plain read of state: owner thread
    }

    /**
     * Owner thread (or before hand-off): adds a listener to the end of the pre-sized array. The same
     * listener added twice is called twice.
     *
     * @param listener the listener; not null
     * @throws IllegalStateException if {@link CascadeConfig#maxListeners()} listeners are already held,
     *     or if called from inside a listener
     */
    public void addListener(CascadeListener listener) {
        Objects.requireNonNull(listener, "listener");
        checkNotDispatching();
        if (listenerCount == listeners.length) {
            throw new IllegalStateException("listener array is full: maxListeners=" + listeners.length
                    + "; raise CascadeConfig.maxListeners or remove a listener first");
        }
        listeners[listenerCount++] = listener;
    }

    /**
     * Owner thread (or before hand-off): removes the first occurrence of a listener (by identity),
     * keeping the order of the others.
     *
     * @param listener the listener to remove
     * @return true if it was held
     * @throws IllegalStateException if called from inside a listener
     */
    public boolean removeListener(CascadeListener listener) {
        checkNotDispatching();
        for (int i = 0; i < listenerCount; i++) {
            if (listeners[i] == listener) {
                System.arraycopy(listeners, i + 1, listeners, i, listenerCount - i - 1);
                listeners[--listenerCount] = null; // let the removed listener be collected
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------------------------------------
    // Any thread
    // ------------------------------------------------------------------------------------------------

    /**
     * Any thread: the current state.
     *
     * @return the last state published by {@link #update()}; HEALTHY before the first transition
     */
    public CascadeState state() {
        // Acquire pairs with the owner's setRelease in update(): seeing state S implies seeing the
        // transitions(S) increment and the utilisation written before it.
        return (CascadeState) STATE.getAcquire(this);
    }

    /**
     * Any thread: the utilisation computed by the last {@link #update()}.
     *
     * @return percent in [0, 100]: the fullest reported pool's used / capacity
     */
    public double utilisation() {
        // Opaque pairs with the owner's setOpaque: untorn and fresh; no ordering with other fields.
        return (double) UTILISATION.getOpaque(this);
    }

    /**
     * Any thread: whether idle connections should be closed now.
     *
     * @return true while the state is DRAIN
     */
    public boolean shouldCloseIdle() {
        return state().shouldCloseIdle();
    }

    /**
     * Any thread: drops counted for one class, by {@link #admit} and {@link #recordDrop}.
     *
     * @param trafficClass the class; not null
     * @return the count since construction
     */
    public long drops(TrafficClass trafficClass) {
        return drops.get(trafficClass.ordinal());
    }

    /**
     * Any thread: drops over all classes. The sum of four separate reads: exact when the owner is
     * quiescent, otherwise between the totals before and after the concurrent drops.
     *
     * @return the count since construction
     */
    public long totalDrops() {
        long total = 0;
        for (int c = 0; c < TrafficClass.COUNT; c++) {
            total += drops.get(c);
        }
        return total;
    }

    /**
     * Any thread: how many times the cascade has entered a state. The initial HEALTHY is not counted.
     *
     * @param target the state entered; not null
     * @return the count since construction
     */
    public long transitions(CascadeState target) {
        return transitions.get(target.ordinal());
    }

    /**
     * Any thread: the configuration this cascade was built with.
     *
     * @return the immutable configuration
     */
    public CascadeConfig config() {
        return config;
    }

    /** Diagnostic text (allocates; not for the hot path). */
    @Override
    public String toString() {
        return "BackpressureCascade[state=" + state() + ", utilisation=" + utilisation()
                + "%, totalDrops=" + totalDrops() + "]";
    }

    // ------------------------------------------------------------------------------------------------

    private void notifyListeners(CascadeState from, CascadeState to, double u) {
        dispatching = true;
        try {
            // By index over the pre-sized array: no iterator. The guard in add/remove keeps
            // listenerCount and the array stable for the length of this loop.
            for (int i = 0; i < listenerCount; i++) {
                listeners[i].onTransition(from, to, u);
            }
        } finally {
            dispatching = false;
        }
    }

    private void checkNotDispatching() {
        if (dispatching) {
            throw new IllegalStateException(
                    "a CascadeListener must not update the cascade or change its listeners from onTransition");
        }
    }
}

package io.zeroio.cascade;

/**
 * The four pressure states of a shard, ordered from least to most pressure ({@link #ordinal()} grows
 * with pressure). Entry thresholds come from {@link CascadeConfig}; by default:
 *
 * <table>
 *   <caption>States and rules</caption>
 *   <tr><th>state</th><th>utilisation</th><th>admits</th><th>idle connections</th></tr>
 *   <tr><td>HEALTHY</td><td>&lt; 60 %</td><td>all classes</td><td>kept</td></tr>
 *   <tr><td>WARNING</td><td>60–80 %</td><td>all classes</td><td>kept</td></tr>
 *   <tr><td>CRITICAL</td><td>80–95 %</td><td>RX, TX_CRITICAL</td><td>kept</td></tr>
 *   <tr><td>DRAIN</td><td>&ge; 95 %</td><td>RX, TX_CRITICAL</td><td>closed</td></tr>
 * </table>
 *
 * <p>The rules here are pure functions of the state, so anyone holding a state (for example one read
 * from another thread with {@link BackpressureCascade#state()}) can evaluate them without touching the
 * cascade.
 */
public enum CascadeState {
    /** Below the warning threshold: everything admitted, RX may use any free capacity. */
    HEALTHY,
    /** Between warning and critical: everything admitted, RX demand trimmed to its budget. */
    WARNING,
    /** Between critical and drain: bulk TX and scratch shed; RX and critical TX admitted. */
    CRITICAL,
    /** At or above drain: as CRITICAL, no new RX buffers granted, idle connections closed. */
    DRAIN;

    /** Number of states; sizes per-state arrays without calling {@code values()} (which clones). */
    static final int COUNT = 4;

    /**
     * Whether an operation of the given class may proceed in this state.
     *
     * <p>RX and TX_CRITICAL are admitted in every state: RX because a landed receive already occupies
     * its slot (dropping it frees nothing and loses peer data; the lever against RX is granting fewer
     * receive buffers, see {@link BackpressureCascade#rxDemand(long, long)}), TX_CRITICAL because
     * handshakes and ACK-class frames must never starve. TX_BULK and SCRATCH are shed from CRITICAL up.
     *
     * @param trafficClass the class of the operation; not null
     * @return true if the operation may proceed
     */
    public boolean admits(TrafficClass trafficClass) {
        // Plain ordinal comparisons: no switch map, no allocation; the shard calls this per operation.
        if (ordinal() < CRITICAL.ordinal()) {
            return true;
        }
        return trafficClass == TrafficClass.RX || trafficClass == TrafficClass.TX_CRITICAL;
    }

    /**
     * How many more receive buffers (RX slots) may be granted in this state, given a pool of
     * {@code capacity} slots of which {@code rxInUse} are held by RX. This is the demand a shard grants
     * downstream: fewer granted receives means the kernel's TCP window pushes back on the peer.
     *
     * <p>With {@code free = max(0, capacity - rxInUse)} and
     * {@code rxLeft = max(0, budget.slots(RX, capacity) - rxInUse)} (the RX budget not yet used):
     * <ul>
     *   <li>HEALTHY: {@code free}. RX may borrow the idle budget of every other class.</li>
     *   <li>WARNING: {@code rxLeft}. RX is trimmed back to its own budget.</li>
     *   <li>CRITICAL: {@code rxLeft / 2} (rounded down). Half of what is left of the RX budget, keeping
     *       headroom for the receives already in flight.</li>
     *   <li>DRAIN: 0. No new receive buffers until the pool drains; already-landed receives are still
     *       admitted by {@link #admits(TrafficClass)}.</li>
     * </ul>
     * The grant never grows as pressure rises, and never exceeds {@code free}.
     *
     * @param budget the budget partition that defines the RX budget; not null
     * @param capacity the pool's capacity in slots, &ge; 0
     * @param rxInUse slots currently held by RX, &ge; 0 (may exceed the RX budget, borrowed while
     *     HEALTHY; the result is then 0 outside HEALTHY)
     * @return slots that may still be granted to RX, in [0, capacity]
     * @throws IllegalArgumentException if {@code capacity} or {@code rxInUse} is negative
     */
    public long rxDemand(BudgetPartition budget, long capacity, long rxInUse) {
        if (rxInUse < 0) {
            throw new IllegalArgumentException("rxInUse must be >= 0, got " + rxInUse);
        }
        long rxBudget = budget.slots(TrafficClass.RX, capacity); // validates capacity >= 0
        long free = Math.max(0L, capacity - rxInUse);
        long rxLeft = Math.max(0L, rxBudget - rxInUse);
        if (this == HEALTHY) {
            return free;
        }
        if (this == WARNING) {
            return rxLeft;
        }
        if (this == CRITICAL) {
            return rxLeft >>> 1;
        }
        return 0L;
    }

    /**
     * Whether idle connections should be closed to give their slots back.
     *
     * @return true only in {@link #DRAIN}
     */
    public boolean shouldCloseIdle() {
        return this == DRAIN;
    }
}

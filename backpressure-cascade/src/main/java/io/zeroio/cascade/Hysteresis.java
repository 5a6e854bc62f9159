package io.zeroio.cascade;

/**
 * The state-transition rule of the cascade, separated from the cascade so it can be read and tested
 * as a pure function of (current state, utilisation).
 *
 * <p>Upward moves are immediate and may skip states: the result is at least the state whose band the
 * utilisation lies in. Downward moves step one state at a time, each only while utilisation is
 * strictly below that state's entry threshold minus the hysteresis margin; so from DRAIN at 78 % with
 * the defaults the result is CRITICAL (78 &lt; 95-5, but not &lt; 80-5), and from DRAIN at 10 % it is
 * HEALTHY in one call.
 *
 * <p>Immutable after construction; owned by one cascade, safe to share.
 */
final class Hysteresis {

    /** Cached: {@code CascadeState.values()} clones its array on every call. */
    private static final CascadeState[] STATES = CascadeState.values();

    private final double warningPct;
    private final double criticalPct;
    private final double drainPct;
    /** exitBelow[s]: leave state s downward when utilisation &lt; this. HEALTHY is never left down. */
    private final double[] exitBelow = new double[CascadeState.COUNT];

    Hysteresis(CascadeConfig config) {
        this.warningPct = config.warningPct();
        this.criticalPct = config.criticalPct();
        this.drainPct = config.drainPct();
        exitBelow[CascadeState.HEALTHY.ordinal()] = Double.NEGATIVE_INFINITY;
        exitBelow[CascadeState.WARNING.ordinal()] = config.warningPct() - config.hysteresisPct();
        exitBelow[CascadeState.CRITICAL.ordinal()] = config.criticalPct() - config.hysteresisPct();
        exitBelow[CascadeState.DRAIN.ordinal()] = config.drainPct() - config.hysteresisPct();
    }

    /**
     * The state after observing {@code utilisationPct} while in {@code current}.
     *
     * @param current the state before
     * @param utilisationPct utilisation in percent
     * @return the state after; the same instance if nothing changes
     */
    CascadeState next(CascadeState current, double utilisationPct) {
        int band = band(utilisationPct);
        int state = current.ordinal();
        if (band >= state) {
            return STATES[band];
        }
        // Step down while below the current state's exit line. Stops at `band` at the latest: there
        // utilisation >= the entry threshold >= the exit line (hysteresis >= 0).
        while (state > band && utilisationPct < exitBelow[state]) {
            state--;
        }
        return STATES[state];
    }

    /** Ordinal of the state whose [entry, next entry) band holds the utilisation, ignoring hysteresis. */
    private int band(double utilisationPct) {
        if (utilisationPct >= drainPct) {
            return CascadeState.DRAIN.ordinal();
        }
        if (utilisationPct >= criticalPct) {
            return CascadeState.CRITICAL.ordinal();
        }
        if (utilisationPct >= warningPct) {
            return CascadeState.WARNING.ordinal();
        }
        return CascadeState.HEALTHY.ordinal();
    }
}

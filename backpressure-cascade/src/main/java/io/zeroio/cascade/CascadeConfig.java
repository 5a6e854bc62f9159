package io.zeroio.cascade;

import java.util.Objects;

/**
 * Thresholds, hysteresis, budget partition and listener capacity of a {@link BackpressureCascade}.
 * Immutable and validated on construction; build one with {@link #defaults()} or {@link #builder()}.
 *
 * <p>Thresholds are whole percent of pool utilisation. A state is entered when utilisation is at or
 * above its threshold ({@code >=}); it is left downward only when utilisation falls strictly below its
 * threshold minus {@code hysteresisPct}, so a pool hovering at a boundary does not flap the state.
 *
 * @param warningPct utilisation at which WARNING is entered; in (0, 100], below {@code criticalPct}
 * @param criticalPct utilisation at which CRITICAL is entered; in (warningPct, 100], below
 *     {@code drainPct}
 * @param drainPct utilisation at which DRAIN is entered; in (criticalPct, 100]
 * @param hysteresisPct margin below a state's entry threshold that utilisation must cross to leave it
 *     downward; in [0, warningPct) so HEALTHY stays reachable
 * @param budget split of pool capacity between traffic classes; not null
 * @param maxListeners size of the pre-allocated listener array; in [0, 1024]
 */
public record CascadeConfig(int warningPct, int criticalPct, int drainPct, int hysteresisPct,
                            BudgetPartition budget, int maxListeners) {

    /** Default entry threshold of WARNING, percent. */
    public static final int DEFAULT_WARNING_PCT = 60;
    /** Default entry threshold of CRITICAL, percent. */
    public static final int DEFAULT_CRITICAL_PCT = 80;
    /** Default entry threshold of DRAIN, percent. */
    public static final int DEFAULT_DRAIN_PCT = 95;
    /** Default hysteresis margin, percentage points. */
    public static final int DEFAULT_HYSTERESIS_PCT = 5;
    /** Default listener capacity. */
    public static final int DEFAULT_MAX_LISTENERS = 8;
    /** Upper bound on {@code maxListeners}: listeners run inline on the shard, many would be a smell. */
    public static final int MAX_LISTENERS_LIMIT = 1024;

    private static final CascadeConfig DEFAULTS = new CascadeConfig(DEFAULT_WARNING_PCT, DEFAULT_CRITICAL_PCT,
            DEFAULT_DRAIN_PCT, DEFAULT_HYSTERESIS_PCT, BudgetPartition.defaults(), DEFAULT_MAX_LISTENERS);

    /**
     * Validates every field.
     *
     * @throws IllegalArgumentException naming the first invalid field and its allowed range
     * @throws NullPointerException if {@code budget} is null
     */
    public CascadeConfig {
        // Thresholds must be strictly increasing in (0, 100]; each message names the field and the
        // range it must lie in given the fields before it.
        if (warningPct <= 0 || warningPct > 100) {
            throw new IllegalArgumentException(
                    "warningPct must be in (0, 100] (thresholds strictly increasing), got " + warningPct);
        }
        if (criticalPct <= warningPct || criticalPct > 100) {
            throw new IllegalArgumentException("criticalPct must be in (warningPct=" + warningPct
                    + ", 100] (thresholds strictly increasing), got " + criticalPct);
        }
        if (drainPct <= criticalPct || drainPct > 100) {
            throw new IllegalArgumentException("drainPct must be in (criticalPct=" + criticalPct
                    + ", 100] (thresholds strictly increasing), got " + drainPct);
        }
        // hysteresisPct >= warningPct would mean WARNING is left only below 0 %: never.
        if (hysteresisPct < 0 || hysteresisPct >= warningPct) {
            throw new IllegalArgumentException(
                    "hysteresisPct must be in [0, warningPct=" + warningPct + "), got " + hysteresisPct);
        }
        Objects.requireNonNull(budget, "budget must not be null");
        if (maxListeners < 0 || maxListeners > MAX_LISTENERS_LIMIT) {
            throw new IllegalArgumentException(
                    "maxListeners must be in [0, " + MAX_LISTENERS_LIMIT + "], got " + maxListeners);
        }
    }

    /**
     * The seed's configuration: 60 / 80 / 95 %, 5 points of hysteresis, the default budget partition,
     * room for 8 listeners.
     *
     * @return the shared default instance
     */
    public static CascadeConfig defaults() {
        return DEFAULTS;
    }

    /**
     * A builder starting from {@link #defaults()}.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The utilisation, in percent, at or above which a state is entered.
     *
     * @param state the state; not null
     * @return 0 for HEALTHY, else the matching threshold
     */
    public int entryPct(CascadeState state) {
        return switch (state) {
            case HEALTHY -> 0;
            case WARNING -> warningPct;
            case CRITICAL -> criticalPct;
            case DRAIN -> drainPct;
        };
    }

    /**
     * Mutable builder for {@link CascadeConfig}; not thread-safe, used once at boot. Every setter
     * returns this builder; {@link #build()} validates.
     */
    public static final class Builder {
        private int warningPct = DEFAULT_WARNING_PCT;
        private int criticalPct = DEFAULT_CRITICAL_PCT;
        private int drainPct = DEFAULT_DRAIN_PCT;
        private int hysteresisPct = DEFAULT_HYSTERESIS_PCT;
        private BudgetPartition budget = BudgetPartition.defaults();
        private int maxListeners = DEFAULT_MAX_LISTENERS;

        private Builder() {
        }

        /**
         * Sets the WARNING threshold.
         *
         * @param pct percent in (0, 100], below the critical threshold
         * @return this builder
         */
        public Builder warningPct(int pct) {
            this.warningPct = pct;
            return this;
        }

        /**
         * Sets the CRITICAL threshold.
         *
         * @param pct percent in (warningPct, 100], below the drain threshold
         * @return this builder
         */
        public Builder criticalPct(int pct) {
            this.criticalPct = pct;
            return this;
        }

        /**
         * Sets the DRAIN threshold.
         *
         * @param pct percent in (criticalPct, 100]
         * @return this builder
         */
        public Builder drainPct(int pct) {
            this.drainPct = pct;
            return this;
        }

        /**
         * Sets the hysteresis margin.
         *
         * @param pct percentage points in [0, warningPct)
         * @return this builder
         */
        public Builder hysteresisPct(int pct) {
            this.hysteresisPct = pct;
            return this;
        }

        /**
         * Sets the budget partition.
         *
         * @param partition the partition; not null
         * @return this builder
         */
        public Builder budget(BudgetPartition partition) {
            this.budget = partition;
            return this;
        }

        /**
         * Sets the listener capacity.
         *
         * @param count listeners in [0, 1024]
         * @return this builder
         */
        public Builder maxListeners(int count) {
            this.maxListeners = count;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @return a new configuration
         * @throws IllegalArgumentException naming the first invalid field and its allowed range
         * @throws NullPointerException if the budget is null
         */
        public CascadeConfig build() {
            return new CascadeConfig(warningPct, criticalPct, drainPct, hysteresisPct, budget, maxListeners);
        }
    }
}

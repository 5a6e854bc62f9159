package io.zeroio.runtime.shard;

import java.util.List;

import io.zeroio.cascade.CascadeConfig;
import io.zeroio.runtime.pool.HugePages;
import io.zeroio.runtime.pool.PoolTier;

/**
 * Per-shard settings (the seed's {@code Config}). Immutable; build with {@link #builder()}.
 * Defaults follow the seed: 4096 slots of 2048 bytes, 1024 connections, 256 events per poll.
 *
 * @param name              thread and metric name of the shard
 * @param tiers             pool tiers, smallest slot size first; tier 0 receives
 * @param hugePages         huge-page backing of the pools
 * @param maxConnections    connection table size
 * @param maxEventsPerPoll  events one {@code poll()} may queue
 * @param backend           kernel interface
 * @param wakeup            wait strategy
 * @param cpu               CPU to pin the shard thread to, or -1 for none
 * @param ringEntries       io_uring submission queue entries (power of two)
 * @param txQueueDepth      sends queued per connection before {@code send} reports backpressure
 * @param rxBufferCount     RX slots lent to the kernel at once (io_uring buffer ring size, power of two)
 * @param drainIdleNanos    in Drain, connections idle this long are closed
 * @param cascade           backpressure cascade thresholds and budget
 */
public record Config(String name, List<PoolTier> tiers, HugePages hugePages, int maxConnections,
                     int maxEventsPerPoll, BackendKind backend, WakeupStrategy wakeup, int cpu,
                     int ringEntries, int txQueueDepth, int rxBufferCount, long drainIdleNanos,
                     CascadeConfig cascade) {

    /** Validates every field; messages name the setting and the allowed values. */
    public Config {
        if (tiers == null || tiers.isEmpty()) {
            throw new IllegalArgumentException("pools: at least one tier (slot-size, slot-count) is required");
        }
        tiers = List.copyOf(tiers);
        requireRange("max-connections", maxConnections, 1, 1 << 20);
        requireRange("max-events-per-poll", maxEventsPerPoll, 1, 1 << 16);
        requirePowerOfTwo("ring-entries", ringEntries, 2, 32768);
        requirePowerOfTwo("tx-queue-depth", txQueueDepth, 2, 1 << 16);
        requirePowerOfTwo("rx-buffer-count", rxBufferCount, 1, 32768);
        if (rxBufferCount > tiers.get(0).slotCount()) {
            throw new IllegalArgumentException("rx-buffer-count (" + rxBufferCount
                + ") must not exceed the slot-count of pool tier 0 (" + tiers.get(0).slotCount() + ")");
        }
        if (cpu < -1) {
            throw new IllegalArgumentException("cpu must be -1 (no pinning) or a CPU number, was " + cpu);
        }
        if (drainIdleNanos < 0) {
            throw new IllegalArgumentException("drain-idle must be >= 0, was " + drainIdleNanos);
        }
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
    }

    private static void requireRange(String key, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(key + " must be in " + min + ".." + max + ", was " + value);
        }
    }

    private static void requirePowerOfTwo(String key, int value, int min, int max) {
        if (value < min || value > max || Integer.bitCount(value) != 1) {
            throw new IllegalArgumentException(key + " must be a power of two in " + min + ".." + max + ", was " + value);
        }
    }

    /** A builder preset with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The defaults. */
    public static Config defaults() {
        return builder().build();
    }

    /** A copy with another backend. */
    public Config withBackend(BackendKind kind) {
        return new Config(name, tiers, hugePages, maxConnections, maxEventsPerPoll, kind, wakeup, cpu, ringEntries,
            txQueueDepth, rxBufferCount, drainIdleNanos, cascade);
    }

    /** Mutable builder for {@link Config}. */
    public static final class Builder {
        private String name = "zero-io-shard";
        private List<PoolTier> tiers = List.of(new PoolTier(2048, 4096));
        private HugePages hugePages = HugePages.AUTO;
        private int maxConnections = 1024;
        private int maxEventsPerPoll = 256;
        private BackendKind backend = BackendKind.AUTO;
        private WakeupStrategy wakeup = WakeupStrategy.FUTEX;
        private int cpu = -1;
        private int ringEntries = 1024;
        private int txQueueDepth = 64;
        private int rxBufferCount = 1024;
        private long drainIdleNanos = 1_000_000_000L;
        private CascadeConfig cascade = CascadeConfig.defaults();

        Builder() {
        }

        /** Shard name (thread name, metric tag). */
        public Builder name(String v) { this.name = v; return this; }

        /** Pool tiers, smallest slot size first. */
        public Builder pools(PoolTier... v) { this.tiers = List.of(v); return this; }

        /** Pool tiers, smallest slot size first. */
        public Builder pools(List<PoolTier> v) { this.tiers = v; return this; }

        /** Huge pages for pool memory. */
        public Builder hugePages(HugePages v) { this.hugePages = v; return this; }

        /** Connection table size. */
        public Builder maxConnections(int v) { this.maxConnections = v; return this; }

        /** Events one poll may queue. */
        public Builder maxEventsPerPoll(int v) { this.maxEventsPerPoll = v; return this; }

        /** Backend. */
        public Builder backend(BackendKind v) { this.backend = v; return this; }

        /** Wakeup strategy. */
        public Builder wakeup(WakeupStrategy v) { this.wakeup = v; return this; }

        /** CPU to pin the shard thread to (-1: none). */
        public Builder cpu(int v) { this.cpu = v; return this; }

        /** io_uring SQ entries. */
        public Builder ringEntries(int v) { this.ringEntries = v; return this; }

        /** Sends queued per connection. */
        public Builder txQueueDepth(int v) { this.txQueueDepth = v; return this; }

        /** RX slots lent to the kernel at once. */
        public Builder rxBufferCount(int v) { this.rxBufferCount = v; return this; }

        /** Idle time after which Drain closes a connection. */
        public Builder drainIdleNanos(long v) { this.drainIdleNanos = v; return this; }

        /** Cascade thresholds. */
        public Builder cascade(CascadeConfig v) { this.cascade = v; return this; }

        /** Validates and builds. */
        public Config build() {
            return new Config(name, tiers, hugePages, maxConnections, maxEventsPerPoll, backend, wakeup, cpu,
                ringEntries, txQueueDepth, rxBufferCount, drainIdleNanos, cascade);
        }
    }
}

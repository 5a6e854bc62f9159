package io.zeroio.pekko;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigValueType;

import io.zeroio.cascade.CascadeConfig;
import io.zeroio.runtime.pool.HugePages;
import io.zeroio.runtime.pool.PoolTier;
import io.zeroio.runtime.shard.BackendKind;
import io.zeroio.runtime.shard.WakeupStrategy;

/**
 * The validated {@code zero-io { … }} section (see {@code reference.conf} for every key, its
 * default and meaning). Built once when the {@link ZeroIo} extension starts; any bad value throws
 * {@link ZeroIoConfigException} naming the key and the allowed values.
 *
 * @param shards            shard threads (resolved: never 0)
 * @param backend           kernel interface
 * @param wakeup            idle wait strategy
 * @param pinCpus           whether shard threads are pinned
 * @param cpuOffset         first CPU for pinning
 * @param tiers             pool tiers per shard
 * @param maxConnections    connection table size per shard
 * @param txQueueDepth      sends queued per connection
 * @param rxBufferCount     RX slots lent to the kernel
 * @param cascade           cascade thresholds
 * @param drainIdle         idle time after which Drain closes a connection
 * @param prefetch          outstanding leases per connection while Healthy
 * @param warningPrefetch   outstanding leases per connection while Warning
 * @param criticalPrefetch  outstanding leases per connection while Critical (and Drain)
 * @param outgoingBuffer    outgoing elements buffered per connection
 * @param acceptBuffer      accepted connections buffered per bind
 * @param drainTimeout      graceful close budget at shutdown
 * @param metricsEnabled    whether Kamon metrics are published
 * @param metricsInterval   how often they are published
 */
public record ZeroIoSettings(int shards, BackendKind backend, WakeupStrategy wakeup, boolean pinCpus, int cpuOffset,
                             List<PoolTier> tiers, int maxConnections, int txQueueDepth, int rxBufferCount,
                             CascadeConfig cascade, Duration drainIdle, int prefetch, int warningPrefetch,
                             int criticalPrefetch, int outgoingBuffer, int acceptBuffer, Duration drainTimeout,
                             boolean metricsEnabled, Duration metricsInterval) {

    private static final String ROOT = "zero-io";

    /** Reads and validates {@code zero-io} from a full configuration (e.g. {@code system.settings().config()}). */
    public static ZeroIoSettings from(Config root) {
        if (!root.hasPath(ROOT)) {
            throw new ZeroIoConfigException(ROOT, "section missing (is pekko-integration's reference.conf on the classpath?)");
        }
        final Config c = root.getConfig(ROOT);
        int shards = intIn(c, "shards", 0, 1024);
        if (shards == 0) {
            shards = Runtime.getRuntime().availableProcessors();
        }
        final BackendKind backend = switch (word(c, "backend", "auto", "io-uring", "nio")) {
            case "io-uring" -> BackendKind.IO_URING;
            case "nio" -> BackendKind.NIO;
            default -> BackendKind.AUTO;
        };
        final WakeupStrategy wakeup = switch (word(c, "wakeup", "futex", "adaptive", "spin")) {
            case "adaptive" -> WakeupStrategy.ADAPTIVE;
            case "spin" -> WakeupStrategy.SPIN;
            default -> WakeupStrategy.FUTEX;
        };
        final boolean pin = bool(c, "pin-cpus");
        final int cpuOffset = intIn(c, "cpu-offset", 0, 4096);
        final List<PoolTier> tiers = tiers(c);
        final int maxConnections = intIn(c, "max-connections", 1, 1 << 20);
        final int txDepth = powerOfTwo(c, "tx-queue-depth", 2, 1 << 16);
        final int rxCount = powerOfTwo(c, "rx-buffer-count", 1, 32768);
        if (rxCount > tiers.get(0).slotCount()) {
            throw new ZeroIoConfigException(ROOT + ".rx-buffer-count", "must not exceed pools[0].slot-count ("
                + tiers.get(0).slotCount() + "), was " + rxCount);
        }
        final int warning = intIn(c, "cascade.warning", 1, 100);
        final int critical = intIn(c, "cascade.critical", warning + 1, 100);
        final int drain = intIn(c, "cascade.drain", critical + 1, 100);
        final int hysteresis = intIn(c, "cascade.hysteresis", 0, warning - 1);
        final CascadeConfig cascade = CascadeConfig.builder().warningPct(warning).criticalPct(critical)
            .drainPct(drain).hysteresisPct(hysteresis).build();
        final Duration drainIdle = duration(c, "cascade.drain-idle");
        final int prefetch = intIn(c, "streams.prefetch", 1, 1024);
        final int warningPrefetch = intIn(c, "streams.warning-prefetch", 1, prefetch);
        final int criticalPrefetch = intIn(c, "streams.critical-prefetch", 1, warningPrefetch);
        final int outgoing = intIn(c, "streams.outgoing-buffer", 1, 1 << 16);
        final int accept = intIn(c, "streams.accept-buffer", 1, 1 << 16);
        final Duration drainTimeout = duration(c, "shutdown.drain-timeout");
        final boolean metrics = bool(c, "metrics.enabled");
        final Duration interval = duration(c, "metrics.interval");
        if (interval.isZero()) {
            throw new ZeroIoConfigException(ROOT + ".metrics.interval", "must be > 0");
        }
        return new ZeroIoSettings(shards, backend, wakeup, pin, cpuOffset, tiers, maxConnections, txDepth, rxCount,
            cascade, drainIdle, prefetch, warningPrefetch, criticalPrefetch, outgoing, accept, drainTimeout, metrics,
            interval);
    }

    /** The runtime-shards configuration of shard {@code index} (named {@code zero-io-<system>-<index>}). */
    public io.zeroio.runtime.shard.Config shardConfig(String systemName, int index) {
        final int cpus = Runtime.getRuntime().availableProcessors();
        return io.zeroio.runtime.shard.Config.builder()
            .name("zero-io-" + systemName + "-" + index)
            .pools(tiers).hugePages(HugePages.OFF)
            .maxConnections(maxConnections).backend(backend).wakeup(wakeup)
            .cpu(pinCpus ? (cpuOffset + index) % cpus : -1)
            .txQueueDepth(txQueueDepth).rxBufferCount(rxBufferCount)
            .drainIdleNanos(drainIdle.toNanos()).cascade(cascade)
            .build();
    }

    private static String key(String path) {
        return ROOT + "." + path;
    }

    private static int intIn(Config c, String path, int min, int max) {
        final int v;
        try {
            v = c.getInt(path);
        } catch (ConfigException.Missing e) {
            throw new ZeroIoConfigException(key(path), "missing; allowed: an integer in " + min + ".." + max);
        } catch (ConfigException e) {
            throw new ZeroIoConfigException(key(path), "not an integer (" + e.getMessage() + "); allowed: " + min + ".." + max);
        }
        if (v < min || v > max) {
            throw new ZeroIoConfigException(key(path), "allowed: an integer in " + min + ".." + max + ", was " + v);
        }
        return v;
    }

    private static int powerOfTwo(Config c, String path, int min, int max) {
        final int v = intIn(c, path, min, max);
        if (Integer.bitCount(v) != 1) {
            throw new ZeroIoConfigException(key(path), "allowed: a power of two in " + min + ".." + max + ", was " + v);
        }
        return v;
    }

    private static String word(Config c, String path, String... allowed) {
        final String v;
        try {
            v = c.getString(path).trim().toLowerCase(Locale.ROOT);
        } catch (ConfigException e) {
            throw new ZeroIoConfigException(key(path), "missing or not a string; allowed: " + String.join(" | ", allowed));
        }
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new ZeroIoConfigException(key(path), "allowed: " + String.join(" | ", allowed) + ", was '" + v + "'");
    }

    private static boolean bool(Config c, String path) {
        try {
            return c.getBoolean(path);
        } catch (ConfigException e) {
            throw new ZeroIoConfigException(key(path), "allowed: on | off | true | false");
        }
    }

    private static Duration duration(Config c, String path) {
        try {
            final Duration d = c.getDuration(path);
            if (d.isNegative()) {
                throw new ZeroIoConfigException(key(path), "allowed: a duration >= 0 (e.g. 2s, 500ms), was " + d);
            }
            return d;
        } catch (ConfigException e) {
            throw new ZeroIoConfigException(key(path), "allowed: a duration >= 0 (e.g. 2s, 500ms)");
        }
    }

    private static List<PoolTier> tiers(Config c) {
        final String path = "pools";
        if (!c.hasPath(path) || c.getValue(path).valueType() != ConfigValueType.LIST) {
            throw new ZeroIoConfigException(key(path), "allowed: a list of { slot-size = bytes, slot-count = n }, smallest slot-size first");
        }
        final List<? extends Config> list = c.getConfigList(path);
        if (list.isEmpty()) {
            throw new ZeroIoConfigException(key(path), "at least one tier { slot-size, slot-count } is required");
        }
        final List<PoolTier> out = new ArrayList<>();
        int previous = 0;
        for (int i = 0; i < list.size(); i++) {
            final Config t = list.get(i);
            final String p = path + "[" + i + "]";
            final int size = tierInt(t, p, "slot-size", 64, 1 << 24);
            final int count = tierInt(t, p, "slot-count", 1, 1 << 24);
            if (size <= previous) {
                throw new ZeroIoConfigException(key(p + ".slot-size"), "tiers must be listed by strictly increasing slot-size; "
                    + size + " follows " + previous);
            }
            previous = size;
            out.add(new PoolTier(size, count));
        }
        return List.copyOf(out);
    }

    private static int tierInt(Config t, String p, String field, int min, int max) {
        final int v;
        try {
            v = t.getInt(field);
        } catch (ConfigException e) {
            throw new ZeroIoConfigException(key(p + "." + field), "missing or not an integer; allowed: " + min + ".." + max);
        }
        if (v < min || v > max) {
            throw new ZeroIoConfigException(key(p + "." + field), "allowed: an integer in " + min + ".." + max + ", was " + v);
        }
        return v;
    }
}

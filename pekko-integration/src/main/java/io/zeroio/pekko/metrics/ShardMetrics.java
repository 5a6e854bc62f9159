package io.zeroio.pekko.metrics;

import java.time.Duration;
import java.util.List;

import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Cancellable;

import io.zeroio.cascade.CascadeState;
import io.zeroio.cascade.TrafficClass;
import io.zeroio.pekko.shard.ShardCounters;
import io.zeroio.pekko.shard.ZeroIoShard;
import io.zeroio.runtime.pool.PoolStats;
import kamon.Kamon;
import kamon.metric.Counter;
import kamon.metric.Gauge;
import kamon.tag.TagSet;

/**
 * Publishes per-shard Kamon metrics every {@code zero-io.metrics.interval}, from a Pekko scheduler
 * thread (never the shard thread; the shard only bumps plain counters). Metric names:
 * <table>
 *   <caption>zero-io Kamon metrics (every one tagged {@code system} and {@code shard})</caption>
 *   <tr><td>{@code zeroio.pool.slots}</td><td>gauge, tags {@code tier}, {@code kind = current | peak | capacity | held}</td></tr>
 *   <tr><td>{@code zeroio.cascade.state}</td><td>gauge: 0 Healthy, 1 Warning, 2 Critical, 3 Drain</td></tr>
 *   <tr><td>{@code zeroio.cascade.transitions}</td><td>counter, tag {@code to}</td></tr>
 *   <tr><td>{@code zeroio.connections}</td><td>gauge: open connections</td></tr>
 *   <tr><td>{@code zeroio.bytes}, {@code zeroio.messages}</td><td>counters, tag {@code direction = in | out}</td></tr>
 *   <tr><td>{@code zeroio.drops}</td><td>counter, tag {@code class = rx | tx_critical | tx_bulk | scratch | shed_out}</td></tr>
 *   <tr><td>{@code zeroio.prefetch}</td><td>gauge: per-connection lease prefetch granted now</td></tr>
 * </table>
 */
public final class ShardMetrics {
    private static final CascadeState[] STATES = CascadeState.values();
    private static final TrafficClass[] CLASSES = TrafficClass.values();

    private final List<ZeroIoShard> shards;
    private final String system;
    private final long[][] last;
    private final Cancellable task;
    private final java.util.concurrent.atomic.AtomicBoolean publishing = new java.util.concurrent.atomic.AtomicBoolean();

    private ShardMetrics(ActorSystem system, List<ZeroIoShard> shards, Duration interval) {
        this.shards = shards;
        this.system = system.name();
        this.last = new long[shards.size()][16];
        this.task = system.scheduler().scheduleAtFixedRate(Duration.ZERO, interval, this::publishQuietly,
            system.dispatcher());
    }

    /** Starts publishing. */
    public static ShardMetrics start(ActorSystem system, List<ZeroIoShard> shards, Duration interval) {
        return new ShardMetrics(system, shards, interval);
    }

    /** Stops publishing (after one last publication). */
    public void stop() {
        task.cancel();
        publishQuietly();
    }

    private void publishQuietly() {
        try {
            publish();
        } catch (RuntimeException e) {
            // a shard that is stopping: skip this round
        }
    }

    /** Publishes one round now (also called by the scheduler); a round already running makes this a no-op. */
    public void publish() {
        if (!publishing.compareAndSet(false, true)) {
            return;
        }
        try {
            publishRound();
        } finally {
            publishing.set(false);
        }
    }

    private void publishRound() {
        for (int s = 0; s < shards.size(); s++) {
            final ZeroIoShard shard = shards.get(s);
            if (shard.isStopped()) {
                continue;
            }
            final String id = Integer.toString(shard.index());
            final PoolStats stats = shard.poolStats();
            for (PoolStats.Tier t : stats.tiers()) {
                final String tier = Integer.toString(t.tier());
                gauge("zeroio.pool.slots", TagSet.builder().add("system", system).add("shard", id).add("tier", tier).add("kind", "current").build())
                    .update(t.inUse());
                gauge("zeroio.pool.slots", TagSet.builder().add("system", system).add("shard", id).add("tier", tier).add("kind", "held").build())
                    .update(t.held());
                gauge("zeroio.pool.slots", TagSet.builder().add("system", system).add("shard", id).add("tier", tier).add("kind", "peak").build())
                    .update(t.peak());
                gauge("zeroio.pool.slots", TagSet.builder().add("system", system).add("shard", id).add("tier", tier).add("kind", "capacity").build())
                    .update(t.capacity());
            }
            final var cascade = shard.cascade();
            gauge("zeroio.cascade.state", TagSet.builder().add("system", system).add("shard", id).build()).update(cascade.state().ordinal());
            gauge("zeroio.prefetch", TagSet.builder().add("system", system).add("shard", id).build()).update(shard.prefetchNow());
            gauge("zeroio.connections", TagSet.builder().add("system", system).add("shard", id).build()).update(shard.openConnections());
            final long[] prev = last[s];
            for (CascadeState st : STATES) {
                final long v = cascade.transitions(st);
                counter("zeroio.cascade.transitions", TagSet.builder().add("system", system).add("shard", id)
                    .add("to", st.name().toLowerCase(java.util.Locale.ROOT)).build()).increment(v - prev[st.ordinal()]);
                prev[st.ordinal()] = v;
            }
            for (TrafficClass c : CLASSES) {
                final long v = cascade.drops(c);
                counter("zeroio.drops", TagSet.builder().add("system", system).add("shard", id)
                    .add("class", c.name().toLowerCase(java.util.Locale.ROOT)).build()).increment(v - prev[4 + c.ordinal()]);
                prev[4 + c.ordinal()] = v;
            }
            final ShardCounters k = shard.counters();
            prev[8] = bump("zeroio.drops", TagSet.builder().add("system", system).add("shard", id).add("class", "shed_out").build(), k.shedOut(), prev[8]);
            prev[9] = bump("zeroio.bytes", TagSet.builder().add("system", system).add("shard", id).add("direction", "in").build(), k.bytesIn(), prev[9]);
            prev[10] = bump("zeroio.bytes", TagSet.builder().add("system", system).add("shard", id).add("direction", "out").build(), k.bytesOut(), prev[10]);
            prev[11] = bump("zeroio.messages", TagSet.builder().add("system", system).add("shard", id).add("direction", "in").build(), k.messagesIn(), prev[11]);
            prev[12] = bump("zeroio.messages", TagSet.builder().add("system", system).add("shard", id).add("direction", "out").build(), k.messagesOut(), prev[12]);
        }
    }

    private static long bump(String name, TagSet tags, long now, long before) {
        counter(name, tags).increment(now - before);
        return now;
    }

    private static Gauge gauge(String name, TagSet tags) {
        return Kamon.gauge(name).withTags(tags);
    }

    private static Counter counter(String name, TagSet tags) {
        return Kamon.counter(name).withTags(tags);
    }
}

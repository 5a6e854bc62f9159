package io.zeroio.protocol.http.middleware;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import kamon.Kamon;

import kamon.metric.Distribution;
import kamon.metric.Instrument;
import kamon.metric.MetricSnapshot;
import kamon.metric.PeriodSnapshot;
import kamon.module.MetricReporter;
import scala.jdk.javaapi.CollectionConverters;

/** A Kamon reporter for tests: sums counter values and timer counts per series (name + tags). */
final class KamonProbe implements MetricReporter {
    final Map<String, Long> counters = new ConcurrentHashMap<>();
    final Map<String, Long> timerCounts = new ConcurrentHashMap<>();
    final Map<String, Long> timerMax = new ConcurrentHashMap<>();
    final Map<String, Long> timerMin = new ConcurrentHashMap<>();
    private static boolean initialised;

    /** Initialises Kamon once per JVM (test classes share the fork): a 200 ms tick, no banner, no Prometheus server. */
    static synchronized void initKamon() {
        if (initialised) {
            return;
        }
        Kamon.initWithoutAttaching(ConfigFactory.parseString("""
            kamon.metric.tick-interval = 200 ms
            kamon.init.hide-banner = true
            kamon.modules.prometheus-reporter.enabled = false
            """).withFallback(ConfigFactory.load()));
        initialised = true;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void reportPeriodSnapshot(PeriodSnapshot snapshot) {
        for (MetricSnapshot m : CollectionConverters.asJava(snapshot.counters())) {
            for (Object o : CollectionConverters.asJava(m.instruments())) {
                final Instrument.Snapshot i = (Instrument.Snapshot) o;
                counters.merge(m.name() + i.tags(), ((Number) i.value()).longValue(), Long::sum);
            }
        }
        for (MetricSnapshot m : CollectionConverters.asJava(snapshot.timers())) {
            for (Object o : CollectionConverters.asJava(m.instruments())) {
                final Instrument.Snapshot i = (Instrument.Snapshot) o;
                final Distribution d = (Distribution) i.value();
                timerCounts.merge(m.name() + i.tags(), d.count(), Long::sum);
                if (d.count() > 0) {
                    timerMax.merge(m.name() + i.tags(), d.max(), Math::max);
                    timerMin.merge(m.name() + i.tags(), d.min(), Math::min);
                }
            }
        }
    }

    /** Sum over the series of {@code name} whose tags contain every one of {@code tagParts} ("k=v"). */
    static long sum(Map<String, Long> series, String name, String... tagParts) {
        long sum = 0;
        for (Map.Entry<String, Long> e : series.entrySet()) {
            if (matches(e.getKey(), name, tagParts)) {
                sum += e.getValue();
            }
        }
        return sum;
    }

    private static boolean matches(String key, String name, String... parts) {
        if (!key.startsWith(name + "{") && !key.equals(name)) {
            return false;
        }
        for (String p : parts) {
            if (!key.contains(p)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void stop() {
    }

    @Override
    public void reconfigure(Config config) {
    }
}

package io.zeroio.pekko;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.typesafe.config.Config;

import kamon.metric.Instrument;
import kamon.metric.MetricSnapshot;
import kamon.metric.PeriodSnapshot;
import kamon.module.MetricReporter;
import scala.jdk.javaapi.CollectionConverters;

/** A Kamon reporter for tests: sums counters and keeps the last gauge values, keyed by name and tags. */
final class KamonProbe implements MetricReporter {
    final Map<String, Long> counters = new ConcurrentHashMap<>();
    final Map<String, Double> gauges = new ConcurrentHashMap<>();

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void reportPeriodSnapshot(PeriodSnapshot snapshot) {
        for (MetricSnapshot m : CollectionConverters.asJava(snapshot.counters())) {
            for (Object o : CollectionConverters.asJava(m.instruments())) {
                final Instrument.Snapshot i = (Instrument.Snapshot) o;
                counters.merge(m.name() + i.tags(), ((Number) i.value()).longValue(), Long::sum);
            }
        }
        for (MetricSnapshot m : CollectionConverters.asJava(snapshot.gauges())) {
            for (Object o : CollectionConverters.asJava(m.instruments())) {
                final Instrument.Snapshot i = (Instrument.Snapshot) o;
                gauges.put(m.name() + i.tags(), ((Number) i.value()).doubleValue());
            }
        }
    }

    /** Sum of every counter series of {@code name} whose tags contain all of {@code tagParts}. */
    long counter(String name, String... tagParts) {
        long sum = 0;
        for (Map.Entry<String, Long> e : counters.entrySet()) {
            if (matches(e.getKey(), name, tagParts)) {
                sum += e.getValue();
            }
        }
        return sum;
    }

    /** The last value of a gauge series (max over matching series), or NaN. */
    double gauge(String name, String... tagParts) {
        double v = Double.NaN;
        for (Map.Entry<String, Double> e : gauges.entrySet()) {
            if (matches(e.getKey(), name, tagParts)) {
                v = Double.isNaN(v) ? e.getValue() : Math.max(v, e.getValue());
            }
        }
        return v;
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

package io.zeroio.bench.report;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

import org.knowm.xchart.CategoryChart;

import io.zeroio.bench.harness.HttpScenario;
import io.zeroio.bench.harness.HttpServers;
import io.zeroio.bench.harness.Servers;

/** The HTTP section's PNG charts, drawn like the echo charts ({@link Charts}). */
final class HttpCharts {
    private HttpCharts() {
    }

    /** Requests/s per scenario, one bar per server (absolute, thousands). */
    static boolean requestsPerSecond(List<HttpSummary> all, List<HttpScenario> scenarios, List<Servers.Spec> servers,
                                     Path file) throws IOException {
        final CategoryChart chart = Charts.base("HTTP hello world under wrk: requests/s (higher is better)",
            "thousand requests/s");
        add(chart, all, scenarios, servers, s -> s.requestsPerSecond() / 1e3);
        return Charts.save(chart, file);
    }

    /** Server CPU per request relative to Netty 4.2 HTTP on epoll, per scenario. */
    static boolean cpuPerRequest(List<HttpSummary> all, List<HttpScenario> scenarios, List<Servers.Spec> servers,
                                 Path file) throws IOException {
        final CategoryChart chart = Charts.base("HTTP: server CPU per request relative to Netty 4.2 HTTP epoll (lower is better)",
            "x Netty epoll CPU/request");
        add(chart, all, scenarios, servers, s -> {
            final HttpSummary b = HttpSummary.find(all, s.scenario(), HttpServers.BASELINE);
            return b == null || !b.ok() ? Double.NaN : s.cpuPerRequestNanos() / b.cpuPerRequestNanos();
        });
        return Charts.save(chart, file);
    }

    private static void add(CategoryChart chart, List<HttpSummary> all, List<HttpScenario> scenarios,
                            List<Servers.Spec> servers, ToDoubleFunction<HttpSummary> value) {
        final List<String> categories = scenarios.stream().map(HttpScenario::id).toList();
        int color = 0;
        for (Servers.Spec spec : servers) {
            final List<Double> ys = new ArrayList<>();
            boolean any = false;
            for (HttpScenario sc : scenarios) {
                final HttpSummary s = HttpSummary.find(all, sc, spec.name());
                final double v = s == null || !s.ok() ? Double.NaN : value.applyAsDouble(s);
                any |= !Double.isNaN(v) && !Double.isInfinite(v);
                ys.add(Double.isNaN(v) || Double.isInfinite(v) ? 0.0 : v);
            }
            if (any) {
                chart.addSeries(spec.label(), categories, ys).setFillColor(Charts.PALETTE[color % Charts.PALETTE.length]);
            }
            color++;
        }
    }
}

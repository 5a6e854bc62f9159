package io.zeroio.bench.report;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import io.zeroio.bench.harness.Scenario;
import io.zeroio.bench.harness.Servers;

/** The PNG charts of the report (XChart, headless). */
final class Charts {
    static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xaec7e8), new Color(0xd62728), new Color(0xff9896),
        new Color(0x2ca02c), new Color(0x98df8a), new Color(0x9467bd), new Color(0x7f7f7f),
    };

    private Charts() {
    }

    /** Throughput relative to the baseline, per scenario (one bar per server). */
    static boolean throughputRatio(List<Summary> all, List<Scenario> scenarios, List<Servers.Spec> servers, Path file)
        throws IOException {
        final CategoryChart chart = base("Throughput relative to Netty 4.2 epoll (higher is better)",
            "x Netty epoll msgs/s");
        addSeries(chart, all, scenarios, servers, s -> {
            final Summary b = find(all, s.scenario(), Servers.BASELINE);
            return b == null || !b.ok() ? Double.NaN : s.msgsPerSecond() / b.msgsPerSecond();
        });
        return save(chart, file);
    }

    /** Server CPU time per message relative to the baseline, per scenario. */
    static boolean cpuPerMessage(List<Summary> all, List<Scenario> scenarios, List<Servers.Spec> servers, Path file)
        throws IOException {
        final CategoryChart chart = base("Server CPU time per message relative to Netty 4.2 epoll (lower is better)",
            "x Netty epoll CPU/msg");
        addSeries(chart, all, scenarios, servers, s -> {
            final Summary b = find(all, s.scenario(), Servers.BASELINE);
            return b == null || !b.ok() ? Double.NaN : s.cpuPerMsgNanos() / b.cpuPerMsgNanos();
        });
        return save(chart, file);
    }

    /** Latency percentiles of one scenario, one group per server. */
    static boolean latency(List<Summary> all, Scenario scenario, List<Servers.Spec> servers, Path file) throws IOException {
        final CategoryChart chart = new CategoryChartBuilder().width(1200).height(500)
            .title("Latency, " + scenario.title() + " (lower is better)").xAxisTitle("").yAxisTitle("microseconds")
            .build();
        style(chart);
        final List<String> names = new ArrayList<>();
        final List<Double> p50 = new ArrayList<>();
        final List<Double> p99 = new ArrayList<>();
        final List<Double> p999 = new ArrayList<>();
        for (Servers.Spec spec : servers) {
            final Summary s = find(all, scenario, spec.name());
            if (s != null && s.ok() && s.p50Nanos() > 0) {
                names.add(spec.label());
                p50.add(s.p50Nanos() / 1e3);
                p99.add(s.p99Nanos() / 1e3);
                p999.add(s.p999Nanos() / 1e3);
            }
        }
        if (names.isEmpty()) {
            return false;
        }
        chart.addSeries("p50", names, p50).setFillColor(PALETTE[0]);
        chart.addSeries("p99", names, p99).setFillColor(PALETTE[2]);
        chart.addSeries("p99.9", names, p999).setFillColor(PALETTE[7]);
        return save(chart, file);
    }

    /** Writes the chart unless it has no series (nothing to compare); returns whether it wrote. */
    static boolean save(CategoryChart chart, Path file) throws IOException {
        if (chart.getSeriesMap().isEmpty()) {
            return false;
        }
        try {
            BitmapEncoder.saveBitmap(chart, file.toString(), BitmapEncoder.BitmapFormat.PNG);
            return true;
        } catch (RuntimeException e) { // a chart XChart cannot draw must not cost the report
            System.err.println("chart " + file.getFileName() + " not drawn: " + e.getMessage());
            return false;
        }
    }

    static CategoryChart base(String title, String yTitle) {
        final CategoryChart chart = new CategoryChartBuilder().width(1200).height(520).title(title).xAxisTitle("")
            .yAxisTitle(yTitle).build();
        style(chart);
        return chart;
    }

    static void style(CategoryChart chart) {
        final var st = chart.getStyler();
        st.setLegendPosition(Styler.LegendPosition.OutsideS);
        st.setLegendLayout(Styler.LegendLayout.Horizontal);
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotGridVerticalLinesVisible(false);
        st.setAvailableSpaceFill(0.85);
        st.setOverlapped(false);
    }

    private static void addSeries(CategoryChart chart, List<Summary> all, List<Scenario> scenarios,
                                  List<Servers.Spec> servers, java.util.function.ToDoubleFunction<Summary> value) {
        final List<String> categories = scenarios.stream().map(Scenario::id).toList();
        int color = 0;
        for (Servers.Spec spec : servers) {
            final List<Double> ys = new ArrayList<>();
            boolean any = false;
            for (Scenario sc : scenarios) {
                final Summary s = find(all, sc, spec.name());
                final double v = s == null || !s.ok() ? Double.NaN : value.applyAsDouble(s);
                any |= !Double.isNaN(v);
                ys.add(Double.isNaN(v) || Double.isInfinite(v) ? 0.0 : v);
            }
            if (any) {
                chart.addSeries(spec.label(), categories, ys).setFillColor(PALETTE[color % PALETTE.length]);
            }
            color++;
        }
    }

    static Summary find(List<Summary> all, Scenario scenario, String server) {
        for (Summary s : all) {
            if (s.scenario().equals(scenario) && s.server().name().equals(server)) {
                return s;
            }
        }
        return null;
    }
}

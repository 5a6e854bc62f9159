package io.zeroio.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Facts about the machine and software a run used, for the report. */
final class Machine {
    private Machine() {
    }

    private static volatile String loadAtStart;

    /** Remembers the load average as the suite starts. */
    static void noteStart() {
        loadAtStart = read("/proc/loadavg");
    }

    static Map<String, String> facts() {
        final Map<String, String> m = new LinkedHashMap<>();
        m.put("CPU", cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " vCPUs");
        m.put("virtualisation", run(List.of("systemd-detect-virt"), "unknown"));
        m.put("memory", memTotal());
        m.put("kernel", run(List.of("uname", "-sr"), "unknown"));
        m.put("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        m.put("gcc", run(List.of("gcc", "--version"), "unavailable"));
        m.put("liburing", run(List.of("dpkg-query", "-W", "-f", "${Version}", "liburing-dev"), "unknown"));
        m.put("Netty", io.netty.util.Version.identify().values().stream().findFirst()
            .map(v -> v.artifactVersion()).orElse("unknown"));
        m.put("Pekko", org.apache.pekko.Version.current());
        if (loadAtStart != null) {
            m.put("load average at start", loadAtStart);
        }
        m.put("load average at the end", read("/proc/loadavg"));
        return m;
    }

    private static String cpuModel() {
        for (String line : lines("/proc/cpuinfo")) {
            if (line.startsWith("model name")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        return "unknown CPU";
    }

    private static String memTotal() {
        for (String line : lines("/proc/meminfo")) {
            if (line.startsWith("MemTotal:")) {
                final long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                return String.format("%.1f GiB", kb / 1024.0 / 1024.0);
            }
        }
        return "unknown";
    }

    private static List<String> lines(String path) {
        try {
            return Files.readAllLines(Path.of(path));
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String read(String path) {
        try {
            return Files.readString(Path.of(path)).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String run(List<String> cmd, String fallback) {
        try {
            final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            final String out = new String(p.getInputStream().readAllBytes()).trim();
            p.waitFor();
            return p.exitValue() == 0 && !out.isEmpty() ? out.lines().findFirst().orElse(fallback) : fallback;
        } catch (IOException e) {
            return fallback;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fallback;
        }
    }
}

package io.zeroio.bench.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the C load generator ({@code loadgen.c}) once against one server, pinned to its own CPU,
 * and samples the server when the generator prints {@code START} and {@code END} (the measured
 * window's edges).
 */
public final class LoadGen {
    private final Path exe;
    private final List<String> prefix;

    /** The generator binary and the command prefix that pins it (see {@link Launch#prefix(int)}). */
    public LoadGen(Path exe, List<String> prefix) {
        this.exe = exe;
        this.prefix = List.copyOf(prefix);
    }

    /** One run's raw outcome. */
    public record Outcome(Map<String, String> result, ServerProcess.Sample start, ServerProcess.Sample end,
                          int exitCode, String stderr, List<String> command) {
        /** A numeric field of the RESULT line (0 when absent). */
        public double num(String key) {
            final String v = result.get(key);
            return v == null ? 0 : Double.parseDouble(v);
        }
    }

    /** Drives {@code server} through {@code scenario}: {@code warmup} then {@code measure} seconds. */
    public Outcome run(Scenario scenario, ServerProcess server, double warmup, double measure)
        throws IOException, InterruptedException {
        final List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(exe.toString(), "-H", "127.0.0.1", "-p", Integer.toString(server.port()),
            "-w", Double.toString(warmup), "-t", Double.toString(measure), "-g", "2"));
        cmd.addAll(scenario.generatorArgs());
        final Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.PIPE).start();
        final StringBuilder err = new StringBuilder();
        final Thread errPump = new Thread(() -> {
            try {
                err.append(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                // ended
            }
        }, "loadgen-err");
        errPump.setDaemon(true);
        errPump.start();
        ServerProcess.Sample start = null;
        ServerProcess.Sample end = null;
        final Map<String, String> result = new HashMap<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.equals("START")) {
                    start = server.sample();
                } else if (line.equals("END")) {
                    end = server.sample();
                } else if (line.startsWith("RESULT ")) {
                    for (String kv : line.substring(7).trim().split(" ")) {
                        final int eq = kv.indexOf('=');
                        if (eq > 0) {
                            result.put(kv.substring(0, eq), kv.substring(eq + 1));
                        }
                    }
                }
            }
        }
        final long limit = (long) ((warmup + measure + 20) * 1000);
        if (!p.waitFor(limit, TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
        }
        errPump.join(2000);
        return new Outcome(result, start, end, p.isAlive() ? -1 : p.exitValue(), err.toString(), cmd);
    }
}

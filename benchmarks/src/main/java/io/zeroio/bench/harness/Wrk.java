package io.zeroio.bench.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs wrk once against one HTTP server, pinned to the generator CPU, with the suite's Lua script
 * ({@code io/zeroio/bench/wrk/http.lua}: pipelining and a machine-readable {@code RESULT} line).
 * A measured run samples the server just before wrk starts and again when wrk prints its result
 * (its threads have stopped, its process has not exited yet); wrk's own CPU time comes from the
 * script ({@code os.clock()} in {@code done()}: the whole process's user+sys time).
 */
public final class Wrk {
    /** wrk's per-request timeout: a response slower than this is a timeout error and fails the run. */
    static final String TIMEOUT = "2s";

    private final Path exe;
    private final Path script;
    private final List<String> prefix;

    /** wrk at {@code exe}, the Lua script at {@code script}, the command prefix that pins it. */
    public Wrk(Path exe, Path script, List<String> prefix) {
        this.exe = exe;
        this.script = script;
        this.prefix = List.copyOf(prefix);
    }

    /** wrk from PATH ({@code /usr/bin/wrk} where apt put it), the script extracted to a temp file. */
    public static Wrk fromPath(List<String> prefix) throws IOException {
        final Path exe = onPath();
        if (exe == null) {
            throw new IOException("wrk is not installed (apt-get install wrk)");
        }
        return new Wrk(exe, extractScript(), prefix);
    }

    /** Whether wrk is on the PATH. */
    public static boolean installed() {
        return onPath() != null;
    }

    private static Path onPath() {
        final String found = Shell.firstLine(List.of("sh", "-c", "command -v wrk"), "");
        return found.isEmpty() || !Files.isExecutable(Path.of(found)) ? null : Path.of(found);
    }

    /** Copies the Lua script off the classpath into the bench cache directory. */
    static Path extractScript() throws IOException {
        final Path dir = Path.of(System.getProperty("java.io.tmpdir"), "zero-io-bench");
        Files.createDirectories(dir);
        final Path file = dir.resolve("http-" + ProcessHandle.current().pid() + ".lua");
        try (InputStream in = Wrk.class.getResourceAsStream("/io/zeroio/bench/wrk/http.lua")) {
            if (in == null) {
                throw new IOException("io/zeroio/bench/wrk/http.lua is not on the classpath");
            }
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
        }
        file.toFile().deleteOnExit();
        return file;
    }

    /** One run's raw outcome. */
    public record Outcome(Map<String, String> result, ServerProcess.Sample start, ServerProcess.Sample end,
                          long windowNanos, long wrkCpuNanos, int exitCode, String output, List<String> command) {
        /** A numeric field of the RESULT line (0 when absent). */
        public long num(String key) {
            final String v = result.get(key);
            return v == null ? 0 : Long.parseLong(v);
        }
    }

    /** The command for {@code seconds} of {@code scenario} against {@code port}. */
    List<String> command(HttpScenario scenario, int port, int seconds) {
        final List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(exe.toString(), "-t", Integer.toString(HttpScenario.THREADS),
            "-c", Integer.toString(scenario.connections()), "-d", seconds + "s", "--timeout", TIMEOUT,
            "-s", script.toString(), "http://127.0.0.1:" + port + scenario.path(), "--", Integer.toString(scenario.depth())));
        return cmd;
    }

    /**
     * Drives {@code server} through {@code scenario} for {@code seconds} (whole seconds: wrk's
     * {@code -d} takes no fractions); samples the server at the edges when {@code measure}.
     */
    public Outcome run(HttpScenario scenario, ServerProcess server, int seconds, boolean measure)
        throws IOException, InterruptedException {
        final List<String> cmd = command(scenario, server.port(), seconds);
        final ServerProcess.Sample start = measure ? server.sample() : null;
        final long t0 = System.nanoTime();
        final Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        ServerProcess.Sample end = null;
        long window = 0;
        long wrkCpu = 0;
        final Map<String, String> result = new HashMap<>();
        final StringBuilder out = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.startsWith("RESULT ")) {
                    if (measure) {
                        end = server.sample();
                        window = System.nanoTime() - t0;
                    }
                    for (String kv : line.substring(7).trim().split(" ")) {
                        final int eq = kv.indexOf('=');
                        if (eq > 0) {
                            result.put(kv.substring(0, eq), kv.substring(eq + 1));
                        }
                    }
                    wrkCpu = result.containsKey("cpu_us") ? Long.parseLong(result.get("cpu_us")) * 1000 : -1;
                } else if (out.length() < 8000) {
                    out.append(line).append('\n');
                }
            }
        }
        if (!p.waitFor(seconds + 20L, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        return new Outcome(result, start, end, window, wrkCpu, p.isAlive() ? -1 : p.exitValue(), out.toString(), cmd);
    }
}

package io.zeroio.bench.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One echo server running in its own process, pinned to one CPU with {@code taskset}. JVM servers
 * run {@code io.zeroio.bench.servers.ServerMain} and answer {@code SAMPLE} on stdin with their
 * threads' allocated bytes; CPU time comes from {@code /proc/<pid>/stat} (utime + stime) for
 * every server alike.
 */
public final class ServerProcess implements AutoCloseable {
    private static final long CLK_TCK = clockTicks();
    /** Servers still running, destroyed by a shutdown hook if the harness is interrupted (Ctrl-C). */
    private static final java.util.Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly),
            "bench-server-reaper"));
    }

    private final Servers.Spec spec;
    private final Process process;
    private final int port;
    private final Writer control;
    private final BlockingQueue<String> lines = new ArrayBlockingQueue<>(1024);
    private final StringBuilder stderrTail = new StringBuilder();

    /**
     * What one sample read.
     *
     * @param cpuNanos       user + system CPU time of the process so far
     * @param sysNanos       of which system (kernel) time
     * @param allocatedBytes bytes allocated by the JVM's live threads so far (-1: not a JVM)
     */
    public record Sample(long cpuNanos, long sysNanos, long allocatedBytes) {
    }

    private ServerProcess(Servers.Spec spec, Process process, int port) {
        this.spec = spec;
        this.process = process;
        this.port = port;
        this.control = new java.io.OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        final Thread reader = new Thread(() -> pump(new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)), true), "server-out-" + spec.name());
        reader.setDaemon(true);
        reader.start();
        final Thread errors = new Thread(() -> pump(new BufferedReader(
            new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)), false), "server-err-" + spec.name());
        errors.setDaemon(true);
        errors.start();
    }

    private void pump(BufferedReader in, boolean control) {
        try {
            String line;
            while ((line = in.readLine()) != null) {
                if (control && (line.startsWith("READY") || line.startsWith("SAMPLE") || line.startsWith("HEALTH"))) {
                    lines.offer(line);
                } else {
                    synchronized (stderrTail) {
                        stderrTail.append(line).append('\n');
                        if (stderrTail.length() > 8000) {
                            stderrTail.delete(0, stderrTail.length() - 8000);
                        }
                    }
                }
            }
        } catch (IOException e) {
            // process ended
        }
    }

    /**
     * Starts {@code spec} on {@code port}, pinned to {@code cpu} (-1: not pinned), and waits until it
     * listens.
     *
     * @param extraJvmArgs extra JVM options (e.g. a flight recording); ignored for native servers
     */
    public static ServerProcess start(Servers.Spec spec, int port, int cpu, Launch launch, List<String> extraJvmArgs)
        throws IOException, InterruptedException {
        final List<String> cmd = new ArrayList<>(launch.prefix(cpu));
        switch (spec.kind()) {
            case JVM -> {
                cmd.add(launch.java().toString());
                cmd.addAll(launch.jvmFlags());
                cmd.addAll(List.of("-Xms512m", "-Xmx512m", "-Djava.awt.headless=true"));
                cmd.addAll(extraJvmArgs);
                cmd.addAll(List.of("-cp", launch.classpath(), "io.zeroio.bench.servers.ServerMain", spec.name(),
                    Integer.toString(port)));
            }
            case NATIVE -> {
                cmd.add(launch.toolchain().uringEcho().toString());
                cmd.add(Integer.toString(port));
                cmd.add("--exit-on-eof");
            }
            default -> throw new IllegalArgumentException(spec.name() + " is pending and cannot run");
        }
        final Process p = new ProcessBuilder(cmd).start();
        final ServerProcess server = new ServerProcess(spec, p, port);
        LIVE.add(p);
        final String ready = server.awaitReady(60_000);
        if (ready == null || !ready.startsWith("READY")) {
            final String tail = server.tail();
            server.close();
            throw new IOException(spec.name() + " did not start (" + String.join(" ", cmd) + "):\n" + tail);
        }
        return server;
    }

    /**
     * The READY line, or null after {@code millis} or soon after the process ended without one (a
     * server that fails at start-up is reported at once rather than after the whole timeout).
     */
    private String awaitReady(long millis) throws InterruptedException {
        final long deadline = System.nanoTime() + millis * 1_000_000L;
        while (System.nanoTime() < deadline) {
            final String line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null) {
                return line;
            }
            if (!process.isAlive()) {
                return lines.poll(500, TimeUnit.MILLISECONDS); // whatever the pump still had in hand
            }
        }
        return null;
    }

    /** The server's spec. */
    public Servers.Spec spec() {
        return spec;
    }

    /** The port it listens on (TCP and UDP). */
    public int port() {
        return port;
    }

    /** The process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether the process still runs. */
    public boolean alive() {
        return process.isAlive();
    }

    /** The last lines the server printed besides its control lines. */
    public String tail() {
        synchronized (stderrTail) {
            return stderrTail.toString();
        }
    }

    /** CPU time so far from /proc, and for JVM servers the allocated bytes (else -1). */
    public Sample sample() throws IOException, InterruptedException {
        long allocated = -1;
        if (spec.jvm()) {
            control.write("SAMPLE\n");
            control.flush();
            final String line = lines.poll(10, TimeUnit.SECONDS);
            if (line == null || !line.startsWith("SAMPLE ")) {
                throw new IOException(spec.name() + " did not answer SAMPLE; output:\n" + tail());
            }
            allocated = Long.parseLong(line.split(" ")[1]);
        }
        final long[] cpu = procCpuNanos(process.pid());
        return new Sample(cpu[0] + cpu[1], cpu[1], allocated);
    }

    /** The server's health line after the load ({@code n/a} for native servers); see EchoServer#health. */
    public String health() throws IOException, InterruptedException {
        if (!spec.jvm()) {
            return "n/a";
        }
        control.write("HEALTH\n");
        control.flush();
        final String line = lines.poll(15, TimeUnit.SECONDS);
        if (line == null || !line.startsWith("HEALTH ")) {
            throw new IOException(spec.name() + " did not answer HEALTH; output:\n" + tail());
        }
        return line.substring(7);
    }

    /** {utime, stime} of {@code pid} in nanoseconds (proc(5): fields 14 and 15 of /proc/pid/stat). */
    static long[] procCpuNanos(long pid) throws IOException {
        final String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        final String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // f[0] is field 3 (state), so field n is f[n - 3]
        return new long[] {Long.parseLong(f[11]) * 1_000_000_000L / CLK_TCK, Long.parseLong(f[12]) * 1_000_000_000L / CLK_TCK};
    }

    private static long clockTicks() {
        try {
            return Long.parseLong(Shell.firstLine(List.of("getconf", "CLK_TCK"), "100"));
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    /** Stops the server: QUIT for JVM servers (then a kill after 10 s), a kill for native ones. */
    @Override
    public void close() {
        LIVE.remove(process);
        if (process.isAlive() && spec.jvm()) {
            try {
                control.write("QUIT\n");
                control.flush();
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (IOException e) {
                // gone already
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    /** Prints the server's recent output, for failures. */
    public void dumpTail(PrintStream err) {
        err.println("--- " + spec.name() + " output ---");
        err.print(tail());
    }
}

package io.zeroio.bench.servers;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * Runs one server (echo or HTTP, see {@link BenchServer}) in this JVM under the harness's control:
 * {@code ServerMain <name> <port>}. Prints {@code READY <port> udp|noudp} once listening, then
 * reads commands from stdin, one per line:
 * <ul>
 *   <li>{@code SAMPLE}: answers {@code SAMPLE <allocatedBytes> <cpuNanos>}: the bytes allocated so
 *       far by every thread of the JVM but the control thread, and the process CPU time; the harness
 *       takes the difference over the measured window. Every thread counts: shard threads, Pekko
 *       dispatcher and scheduler threads, and threads that ended meanwhile (a pool's idle worker
 *       retiring mid-window) — {@code com.sun.management.ThreadMXBean#getTotalThreadAllocatedBytes}
 *       covers them all. This control thread is subtracted: what it allocates is the harness's,
 *       not the server's.</li>
 *   <li>{@code THREADS}: answers {@code THREADS name=bytes;...}, each live thread's allocated bytes so far
 *       (a by-hand diagnostic).</li>
 *   <li>{@code HEALTH}: answers {@code HEALTH <line>} (see {@link BenchServer#health(long)}).</li>
 *   <li>{@code QUIT} or end of input: closes the server and exits.</li>
 * </ul>
 * Only this control thread runs the commands, between the server's own threads' work.
 */
public final class ServerMain {
    private ServerMain() {
    }

    /** Entry point. */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: ServerMain <name> <port>");
            System.exit(2);
        }
        final BenchServer server = JvmServers.create(args[0]);
        final int port = Integer.parseInt(args[1]);
        server.start(port);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        threads.setThreadAllocatedMemoryEnabled(true);
        System.out.println("READY " + port + " " + (server instanceof EchoServer e && e.udp() ? "udp" : "noudp"));
        System.out.flush();
        final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (line.equals("SAMPLE")) {
                System.out.println("SAMPLE " + allocatedByServerThreads(threads) + " " + os.getProcessCpuTime());
                System.out.flush();
            } else if (line.equals("THREADS")) {
                System.out.println("THREADS " + allocatedPerThread(threads));
                System.out.flush();
            } else if (line.equals("HEALTH")) {
                System.out.println("HEALTH " + server.health(5000));
                System.out.flush();
            } else if (line.equals("QUIT")) {
                break;
            }
        }
        server.close();
        System.exit(0);
    }

    /**
     * Bytes allocated so far by each live thread, {@code name=bytes} separated by {@code ;} (for finding
     * out by hand which thread allocated in a window; the harness does not use it).
     */
    static String allocatedPerThread(com.sun.management.ThreadMXBean threads) {
        final StringBuilder b = new StringBuilder();
        for (java.lang.management.ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info != null) {
                final long bytes = threads.getThreadAllocatedBytes(info.getThreadId());
                b.append(info.getThreadName().replace(';', '_').replace(' ', '_')).append('=').append(bytes).append(';');
            }
        }
        return b.toString();
    }

    /**
     * Bytes allocated so far by every thread of this JVM, live or ended, minus this control thread's.
     * Falls back to the sum over live threads when the JVM cannot give the total.
     */
    static long allocatedByServerThreads(com.sun.management.ThreadMXBean threads) {
        final long total = threads.getTotalThreadAllocatedBytes();
        if (total >= 0) {
            return total - threads.getCurrentThreadAllocatedBytes();
        }
        final long self = Thread.currentThread().threadId();
        final long[] ids = threads.getAllThreadIds();
        final long[] bytes = threads.getThreadAllocatedBytes(ids);
        long allocated = 0;
        for (int i = 0; i < ids.length; i++) {
            if (ids[i] != self && bytes[i] > 0) {
                allocated += bytes[i];
            }
        }
        return allocated;
    }
}

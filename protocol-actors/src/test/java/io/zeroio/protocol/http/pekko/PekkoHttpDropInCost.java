package io.zeroio.protocol.http.pekko;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.http.javadsl.Http;
import org.apache.pekko.http.javadsl.ServerBinding;
import org.apache.pekko.http.javadsl.server.Route;

import com.typesafe.config.ConfigFactory;

/**
 * Rough cost per request of the Pekko HTTP drop-in against stock Pekko HTTP serving the same route
 * in the same JVM (not a test: run by hand, see docs/http.md "Pekko HTTP drop-in"). The load comes
 * from {@code wrk} in its own process, so what this JVM allocates and burns is the server's alone.
 * <pre>
 * java ... io.zeroio.protocol.http.pekko.PekkoHttpDropInCost [seconds] [connections] [path]
 * </pre>
 */
public final class PekkoHttpDropInCost {
    private PekkoHttpDropInCost() {
    }

    public static void main(String[] args) throws Exception {
        final int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        final int connections = args.length > 1 ? Integer.parseInt(args[1]) : 16;
        final String path = args.length > 2 ? args[2] : "/plaintext";
        final ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "cost", ConfigFactory.parseString(
            "zero-io.shards = 1\npekko.loglevel = WARNING\n").withFallback(ConfigFactory.load()));
        try {
            final Route route = new PekkoRoutes().route();
            final ServerBinding stock = Http.get(system).newServerAt("127.0.0.1", 0).bind(route)
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
            final ZeroIoHttpBinding zero = ZeroIoHttp.get(system).newServerAt("127.0.0.1", 0).bind(route)
                .toCompletableFuture().get(20, TimeUnit.SECONDS);
            final int stockPort = stock.localAddress().getPort();
            final int zeroPort = zero.port();
            for (int round = 0; round < 2; round++) { // round 0 warms both up
                final boolean report = round == 1;
                measure("stock Pekko HTTP", stockPort, path, seconds, connections, report);
                measure("zero-io drop-in ", zeroPort, path, seconds, connections, report);
            }
            stock.unbind();
            zero.unbind();
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
    }

    private static void measure(String name, int port, String path, int seconds, int connections, boolean report) throws Exception {
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.gc();
        final long bytes0 = threads.getTotalThreadAllocatedBytes();
        final long cpu0 = os.getProcessCpuTime();
        final Process wrk = new ProcessBuilder("wrk", "-t1", "-c" + connections, "-d" + seconds + "s",
            "http://127.0.0.1:" + port + path).redirectErrorStream(true).start();
        final String out = new String(wrk.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        wrk.waitFor(seconds + 30L, TimeUnit.SECONDS);
        final long cpu = os.getProcessCpuTime() - cpu0;
        final long bytes = threads.getTotalThreadAllocatedBytes() - bytes0;
        final Matcher m = Pattern.compile("(\\d+) requests in").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("no request count in wrk's output:\n" + out);
        }
        final long requests = Long.parseLong(m.group(1));
        if (out.contains("Non-2xx") || out.contains("Socket errors")) {
            System.out.println("wrk reported errors for " + name + ":\n" + out);
        }
        if (report) {
            System.out.printf("%s %s: %,d req/s, %,d B allocated/request, %.1f µs server CPU/request (%d connections, %d s)%n",
                name, path, requests / seconds, bytes / Math.max(1, requests), cpu / 1000.0 / Math.max(1, requests),
                connections, seconds);
        }
    }
}

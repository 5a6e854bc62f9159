package io.zeroio.bench.servers.http;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.pekko.actor.typed.ActorSystem;

import io.zeroio.bench.servers.BenchServer;
import io.zeroio.examples.http.PekkoHttpHelloWorld;
import io.zeroio.examples.pekko.PekkoServer;
import io.zeroio.pekko.ZeroIo;
import io.zeroio.protocol.http.pekko.ZeroIoHttp;
import io.zeroio.protocol.http.pekko.ZeroIoHttpBinding;

/**
 * zero-io's Pekko HTTP drop-in: {@code ZeroIoHttp.get(system).newServerAt(host, port).bind(route)}
 * with the examples' {@link PekkoHttpHelloWorld#route()} (routing DSL path matching, Jackson
 * marshalling of {@code /json} per request) — the very route {@link StockPekkoHttpServer} binds with
 * Pekko HTTP's own server. One zero-io shard on io_uring; Pekko settings are the library defaults.
 */
public final class ZeroIoPekkoHttpServer implements BenchServer {
    private ActorSystem<Void> system;
    private ZeroIoHttpBinding binding;

    @Override
    public void start(int port) throws Exception {
        system = PekkoServer.system("bench-http", 1, "io-uring", "pekko.stdout-loglevel = WARNING");
        try {
            binding = ZeroIoHttp.get(system).newServerAt("127.0.0.1", port).bind(PekkoHttpHelloWorld.route())
                .toCompletableFuture().get(30, TimeUnit.SECONDS);
            final String backend = ZeroIo.get(system).shard(0).backendName();
            if (!backend.equals("io_uring")) {
                throw new IllegalStateException("asked for io_uring, the shard runs " + backend);
            }
        } catch (Exception | Error e) {
            system.terminate();
            throw e;
        }
    }

    /** {@code pools-full} once every connection is closed and every slot is back in the shard's pools. */
    @Override
    public String health(long waitMillis) throws Exception {
        final ZeroIo zio = ZeroIo.get(system);
        final long deadline = System.nanoTime() + waitMillis * 1_000_000L;
        long held;
        do {
            held = zio.openConnections() == 0 ? zio.heldSlots() : -1L;
            if (held == 0) {
                return "pools-full";
            }
            Thread.sleep(20);
        } while (System.nanoTime() < deadline);
        return held < 0 ? "connections-open" : "pools-held=" + held;
    }

    @Override
    public void close() throws Exception {
        if (binding != null) {
            try {
                binding.terminate(Duration.ofSeconds(1)).toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the system's termination closes what is left
            }
        }
        if (system != null) {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}

package io.zeroio.bench.servers;

import org.apache.pekko.actor.typed.ActorSystem;

import io.zeroio.examples.pekko.PekkoServer;
import io.zeroio.pekko.ZeroIo;

/**
 * zero-io behind Pekko (module {@code pekko-integration}), the examples' {@link PekkoServer} echoes:
 * <ul>
 *   <li>{@link Mode#STREAMS}: {@code ZeroIo.bind} and a {@code Flow} per connection that pushes every
 *       received {@code Lease} straight back as its {@code Outgoing} (no copy);</li>
 *   <li>{@link Mode#ACTORS}: {@code SessionServer}, one typed actor per connection that sends every
 *       received lease back through its {@code Session}.</li>
 * </ul>
 * One shard on the io_uring backend (start fails if the kernel refuses io_uring), not pinned by
 * zero-io: the harness pins the whole process, shard and Pekko dispatcher threads alike, to the
 * server CPU. Every other {@code zero-io} and Pekko setting is the library default. No UDP.
 */
public final class ZeroIoPekkoEchoServer implements EchoServer {
    /** Which Pekko runtime mode serves the connections. */
    public enum Mode { STREAMS, ACTORS }

    private final Mode mode;
    private PekkoServer server;

    /** A server in {@code mode}. */
    public ZeroIoPekkoEchoServer(Mode mode) {
        this.mode = mode;
    }

    @Override
    public void start(int port) throws Exception {
        final ActorSystem<Void> system = PekkoServer.system("bench", 1, "io-uring", "pekko.stdout-loglevel = WARNING");
        try {
            server = switch (mode) {
                case STREAMS -> PekkoServer.streamsEcho(system, "127.0.0.1", port);
                case ACTORS -> PekkoServer.actorsEcho(system, "127.0.0.1", port);
            };
            final String backend = ZeroIo.get(system).shard(0).backendName();
            if (!backend.equals("io_uring")) {
                throw new IllegalStateException("asked for io_uring, the shard runs " + backend);
            }
        } catch (Exception | Error e) {
            system.terminate();
            throw e;
        }
    }

    @Override
    public boolean udp() {
        return false;
    }

    /** {@code pools-full} once every connection is closed and every slot is back in the shard's pools. */
    @Override
    public String health(long waitMillis) throws Exception {
        final ZeroIo zio = ZeroIo.get(server.system());
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
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}

package io.zeroio.examples.pekko;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

import io.zeroio.pekko.ZeroIo;
import io.zeroio.pekko.session.Session;
import io.zeroio.pekko.session.SessionEvent;
import io.zeroio.pekko.session.SessionServer;
import io.zeroio.pekko.javadsl.Lease;
import io.zeroio.pekko.javadsl.Outgoing;
import io.zeroio.pekko.javadsl.ServerBinding;

/**
 * A zero-io server on Pekko: an ActorSystem with the {@link ZeroIo} extension plus one binding.
 * The echo entry points, one per runtime mode (same protocol: bytes in, the same bytes out;
 * the server half-closes after the peer does):
 * <ul>
 *   <li>{@link #streamsEcho}: a {@code Flow} per connection ({@code run_tower}),</li>
 *   <li>{@link #islandsEcho}: one stream island per shard ({@code run_per_core}),</li>
 *   <li>{@link #actorsEcho}: a typed actor per session ({@code run_async}).</li>
 * </ul>
 * (The inline mode, {@code run_sync}, is {@code io.zeroio.examples.TcpEchoServer}: no Pekko.)
 */
public final class PekkoServer implements AutoCloseable {
    private final ActorSystem<Void> system;
    private final ServerBinding binding;
    private final String mode;

    private PekkoServer(ActorSystem<Void> system, ServerBinding binding, String mode) {
        this.system = system;
        this.binding = binding;
        this.mode = mode;
    }

    /** An ActorSystem named {@code name} whose zero-io section takes {@code shards} and {@code backend} (auto | io-uring | nio). */
    public static ActorSystem<Void> system(String name, int shards, String backend, String extra) {
        final Config c = ConfigFactory.parseString("zero-io.shards = " + shards + "\nzero-io.backend = " + backend
            + "\npekko.loglevel = WARNING\npekko.coordinated-shutdown.exit-jvm = off\n" + extra)
            .withFallback(ConfigFactory.load());
        return ActorSystem.create(Behaviors.empty(), name, c);
    }

    /** The streams echo: every received lease is pushed straight back (0 copies). */
    public static Flow<Lease, Outgoing, ?> echoFlow() {
        return Flow.<Lease>create().<Outgoing>map(l -> l);
    }

    /** The actor-per-session echo behavior. */
    public static org.apache.pekko.actor.typed.Behavior<SessionEvent> echoSession(Session session) {
        return new EchoSession(session).behavior();
    }

    /**
     * Echo that never drops: a lease the connection's outgoing buffer refuses waits (in order) until
     * {@link SessionEvent.Writable}; the held leases shrink the receive window meanwhile, so a fast
     * peer is pushed back instead of losing bytes. Actor-confined state.
     */
    private static final class EchoSession {
        private final Session session;
        private final java.util.ArrayDeque<io.zeroio.pekko.javadsl.Lease> pending = new java.util.ArrayDeque<>();
        private boolean peerClosed;

        EchoSession(Session session) {
            this.session = session;
        }

        org.apache.pekko.actor.typed.Behavior<SessionEvent> behavior() {
            return Behaviors.receive(SessionEvent.class)
                .onMessage(SessionEvent.Received.class, r -> {
                    if (!pending.isEmpty() || !session.trySend(r.lease())) {
                        pending.addLast(r.lease());
                    }
                    return Behaviors.same();
                })
                .onMessage(SessionEvent.Writable.class, w -> {
                    while (!pending.isEmpty() && session.trySend(pending.peekFirst())) {
                        pending.removeFirst();
                    }
                    closeWhenFlushed();
                    return Behaviors.same();
                })
                .onMessage(SessionEvent.PeerClosed.class, p -> {
                    peerClosed = true;
                    closeWhenFlushed();
                    return Behaviors.same();
                })
                .onSignal(org.apache.pekko.actor.typed.PostStop.class, s -> {
                    for (io.zeroio.pekko.javadsl.Lease l; (l = pending.pollFirst()) != null; ) {
                        l.release();
                    }
                    return Behaviors.same();
                })
                .build();
        }

        private void closeWhenFlushed() {
            if (peerClosed && pending.isEmpty()) {
                session.close();
            }
        }
    }

    /** Streams echo ({@code Flow} per connection) on {@code host:port}. */
    public static PekkoServer streamsEcho(ActorSystem<Void> system, String host, int port) throws Exception {
        final ZeroIo zio = ZeroIo.get(system);
        final Materializer mat = Materializer.matFromSystem(system);
        final ServerBinding b = zio.bind(host, port)
            .to(Sink.foreach(c -> c.handleWith(echoFlow(), mat)))
            .run(mat).toCompletableFuture().get(30, TimeUnit.SECONDS);
        return new PekkoServer(system, b, "streams");
    }

    /** Per-shard stream islands echo on {@code host:port}. */
    public static PekkoServer islandsEcho(ActorSystem<Void> system, String host, int port) throws Exception {
        final ServerBinding b = ZeroIo.get(system).bindIslands(host, port, echoFlow())
            .toCompletableFuture().get(30, TimeUnit.SECONDS);
        return new PekkoServer(system, b, "islands");
    }

    /** Actor-per-session echo on {@code host:port}. */
    public static PekkoServer actorsEcho(ActorSystem<Void> system, String host, int port) throws Exception {
        final ServerBinding b = SessionServer.bind(system, host, port, PekkoServer::echoSession)
            .toCompletableFuture().get(30, TimeUnit.SECONDS);
        return new PekkoServer(system, b, "actors");
    }

    /** The chat server (actor per session) on {@code host:port}. */
    public static PekkoServer chat(ActorSystem<Void> system, String host, int port) throws Exception {
        return new PekkoServer(system, ChatServer.start(system, host, port), "chat");
    }

    /** The bound port. */
    public int port() {
        return binding.port();
    }

    /** The binding. */
    public ServerBinding binding() {
        return binding;
    }

    /** The ActorSystem. */
    public ActorSystem<Void> system() {
        return system;
    }

    /** One line: what listens where, on which backend. */
    public String banner() {
        final ZeroIo zio = ZeroIo.get(system);
        return "zero-io " + mode + " server on " + binding.localAddress() + " (" + zio.shards().size() + " shard"
            + (zio.shards().size() == 1 ? "" : "s") + ", backend " + zio.shard(0).backendName() + ", Pekko)";
    }

    /** Prints the banner, then serves until SIGINT/SIGTERM (a shutdown hook terminates the system). */
    public int serve(PrintStream out, String tryIt) throws Exception {
        out.println(banner());
        if (tryIt != null) {
            out.print(tryIt);
        }
        out.println("Ctrl-C stops it.");
        out.flush();
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().unstarted(() -> {
            close();
            out.println("zero-io " + mode + " server closed");
            out.flush();
        }));
        system.getWhenTerminated().toCompletableFuture().get();
        return 0;
    }

    /** Terminates the system (CoordinatedShutdown drains connections, then the shards stop). */
    @Override
    public void close() {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("ActorSystem did not terminate: " + e, e);
        }
    }
}

package io.zeroio.pekko.session;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.SupervisorStrategy;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Sink;

import io.zeroio.pekko.ZeroIo;
import io.zeroio.pekko.javadsl.IncomingConnection;
import io.zeroio.pekko.javadsl.ServerBinding;

/**
 * Actor-per-session servers (the seed's {@code run_async} mode): a listener actor spawns one typed
 * actor per accepted connection, with the behavior the factory builds from the connection's
 * {@link Session}. The session actor receives {@link SessionEvent}s and replies through
 * {@link Session#send}; it never touches the shard.
 *
 * <pre>{@code
 * ServerBinding b = SessionServer.bind(system, new InetSocketAddress("127.0.0.1", 7000),
 *     session -> Behaviors.receive(SessionEvent.class)
 *         .onMessage(SessionEvent.Received.class, r -> { session.send(r.lease()); return Behaviors.same(); })
 *         .build())
 *     .toCompletableFuture().get();
 * }</pre>
 */
public final class SessionServer {
    private SessionServer() {
    }

    /** Listens on {@code host:port}; each connection gets an actor built by {@code factory}. */
    public static CompletionStage<ServerBinding> bind(ActorSystem<?> system, String host, int port,
                                                      Function<Session, Behavior<SessionEvent>> factory) {
        return bind(system, new InetSocketAddress(host, port), factory);
    }

    /** Listens on {@code address} (TCP or Unix domain socket); each connection gets an actor built by {@code factory}. */
    public static CompletionStage<ServerBinding> bind(ActorSystem<?> system, SocketAddress address,
                                                      Function<Session, Behavior<SessionEvent>> factory) {
        final ZeroIo zio = ZeroIo.get(system);
        final AtomicLong ids = new AtomicLong();
        final ActorRef<IncomingConnection> listener = system.systemActorOf(listener(factory, ids),
            "zero-io-sessions-" + LISTENERS.incrementAndGet(), Props.empty());
        return zio.bind(address)
            .to(Sink.foreach(listener::tell))
            .run(Materializer.matFromSystem(system));
    }

    private static final AtomicLong LISTENERS = new AtomicLong();

    private static Behavior<IncomingConnection> listener(Function<Session, Behavior<SessionEvent>> factory, AtomicLong ids) {
        return Behaviors.receive((ctx, conn) -> {
            final long id = ids.incrementAndGet();
            final Behavior<SessionEvent> session = Behaviors.supervise(SessionHost.create(conn.claimPort(), id, factory))
                .onFailure(RuntimeException.class, SupervisorStrategy.stop());
            ctx.spawn(session, "session-" + id);
            return Behaviors.same();
        });
    }
}

package io.zeroio.protocol.http.websocket.pekko;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.ChildFailed;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.Terminated;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

import io.zeroio.protocol.http.websocket.WebSocketHandler;
import io.zeroio.protocol.http.websocket.WebSocketSession;

/**
 * WebSocket sessions as Pekko typed actors: one actor per connection, spawned from
 * {@code behaviors} when the upgrade completes.
 *
 * <pre>{@code
 * router.websocket("/chat", WebSocketActors.endpoint(system, connection -> Behaviors.receive(WsEvent.class)
 *     .onMessage(WsMessage.class, m -> { connection.trySendText(m.text()); m.release(); return Behaviors.same(); })
 *     .onMessage(WsEvent.PeerClosed.class, c -> Behaviors.stopped())
 *     .onMessage(WsEvent.Failed.class, f -> Behaviors.stopped())
 *     .build()));
 * }</pre>
 *
 * <h2>Events</h2>
 * {@link WsEvent.Opened} (with the {@link WsConnection}), a {@link WsMessage} per data frame — a
 * lease on the receive slot, released exactly once by the actor or reclaimed — then
 * {@link WsEvent.PeerClosed} or {@link WsEvent.Failed}. Fragmented messages are delivered <b>per
 * frame</b> ({@link WsMessage#isLast()}), never reassembled: reassembly would need a slot as large as
 * {@code websocket.max-message} (1 MiB by default) per connection and a copy of every fragment;
 * frames are zero-copy and bounded by {@code websocket.max-frame} (64 KiB). Pings, pongs and the close
 * handshake stay on the shard.
 *
 * <h2>Lifecycle and failure</h2>
 * Each session runs under a small supervisor actor (a system actor) that forwards the events and
 * watches it:
 * <ul>
 *   <li>the session actor stops → the connection is closed with 1000 (after its queued frames);</li>
 *   <li>it throws → it is stopped (typed default) and only its connection fails with 1011;</li>
 *   <li>the actor system terminates → every session's connection fails with 1001;</li>
 *   <li>in every case the leases it still held are reclaimed when the connection ends, so the pools
 *       fill up again; an actor that ignores PeerClosed/Failed is stopped {@link #LINGER} later.</li>
 * </ul>
 *
 * <h2>Backpressure</h2>
 * A session holds at most {@link WsSettings#maxInFlight()} unreleased leases; at the bound the shard
 * pauses the connection's receives (the peer's TCP window fills) until the actor releases one.
 * Sends are {@code trySend*}: refused, not dropped, when the outbox is full.
 */
public final class WebSocketActors {
    /** How long a session actor may outlive its connection before its supervisor stops it. */
    public static final Duration LINGER = Duration.ofSeconds(10);

    private static final AtomicLong SESSIONS = new AtomicLong();

    private WebSocketActors() {
    }

    /** An endpoint for {@code Router.websocket(path, ...)} with {@link WsSettings#defaults()}. */
    public static WebSocketHandler endpoint(ActorSystem<?> system, Function<WsConnection, Behavior<WsEvent>> behaviors) {
        return endpoint(system, WsSettings.defaults(), behaviors);
    }

    /** An endpoint spawning a session actor per connection from {@code behaviors}. */
    public static WebSocketHandler endpoint(ActorSystem<?> system, WsSettings settings,
                                            Function<WsConnection, Behavior<WsEvent>> behaviors) {
        return new Endpoint(system, settings, behaviors);
    }

    private static final class Endpoint extends WsEndpoint {
        private final ActorSystem<?> system;
        private final WsSettings settings;
        private final Function<WsConnection, Behavior<WsEvent>> behaviors;

        Endpoint(ActorSystem<?> system, WsSettings settings, Function<WsConnection, Behavior<WsEvent>> behaviors) {
            this.system = system;
            this.settings = settings;
            this.behaviors = behaviors;
        }

        @Override
        public void onOpen(WebSocketSession session) {
            final WsConnection c = new WsConnection(session, settings);
            // Throws when the system is terminated: the shard then fails just this connection (1011).
            final ActorRef<Object> supervisor = system.systemActorOf(supervisor(c, behaviors),
                "zero-io-ws-" + SESSIONS.incrementAndGet(), Props.empty());
            c.sink(supervisor::tell);
            session.attach(c);
            supervisor.tell(new WsEvent.Opened(c));
        }

    }

    private enum Linger { EXPIRED }

    private static Behavior<Object> supervisor(WsConnection c, Function<WsConnection, Behavior<WsEvent>> behaviors) {
        return Behaviors.setup(ctx -> {
            final ActorRef<WsEvent> child;
            try {
                child = ctx.spawn(behaviors.apply(c), "session");
            } catch (RuntimeException e) {
                ctx.getLog().warn("WebSocket session behavior factory failed", e);
                c.fail(1011);
                c.holderGone();
                return Behaviors.stopped();
            }
            ctx.watch(child);
            return Behaviors.receive(Object.class)
                .onMessage(WsEvent.class, ev -> {
                    child.tell(ev);
                    if (ev instanceof WsEvent.PeerClosed || ev instanceof WsEvent.Failed) {
                        ctx.scheduleOnce(LINGER, ctx.getSelf(), Linger.EXPIRED);
                    }
                    return Behaviors.same();
                })
                .onMessageEquals(Linger.EXPIRED, () -> {
                    ctx.stop(child);
                    return Behaviors.same();
                })
                .onSignal(ChildFailed.class, f -> {
                    c.fail(1011); // only this connection pays for the actor's failure
                    c.holderGone();
                    return Behaviors.stopped();
                })
                .onSignal(Terminated.class, t -> {
                    c.close(1000);
                    c.holderGone();
                    return Behaviors.stopped();
                })
                .onSignal(PostStop.class, s -> {
                    c.fail(1001); // e.g. the actor system terminates: going away (no-op after a close)
                    c.holderGone();
                    return Behaviors.same();
                })
                .build();
        });
    }
}

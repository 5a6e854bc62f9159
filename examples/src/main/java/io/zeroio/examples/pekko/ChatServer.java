package io.zeroio.examples.pekko;

import java.io.ByteArrayOutputStream;
import java.util.HashSet;
import java.util.Set;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.PostStop;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.util.ByteString;

import io.zeroio.pekko.session.Session;
import io.zeroio.pekko.session.SessionEvent;
import io.zeroio.pekko.session.SessionServer;
import io.zeroio.pekko.javadsl.ServerBinding;
import io.zeroio.runtime.pool.SendBuffer;
import io.zeroio.pekko.javadsl.Outgoing;

/**
 * A line-based chat server, actor per session: every connection is a typed actor; a room actor
 * broadcasts each complete line a member sends to every other member. The server greets each
 * member with {@code welcome <id>\n} once it joined the room.
 *
 * <pre>
 * bin/zero-io chat --port 7001        # then: nc 127.0.0.1 7001   (in two terminals)
 * </pre>
 *
 * <p>Replies are written once into a slot of the member's shard ({@link Session#sendBuffer}) and
 * queued without blocking; when a member's outgoing buffer is full, lines wait in the actor and go
 * out on {@link SessionEvent.Writable}.
 */
public final class ChatServer {
    private ChatServer() {
    }

    /** Messages of the room actor. */
    public sealed interface RoomMessage {
    }

    /** A member joins. */
    record Join(ActorRef<SessionEvent> member) implements RoomMessage {
    }

    /** A member leaves. */
    record Leave(ActorRef<SessionEvent> member) implements RoomMessage {
    }

    /** A member said a line (including its newline). */
    record Say(ActorRef<SessionEvent> from, ByteString line) implements RoomMessage {
    }

    /** Room to member: you joined. */
    record Joined() implements SessionEvent {
    }

    /** Room to member: send this line to your peer. */
    record Deliver(ByteString line) implements SessionEvent {
    }

    /** Starts the room and binds; returns the binding once listening. */
    public static ServerBinding start(ActorSystem<?> system, String host, int port) throws Exception {
        final ActorRef<RoomMessage> room = system.systemActorOf(room(), "chat-room", org.apache.pekko.actor.typed.Props.empty());
        return SessionServer.bind(system, host, port, session -> member(session, room)).toCompletableFuture().get();
    }

    static Behavior<RoomMessage> room() {
        final Set<ActorRef<SessionEvent>> members = new HashSet<>();
        return Behaviors.receive(RoomMessage.class)
            .onMessage(Join.class, j -> {
                members.add(j.member());
                j.member().tell(new Joined());
                return Behaviors.same();
            })
            .onMessage(Leave.class, l -> {
                members.remove(l.member());
                return Behaviors.same();
            })
            .onMessage(Say.class, s -> {
                final Deliver d = new Deliver(s.line());
                for (ActorRef<SessionEvent> m : members) {
                    if (!m.equals(s.from())) {
                        m.tell(d);
                    }
                }
                return Behaviors.same();
            })
            .build();
    }

    static Behavior<SessionEvent> member(Session session, ActorRef<RoomMessage> room) {
        return Behaviors.setup(ctx -> {
            final ActorRef<SessionEvent> self = ctx.getSelf();
            final ByteArrayOutputStream partial = new ByteArrayOutputStream();
            final Outbox waiting = new Outbox();
            room.tell(new Join(self));
            return Behaviors.receive(SessionEvent.class)
                .onMessage(Joined.class, j -> {
                    send(session, waiting, ByteString.fromString("welcome " + session.id() + "\n"));
                    return Behaviors.same();
                })
                .onMessage(SessionEvent.Received.class, r -> {
                    // frame lines: bytes up to each '\n' are a line; the rest waits for the next lease
                    final var lease = r.lease();
                    final var buf = lease.buffer();
                    int start = 0;
                    for (int i = 0; i < lease.length(); i++) {
                        if (buf.getByte(i) == '\n') {
                            final byte[] piece = new byte[i + 1 - start];
                            buf.getBytes(start, piece);
                            partial.writeBytes(piece);
                            room.tell(new Say(self, ByteString.fromArrayUnsafe(partial.toByteArray())));
                            partial.reset();
                            start = i + 1;
                        }
                    }
                    if (start < lease.length()) {
                        final byte[] rest = new byte[lease.length() - start];
                        buf.getBytes(start, rest);
                        partial.writeBytes(rest);
                    }
                    lease.release();
                    return Behaviors.same();
                })
                .onMessage(Deliver.class, d -> {
                    send(session, waiting, d.line());
                    return Behaviors.same();
                })
                .onMessage(SessionEvent.Writable.class, w -> {
                    flush(session, waiting);
                    return Behaviors.same();
                })
                .onMessage(SessionEvent.PeerClosed.class, p -> {
                    room.tell(new Leave(self));
                    session.close();
                    return Behaviors.same();
                })
                .onMessage(SessionEvent.Failed.class, f -> {
                    room.tell(new Leave(self));
                    return Behaviors.same();
                })
                .onSignal(PostStop.class, s -> {
                    room.tell(new Leave(self));
                    return Behaviors.same();
                })
                .build();
        });
    }

    /** Lines waiting for room; coalesced so one slot carries as many as fit. */
    private static final class Outbox {
        ByteString pending = ByteString.emptyByteString();
    }

    private static void send(Session session, Outbox box, ByteString line) {
        box.pending = box.pending.concat(line);
        flush(session, box);
    }

    /** Writes waiting bytes once into slots of the session's shard and queues them, until the buffer is full. */
    private static void flush(Session session, Outbox box) {
        while (!box.pending.isEmpty()) {
            final SendBuffer b = session.sendBuffer(1);
            if (b == null) {
                return; // pools exhausted: retried on the next line or Writable
            }
            final int n = Math.min(b.capacity(), box.pending.length());
            final java.nio.ByteBuffer src = box.pending.take(n).asByteBuffer();
            b.buffer().putBytes(0, src, src.position(), n);
            if (!session.send(Outgoing.send(b.length(n)))) {
                return; // full: a Writable follows
            }
            box.pending = box.pending.drop(n);
        }
    }
}

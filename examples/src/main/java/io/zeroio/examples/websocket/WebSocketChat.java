package io.zeroio.examples.websocket;

import java.util.ArrayList;
import java.util.List;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

import io.zeroio.protocol.http.websocket.WebSocketHandler;
import io.zeroio.protocol.http.websocket.pekko.WebSocketActors;
import io.zeroio.protocol.http.websocket.pekko.WsConnection;
import io.zeroio.protocol.http.websocket.pekko.WsEvent;
import io.zeroio.protocol.http.websocket.pekko.WsMessage;

/**
 * A WebSocket chat on shards with one typed actor per session ({@link WebSocketActors}) and one room
 * actor: every text message a member sends goes to every member, the sender included, and since the
 * room actor handles one line at a time every member sees the same lines in the same order.
 *
 * <pre>{@code
 * ActorRef<Room> room = system.systemActorOf(WebSocketChat.room(), "chat-room", Props.empty());
 * router.websocket("/chat", WebSocketChat.endpoint(system, room));
 * }</pre>
 *
 * <ul>
 *   <li>A session actor reads each frame's lease (UTF-8 decoded into a String: the one copy) and
 *       releases it at once; fragments are joined until the last one (lines up to
 *       {@value #MAX_LINE} characters, longer ones close the session with 1009).</li>
 *   <li>The room sends with {@link WsConnection#trySendText}: a member whose outbox is full (it does
 *       not read) is closed with 1008 and leaves, instead of losing lines silently or slowing the
 *       others down.</li>
 *   <li>A newcomer first gets {@code "* welcome, N online"} (N counts it), then every later line.</li>
 * </ul>
 */
public final class WebSocketChat {
    /** Longest line (characters) a member may send. */
    public static final int MAX_LINE = 4096;

    /** The room's messages. */
    public sealed interface Room permits Join, Leave, Say {
    }

    /** A member joined. */
    public record Join(WsConnection member) implements Room {
    }

    /** A member left. */
    public record Leave(WsConnection member) implements Room {
    }

    /** A line for everyone. */
    public record Say(String line) implements Room {
    }

    private WebSocketChat() {
    }

    /** The room: members in join order; broadcasts each line to all of them. */
    public static Behavior<Room> room() {
        return Behaviors.setup(ctx -> {
            final List<WsConnection> members = new ArrayList<>();
            return Behaviors.receive(Room.class)
                .onMessage(Join.class, j -> {
                    members.add(j.member());
                    j.member().trySendText("* welcome, " + members.size() + " online");
                    return Behaviors.same();
                })
                .onMessage(Leave.class, l -> {
                    members.remove(l.member());
                    return Behaviors.same();
                })
                .onMessage(Say.class, s -> {
                    for (int k = members.size() - 1; k >= 0; k--) {
                        final WsConnection m = members.get(k);
                        if (!m.trySendText(s.line())) {
                            m.close(1008); // too slow (or closing): it leaves rather than lose lines unnoticed
                            members.remove(k);
                        }
                    }
                    return Behaviors.same();
                })
                .build();
        });
    }

    /** The WebSocket endpoint: a session actor per connection, talking to {@code room}. */
    public static WebSocketHandler endpoint(ActorSystem<?> system, ActorRef<Room> room) {
        return WebSocketActors.endpoint(system, connection -> session(connection, room));
    }

    private static Behavior<WsEvent> session(WsConnection connection, ActorRef<Room> room) {
        final StringBuilder partial = new StringBuilder();
        return Behaviors.receive(WsEvent.class)
            .onMessage(WsEvent.Opened.class, o -> {
                room.tell(new Join(connection));
                return Behaviors.same();
            })
            .onMessage(WsMessage.class, m -> {
                final String text;
                try {
                    if (!m.isText()) {
                        return Behaviors.same(); // binary is not chat
                    }
                    text = m.text();
                } finally {
                    m.release();
                }
                partial.append(text);
                if (partial.length() > MAX_LINE) {
                    connection.close(1009);
                    partial.setLength(0);
                } else if (m.isLast()) {
                    room.tell(new Say(partial.toString()));
                    partial.setLength(0);
                }
                return Behaviors.same();
            })
            .onMessage(WsEvent.PeerClosed.class, c -> {
                room.tell(new Leave(connection));
                return Behaviors.stopped();
            })
            .onMessage(WsEvent.Failed.class, f -> {
                room.tell(new Leave(connection));
                return Behaviors.stopped();
            })
            .build();
    }
}

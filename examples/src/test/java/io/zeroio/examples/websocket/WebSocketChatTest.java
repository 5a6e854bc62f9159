package io.zeroio.examples.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.zeroio.protocol.http.limits.HttpServerConfig;
import io.zeroio.protocol.http.server.HttpServer;
import io.zeroio.protocol.http.server.Router;
import io.zeroio.runtime.pool.PoolStats;
import io.zeroio.runtime.shard.BackendKind;
import io.zeroio.runtime.shard.Io;
import io.zeroio.runtime.shard.ShardRunner;
import io.zeroio.runtime.uring.UringBackend;

/**
 * The WebSocket chat with 24 JDK {@code java.net.http.WebSocket} clients on 2 shards: every member
 * receives every line, all members in the same order, each sender's lines in the order sent; then
 * every connection closes and every pool slot is free.
 */
@Timeout(120)
class WebSocketChatTest {
    static final int MEMBERS = 24;
    static final int LINES = 10;

    static final class Member implements WebSocket.Listener {
        final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                lines.add(partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            closedWith = code;
            return null;
        }

        volatile int closedWith = -1;
    }

    @ParameterizedTest
    @EnumSource(value = BackendKind.class, names = {"IO_URING", "NIO"})
    void everyMemberReceivesEveryLineInTheSameOrder(BackendKind backend) throws Exception {
        if (backend == BackendKind.IO_URING && !UringBackend.isSupported() && !"true".equals(System.getenv("CI"))) {
            return; // io_uring not available here (CI requires it)
        }
        final ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "chat-test");
        final HttpClient http = HttpClient.newHttpClient();
        try (HttpServer server = HttpServer.start(new InetSocketAddress("127.0.0.1", 0), 2, HttpServerConfig.defaults(), backend,
            new Router().websocket("/chat", WebSocketChat.endpoint(system,
                system.systemActorOf(WebSocketChat.room(), "room", Props.empty()))))) {
            final List<Member> members = new ArrayList<>();
            final List<WebSocket> sockets = new ArrayList<>();
            for (int k = 0; k < MEMBERS; k++) {
                final Member m = new Member();
                sockets.add(http.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/chat"), m)
                    .get(10, TimeUnit.SECONDS));
                members.add(m);
                final String welcome = m.lines.poll(10, TimeUnit.SECONDS);
                assertEquals("* welcome, " + (k + 1) + " online", welcome);
            }
            final List<Thread> senders = new ArrayList<>();
            for (int k = 0; k < MEMBERS; k++) {
                final WebSocket ws = sockets.get(k);
                final int id = k;
                senders.add(Thread.ofPlatform().start(() -> {
                    try {
                        for (int i = 0; i < LINES; i++) {
                            ws.sendText("m" + id + " line " + i + " — ✓", true).get(10, TimeUnit.SECONDS);
                        }
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }));
            }
            for (Thread t : senders) {
                t.join(30_000);
            }
            final Set<String> expected = new HashSet<>();
            for (int k = 0; k < MEMBERS; k++) {
                for (int i = 0; i < LINES; i++) {
                    expected.add("m" + k + " line " + i + " — ✓");
                }
            }
            List<String> reference = null;
            for (Member m : members) {
                final List<String> got = new ArrayList<>();
                for (int n = 0; n < MEMBERS * LINES; n++) {
                    final String line = m.lines.poll(20, TimeUnit.SECONDS);
                    assertNotNull(line, "line " + n + " of " + MEMBERS * LINES + " missing (member " + members.indexOf(m)
                        + ", closed with " + m.closedWith + ")");
                    got.add(line);
                }
                assertEquals(expected, new HashSet<>(got), "complete, no duplicates");
                final Map<String, Integer> next = new HashMap<>();
                for (String line : got) {
                    final String sender = line.substring(0, line.indexOf(' '));
                    final int i = Integer.parseInt(line.split(" ")[2]);
                    assertEquals(next.getOrDefault(sender, 0), i, "each sender's lines in order");
                    next.put(sender, i + 1);
                }
                if (reference == null) {
                    reference = got;
                } else {
                    assertEquals(reference, got, "every member sees the same order");
                }
                assertEquals(null, m.lines.poll(50, TimeUnit.MILLISECONDS), "nothing extra");
            }
            for (WebSocket ws : sockets) {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(10, TimeUnit.SECONDS);
            }
            for (ShardRunner shard : server.runners()) {
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while ((shard.call(Io::openConnections) != 0 || !shard.call(Io::poolStats).atFullCapacity())
                    && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertEquals(0, shard.call(Io::openConnections), "open connections");
                final PoolStats stats = shard.call(Io::poolStats);
                assertTrue(stats.atFullCapacity(), "pool slots leaked: " + stats);
            }
        } finally {
            http.close();
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
    }
}

package io.zeroio.protocol.http.websocket.pekko;

import static io.zeroio.protocol.http.HttpTestSupport.awaitNoConnections;
import static io.zeroio.protocol.http.HttpTestSupport.awaitPoolsFull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.zeroio.protocol.http.HttpTestSupport;
import io.zeroio.protocol.http.limits.HttpServerConfig;
import io.zeroio.protocol.http.server.HttpServer;
import io.zeroio.protocol.http.server.Router;
import io.zeroio.runtime.shard.BackendKind;

/**
 * WebSocket sessions as typed actors over the inline server's shards, against the JDK WebSocket
 * client, on io_uring and NIO; every test ends with no connection open and every pool slot free.
 */
@Timeout(90)
class WebSocketActorsTest {
    private ActorSystem<Void> system;
    private HttpServer server;

    static java.util.stream.Stream<BackendKind> backends() {
        return HttpTestSupport.backends();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (server != null) {
                awaitNoConnections(server);
                awaitPoolsFull(server);
                server.close();
            }
        } finally {
            if (system != null) {
                system.terminate();
                system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
            }
        }
    }

    private void start(BackendKind backend, Router router) throws Exception {
        server = HttpTestSupport.start(backend, HttpServerConfig.builder().websocketMaxFrameBytes(100_000).build(), router);
    }

    /** Echoes text and binary, "boom" throws, "stop" stops; releases every lease. */
    static Behavior<WsEvent> echo(WsConnection c) {
        return echo(c, 0);
    }

    /** {@link #echo(WsConnection)} pausing {@code delayMillis} before each echo (later frames arrive meanwhile). */
    static Behavior<WsEvent> echo(WsConnection c, long delayMillis) {
        return Behaviors.receive(WsEvent.class)
            .onMessage(WsMessage.class, m -> {
                try {
                    if (delayMillis > 0) {
                        Thread.sleep(delayMillis);
                    }
                    if (m.isText()) {
                        final String s = m.text();
                        if (s.equals("boom")) {
                            throw new IllegalStateException("session actor failure (expected by the test)");
                        }
                        if (s.equals("stop")) {
                            return Behaviors.stopped();
                        }
                        if (!c.trySendText(s)) {
                            throw new IllegalStateException("echo refused (outbox full)"); // fails the test: 1011
                        }
                    } else if (!c.trySendBinary(m.buffer(), 0, m.length())) {
                        throw new IllegalStateException("echo refused (outbox full)");
                    }
                } finally {
                    m.release();
                }
                return Behaviors.same();
            })
            .onMessage(WsEvent.PeerClosed.class, x -> Behaviors.stopped())
            .onMessage(WsEvent.Failed.class, x -> Behaviors.stopped())
            .onAnyMessage(x -> Behaviors.same())
            .build();
    }

    /** Echoes text while the outbox takes it (a flood may be refused: counted, not an error); releases every lease. */
    static Behavior<WsEvent> lossyEcho(WsConnection c) {
        return Behaviors.receive(WsEvent.class)
            .onMessage(WsMessage.class, m -> {
                try {
                    c.trySendText(m.text());
                } finally {
                    m.release();
                }
                return Behaviors.same();
            })
            .onMessage(WsEvent.PeerClosed.class, x -> Behaviors.stopped())
            .onMessage(WsEvent.Failed.class, x -> Behaviors.stopped())
            .onAnyMessage(x -> Behaviors.same())
            .build();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void actorSessionEchoesTextAndBinaryAndStoppingClosesWith1000(BackendKind backend) throws Exception {
        system = ActorSystem.create(Behaviors.empty(), "ws-actors");
        start(backend, new Router().websocket("/ws", WebSocketActors.endpoint(system, WebSocketActorsTest::echo)));
        try (WsClient client = new WsClient(server.port(), "/ws")) {
            for (int i = 0; i < 200; i++) {
                client.text("line " + i + " ünïcødé");
            }
            for (int i = 0; i < 200; i++) {
                assertEquals("line " + i + " ünïcødé", client.next());
            }
            final byte[] big = new byte[70_000]; // one frame > the 2 KiB receive slot: its lease is on the scratch slot
            new java.util.Random(7).nextBytes(big);
            client.ws.sendBinary(ByteBuffer.wrap(big), true).get(10, TimeUnit.SECONDS);
            assertEquals("binary:70000:" + java.util.Arrays.hashCode(big), client.next());
            client.text("stop"); // the actor stops: its connection closes with 1000
            assertEquals(1000, client.awaitClose());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aThrowingSessionActorCostsOnlyItsConnection(BackendKind backend) throws Exception {
        system = ActorSystem.create(Behaviors.empty(), "ws-actors");
        start(backend, new Router().websocket("/ws", WebSocketActors.endpoint(system, WebSocketActorsTest::echo)));
        try (WsClient victim = new WsClient(server.port(), "/ws"); WsClient other = new WsClient(server.port(), "/ws")) {
            other.text("before");
            assertEquals("before", other.next());
            victim.text("boom");
            assertEquals(1011, victim.awaitClose());
            other.text("after");
            assertEquals("after", other.next());
            other.ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
            assertEquals(1000, other.awaitClose());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void anActorStoppedWithLeasesHeldHasThemReclaimed(BackendKind backend) throws Exception {
        system = ActorSystem.create(Behaviors.empty(), "ws-actors");
        final CompletableFuture<WsConnection> conn = new CompletableFuture<>();
        final List<WsMessage> held = new CopyOnWriteArrayList<>();
        start(backend, new Router().websocket("/ws", WebSocketActors.endpoint(system, c -> {
            conn.complete(c);
            return Behaviors.receive(WsEvent.class)
                .onMessage(WsMessage.class, m -> {
                    held.add(m); // never released
                    return held.size() == 3 ? Behaviors.stopped() : Behaviors.same();
                })
                .onAnyMessage(x -> Behaviors.same())
                .build();
        })));
        try (WsClient client = new WsClient(server.port(), "/ws")) {
            client.text("a");
            client.text("b");
            client.text("c");
            assertEquals(1000, client.awaitClose());
        }
        awaitNoConnections(server);
        awaitPoolsFull(server);
        assertEquals(3, conn.get().reclaimedLeases());
        for (WsMessage m : held) {
            assertTrue(m.isReleased());
            assertTrue(!m.release(), "a reclaimed lease cannot be released again");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void fragmentsArriveOneLeasePerFrameAndAVanishedPeerIsFailed1006(BackendKind backend) throws Exception {
        system = ActorSystem.create(Behaviors.empty(), "ws-actors");
        final List<String> seen = new CopyOnWriteArrayList<>();
        final CompletableFuture<Integer> failed = new CompletableFuture<>();
        start(backend, new Router().websocket("/ws", WebSocketActors.endpoint(system, c -> Behaviors.receive(WsEvent.class)
            .onMessage(WsMessage.class, m -> {
                seen.add(m.kind() + ":" + m.text() + (m.isLast() ? ":last" : ""));
                assertTrue(m.isLease() && m.release());
                return Behaviors.same();
            })
            .onMessage(WsEvent.Failed.class, f -> {
                failed.complete(f.code());
                return Behaviors.stopped();
            })
            .onAnyMessage(x -> Behaviors.same())
            .build())));
        final WsClient client = new WsClient(server.port(), "/ws");
        client.ws.sendText("frag-1 ", false).get(10, TimeUnit.SECONDS);
        client.ws.sendText("frag-2 ", false).get(10, TimeUnit.SECONDS);
        client.ws.sendText("frag-3", true).get(10, TimeUnit.SECONDS);
        client.text("whole");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (seen.size() < 4 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(List.of("TEXT:frag-1 ", "TEXT:frag-2 ", "TEXT:frag-3:last", "TEXT:whole:last"), seen);
        client.close(); // abort: the TCP connection goes without a close frame
        assertEquals(1006, failed.get(10, TimeUnit.SECONDS));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aSlowActorPausesReceivesAtMaxInFlight(BackendKind backend) throws Exception {
        system = ActorSystem.create(Behaviors.empty(), "ws-actors");
        final CompletableFuture<WsConnection> conn = new CompletableFuture<>();
        final List<WsMessage> got = new CopyOnWriteArrayList<>();
        final List<String> texts = new CopyOnWriteArrayList<>();
        final AtomicReference<Boolean> holding = new AtomicReference<>(true);
        start(backend, new Router().websocket("/ws", WebSocketActors.endpoint(system, new WsSettings(4, 64), c -> {
            conn.complete(c);
            return Behaviors.receive(WsEvent.class)
                .onMessage(WsMessage.class, m -> {
                    texts.add(m.text());
                    got.add(m);
                    if (!holding.get()) {
                        for (WsMessage h : got) {
                            h.release();
                        }
                    }
                    return Behaviors.same();
                })
                .onMessageEquals(new WsEvent.PeerClosed(1000), Behaviors::stopped)
                .onAnyMessage(x -> Behaviors.same())
                .build();
        })));
        try (WsClient client = new WsClient(server.port(), "/ws")) {
            for (int i = 0; i < 50; i++) {
                client.text("m" + i); // completes once in the client's socket: TCP buffers what the server does not read
            }
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (got.size() < 4 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(300);
            assertEquals(4, got.size(), "exactly maxInFlight frames delivered while none is released");
            assertEquals(4, conn.get().leasesInFlight());
            holding.set(false);
            for (WsMessage h : got) {
                h.release(); // released from this thread: wakes the connection, receives resume
            }
            final long deadline2 = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (got.size() < 50 && System.nanoTime() < deadline2) {
                Thread.sleep(10);
            }
            assertEquals(50, got.size());
            for (int i = 0; i < 50; i++) {
                assertEquals("m" + i, texts.get(i), "in order");
            }
            client.ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
            assertEquals(1000, client.awaitClose());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void trySendRefusesWhenTheOutboxIsFullAndNothingIsDroppedSilently(BackendKind backend) throws Exception {
        system = ActorSystem.create(Behaviors.empty(), "ws-actors");
        final CompletableFuture<int[]> result = new CompletableFuture<>();
        start(backend, new Router().websocket("/ws", WebSocketActors.endpoint(system, new WsSettings(4, 4), c ->
            Behaviors.receive(WsEvent.class)
                .onMessage(WsMessage.class, m -> {
                    m.release();
                    int accepted = 0;
                    int refused = 0;
                    for (int i = 0; i < 5000; i++) {
                        if (c.trySendText("x" + accepted)) {
                            accepted++;
                        } else {
                            refused++;
                        }
                    }
                    while (!c.trySendText("end")) {
                        Thread.onSpinWait();
                    }
                    result.complete(new int[] {accepted, refused});
                    return Behaviors.same();
                })
                .onMessage(WsEvent.PeerClosed.class, x -> Behaviors.stopped())
                .onAnyMessage(x -> Behaviors.same())
                .build())));
        try (WsClient client = new WsClient(server.port(), "/ws")) {
            client.text("go");
            final int[] r = result.get(20, TimeUnit.SECONDS);
            assertTrue(r[1] > 0, "an outbox of 4 frames must refuse some of 5000 immediate sends");
            for (int i = 0; i < r[0]; i++) {
                assertEquals("x" + i, client.next(), "every accepted frame arrives, in order");
            }
            assertEquals("end", client.next());
            assertNull(client.messages.poll(200, TimeUnit.MILLISECONDS));
            client.ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
            assertEquals(1000, client.awaitClose());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void terminatingTheActorSystemMidTrafficFailsSessionsWith1001AndGivesEverySlotBack(BackendKind backend) throws Exception {
        system = ActorSystem.create(Behaviors.empty(), "ws-actors");
        start(backend, new Router().websocket("/ws", WebSocketActors.endpoint(system, WebSocketActorsTest::lossyEcho)));
        final List<WsClient> clients = new ArrayList<>();
        final List<Thread> senders = new ArrayList<>();
        try {
            for (int k = 0; k < 5; k++) {
                final WsClient c = new WsClient(server.port(), "/ws");
                clients.add(c);
                c.text("hello");
                assertEquals("hello", c.messages.poll(30, TimeUnit.SECONDS), "traffic flows before the termination");
                final Thread t = Thread.ofPlatform().start(() -> {
                    try {
                        for (int i = 0; i < 100_000 && !c.closed.isDone(); i++) {
                            c.ws.sendText("traffic " + i, true).get(10, TimeUnit.SECONDS);
                        }
                    } catch (Exception closedUnderneath) {
                        // expected: the server closes mid-traffic
                    }
                });
                senders.add(t);
            }
            Thread.sleep(300); // mid-traffic: the five senders are flooding now
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
            for (WsClient c : clients) {
                final int code = c.closed.handle((v, e) -> v == null ? -1 : v).get(10, TimeUnit.SECONDS);
                assertTrue(code == 1001 || code == -1, "closed going-away (or reset while sending): " + code);
            }
            for (Thread t : senders) {
                t.join(10_000);
            }
        } finally {
            for (WsClient c : clients) {
                c.close();
            }
        }
        // a new connection while the system is gone: refused with 1011, nothing leaks
        try (WsClient late = new WsClient(server.port(), "/ws")) {
            assertEquals(1011, late.awaitClose());
        }
    }
}

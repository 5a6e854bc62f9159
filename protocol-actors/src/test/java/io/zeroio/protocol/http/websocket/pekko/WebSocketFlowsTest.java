package io.zeroio.protocol.http.websocket.pekko;

import static io.zeroio.protocol.http.HttpTestSupport.awaitNoConnections;
import static io.zeroio.protocol.http.HttpTestSupport.awaitPoolsFull;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
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
 * WebSocket sessions as Pekko Streams flows over the inline server's shards (JDK WebSocket client,
 * io_uring and NIO); every test ends with no connection open and every pool slot free.
 */
@Timeout(90)
class WebSocketFlowsTest {
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

    private void newSystem() {
        system = ActorSystem.create(Behaviors.empty(), "ws-flows");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void identityFlowEchoesLeasesAndMapFlowTransforms(BackendKind backend) throws Exception {
        newSystem();
        final ActorSystem<Void> sys = system;
        server = HttpTestSupport.start(backend, HttpServerConfig.builder().websocketMaxFrameBytes(100_000).build(), new Router()
            .websocket("/echo", WebSocketFlows.endpoint(sys, Flow::<WsMessage>create))
            .websocket("/upper", WebSocketFlows.endpoint(sys, () -> Flow.<WsMessage>create().map(m -> {
                final String s = m.text();
                m.release();
                return WsMessage.text(s.toUpperCase());
            }))));
        try (WsClient echo = new WsClient(server.port(), "/echo"); WsClient upper = new WsClient(server.port(), "/upper")) {
            for (int i = 0; i < 300; i++) {
                echo.text("echo " + i);
                upper.text("upper " + i);
            }
            for (int i = 0; i < 300; i++) {
                assertEquals("echo " + i, echo.next());
                assertEquals("UPPER " + i, upper.next());
            }
            final byte[] big = new byte[70_000];
            new java.util.Random(3).nextBytes(big);
            echo.ws.sendBinary(ByteBuffer.wrap(big), true).get(10, TimeUnit.SECONDS);
            assertEquals("binary:70000:" + java.util.Arrays.hashCode(big), echo.next());
            echo.ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
            upper.ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
            assertEquals(1000, echo.awaitClose());
            assertEquals(1000, upper.awaitClose());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void flowCompletionClosesWith1000AndFailureWith1011(BackendKind backend) throws Exception {
        newSystem();
        server = HttpTestSupport.start(backend, HttpServerConfig.defaults(), new Router()
            .websocket("/take2", WebSocketFlows.endpoint(system, () -> Flow.<WsMessage>create().take(2)))
            .websocket("/fail", WebSocketFlows.endpoint(system, () -> Flow.<WsMessage>create().map(m -> {
                if (m.text().equals("boom")) {
                    throw new IllegalStateException("flow failure (expected by the test)");
                }
                return m;
            }))));
        try (WsClient take = new WsClient(server.port(), "/take2"); WsClient fail = new WsClient(server.port(), "/fail")) {
            take.text("one");
            take.text("two");
            assertEquals("one", take.next());
            assertEquals("two", take.next());
            assertEquals(1000, take.awaitClose()); // take(2) completed: close 1000
            fail.text("fine");
            assertEquals("fine", fail.next());
            fail.text("boom"); // the lease in the failed element is reclaimed
            assertEquals(1011, fail.awaitClose());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aFlowWithoutDemandPausesReceivesAndGetsEverythingInOrderLater(BackendKind backend) throws Exception {
        newSystem();
        final List<String> seen = new CopyOnWriteArrayList<>();
        // The flow reads nothing for 1.5 s (initialDelay), then consumes slowly, holding leases for a while.
        server = HttpTestSupport.start(backend, HttpServerConfig.defaults(), new Router()
            .websocket("/slow", WebSocketFlows.endpoint(Materializer.matFromSystem(system), new WsSettings(4, 16),
                () -> Flow.<WsMessage>create()
                    .initialDelay(Duration.ofMillis(1500))
                    .map(m -> {
                        seen.add(m.text());
                        m.release();
                        return m;
                    })
                    .filter(m -> false))));
        try (WsClient client = new WsClient(server.port(), "/slow")) {
            for (int i = 0; i < 200; i++) {
                client.text("s" + i);
            }
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            while (seen.size() < 200 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(200, seen.size());
            for (int i = 0; i < 200; i++) {
                assertEquals("s" + i, seen.get(i));
            }
            client.ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
            assertEquals(1000, client.awaitClose());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void flowOutputIsBackpressuredByTheOutboxNotDropped(BackendKind backend) throws Exception {
        newSystem();
        // Each received frame becomes 2 000 outgoing ones through an outbox of 4: the sink waits for room.
        server = HttpTestSupport.start(backend, HttpServerConfig.defaults(), new Router()
            .websocket("/burst", WebSocketFlows.endpoint(Materializer.matFromSystem(system), new WsSettings(4, 4),
                () -> Flow.<WsMessage>create().mapConcat(m -> {
                    m.release();
                    final java.util.ArrayList<WsMessage> out = new java.util.ArrayList<>();
                    for (int i = 0; i < 2000; i++) {
                        out.add(WsMessage.text("b" + i));
                    }
                    return out;
                }))));
        try (WsClient client = new WsClient(server.port(), "/burst")) {
            client.text("go");
            for (int i = 0; i < 2000; i++) {
                assertEquals("b" + i, client.next());
            }
            client.ws.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
            assertEquals(1000, client.awaitClose());
        }
    }
}

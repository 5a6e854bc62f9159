package io.zeroio.protocol.http.websocket.pekko;

import static io.zeroio.protocol.http.HttpTestSupport.awaitNoConnections;
import static io.zeroio.protocol.http.HttpTestSupport.awaitPoolsFull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Flow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.zeroio.protocol.http.HttpTestSupport;
import io.zeroio.protocol.http.limits.HttpServerConfig;
import io.zeroio.protocol.http.server.HttpServer;
import io.zeroio.protocol.http.server.Router;
import io.zeroio.protocol.http.websocket.WebSocketHandler;
import io.zeroio.protocol.http.websocket.client.ClientShard;
import io.zeroio.protocol.http.websocket.client.Recorder;
import io.zeroio.protocol.http.websocket.client.WebSocketClientConfig;
import io.zeroio.protocol.http.websocket.deflate.PerMessageDeflateConfig;
import io.zeroio.runtime.shard.BackendKind;

/**
 * Actor and flow sessions with permessage-deflate negotiated (the project's own client offers it):
 * each compressed message reaches the session inflated, as a lease on the codec's message slot
 * (not on the receive slot the compressed bytes arrived in), and the echo comes back intact.
 */
@Timeout(90)
class DeflatedSessionsTest {
    private ActorSystem<Void> system;
    private HttpServer server;
    private ClientShard client;

    static java.util.stream.Stream<BackendKind> backends() {
        return HttpTestSupport.backends();
    }

    @AfterEach
    void stop() throws Exception {
        try {
            if (client != null) {
                client.close(); // asserts: no connection left, client pools full
            }
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

    private InetSocketAddress start(BackendKind backend, WebSocketHandler endpoint) throws Exception {
        final PerMessageDeflateConfig d = PerMessageDeflateConfig.enabledDefaults();
        server = HttpTestSupport.start(backend, HttpServerConfig.builder().websocketMaxFrameBytes(100_000)
            .websocketDeflate(d).build(), new Router().websocket("/ws", endpoint));
        client = new ClientShard(backend, WebSocketClientConfig.defaults().withLimits(100_000, 1_000_000).withDeflate(d));
        return new InetSocketAddress("127.0.0.1", server.port());
    }

    /** Above the compression threshold and highly compressible; every message distinct. */
    private static String text(int i) {
        return ("message " + i + " — zero-io shards pools slots rings ").repeat(40 + i);
    }

    private void echoRoundTrips(InetSocketAddress target) throws Exception {
        final Recorder r = new Recorder();
        final long conn = client.connect(target, "/ws", r);
        assertEquals("open", r.next());
        assertTrue(client.compressed(conn), "permessage-deflate negotiated");
        // Sent back to back, echoed later: each inflated message must stay intact while the session
        // holds its lease, even as the next messages are inflated (a lease on the wrong slot would
        // read a message slot already reused).
        final int n = 12;
        for (int i = 0; i < n; i++) {
            assertTrue(client.sendText(conn, text(i)));
        }
        for (int i = 0; i < n; i++) {
            assertEquals("text:" + text(i), r.next());
        }
        final byte[] data = new byte[60_000];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i % 97);
        }
        assertTrue(client.sendBinary(conn, data));
        assertEquals("binary:" + Recorder.describe(data), r.next());
        client.close(conn, 1000, "");
        assertEquals("close:1000", r.next());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void actorSessionsGetInflatedMessages(BackendKind backend) throws Exception {
        system = ActorSystem.create(Behaviors.empty(), "ws-deflate-actors");
        echoRoundTrips(start(backend, WebSocketActors.endpoint(system, c -> WebSocketActorsTest.echo(c, 20))));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void flowSessionsGetInflatedMessages(BackendKind backend) throws Exception {
        system = ActorSystem.create(Behaviors.empty(), "ws-deflate-flows");
        echoRoundTrips(start(backend, WebSocketFlows.endpoint(system,
            () -> Flow.<WsMessage>create().map(m -> {
                Thread.sleep(20); // later messages are inflated while this one is held
                return m;
            }))));
    }
}

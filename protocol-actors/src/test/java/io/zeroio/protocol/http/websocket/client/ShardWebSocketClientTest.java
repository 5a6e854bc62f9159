package io.zeroio.protocol.http.websocket.client;

import static io.zeroio.protocol.http.HttpTestSupport.awaitNoConnections;
import static io.zeroio.protocol.http.HttpTestSupport.awaitPoolsFull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.zeroio.protocol.http.HttpTestSupport;
import io.zeroio.protocol.http.limits.HttpServerConfig;
import io.zeroio.protocol.http.server.HttpServer;
import io.zeroio.protocol.http.server.Router;
import io.zeroio.protocol.http.websocket.WebSocketFrame;
import io.zeroio.protocol.http.websocket.WebSocketHandler;
import io.zeroio.protocol.http.websocket.WebSocketSession;
import io.zeroio.protocol.http.websocket.deflate.PerMessageDeflateConfig;
import io.zeroio.runtime.shard.BackendKind;

/** The shard WebSocket client against the inline server (each on its own shard), with and without permessage-deflate. */
@Timeout(60)
class ShardWebSocketClientTest {
    private HttpServer server;
    private ClientShard client;
    private final List<String> serverEvents = new CopyOnWriteArrayList<>();

    static Stream<Arguments> backendsAndDeflate() {
        return HttpTestSupport.backends().flatMap(b -> Stream.of(Arguments.of(b, false), Arguments.of(b, true)));
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) {
            client.close(); // asserts: no connection left, pools full
        }
        if (server != null) {
            awaitNoConnections(server);
            awaitPoolsFull(server);
            server.close();
        }
    }

    /** Echoes every frame (whole inflated messages when compressed); "close" closes with 4000. */
    private final WebSocketHandler echo = new WebSocketHandler() {
        @Override
        public void onOpen(WebSocketSession session) {
            serverEvents.add("open compressed=" + session.compressed());
        }

        @Override
        public void onFrame(WebSocketSession session, WebSocketFrame frame) {
            if (frame.opcode() == WebSocketFrame.TEXT && frame.fin() && frame.payloadLength() == 5
                && frame.buffer().getStringWithoutLengthAscii(frame.payloadOffset(), 5).equals("close")) {
                session.close(4000, "asked to");
                return;
            }
            session.send(frame.opcode(), frame.fin(), frame.buffer(), frame.payloadOffset(), frame.payloadLength());
        }

        @Override
        public void onClose(WebSocketSession session, int code) {
            serverEvents.add("close " + code);
        }
    };

    private InetSocketAddress start(BackendKind backend, boolean deflate) throws Exception {
        final PerMessageDeflateConfig d = deflate ? PerMessageDeflateConfig.enabledDefaults() : PerMessageDeflateConfig.disabled();
        server = HttpTestSupport.start(backend, HttpServerConfig.builder().websocketMaxFrameBytes(300_000)
            .websocketMaxMessageBytes(1_000_000).websocketDeflate(d).build(), new Router().websocket("/ws", echo));
        client = new ClientShard(backend, WebSocketClientConfig.defaults().withLimits(300_000, 1_000_000).withDeflate(d));
        return new InetSocketAddress("127.0.0.1", server.port());
    }

    static byte[] compressible(int n) {
        final byte[] b = new byte[n];
        final byte[] words = "zero-io shards pools slots rings ".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < n; i++) {
            b[i] = words[(i * 7 + i / 33) % words.length];
        }
        return b;
    }

    static byte[] random(int n, long seed) {
        final byte[] b = new byte[n];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }

    @ParameterizedTest
    @MethodSource("backendsAndDeflate")
    void echoesTextBinaryFragmentsLargeMessagesPingAndCloses(BackendKind backend, boolean deflate) throws Exception {
        final InetSocketAddress target = start(backend, deflate);
        final Recorder r = new Recorder();
        final long conn = client.connect(target, "/ws", r);
        assertEquals("open", r.next());
        assertEquals(deflate, client.compressed(conn), "permessage-deflate negotiated");
        final String text = "hello, zero-io — ünïcødé 😀 ".repeat(20);
        assertTrue(client.sendText(conn, text));
        assertEquals("text:" + text, r.next());
        for (byte[] data : List.of(random(100, 1), compressible(200_000), random(200_000, 2), new byte[0])) {
            assertTrue(client.sendBinary(conn, data));
            assertEquals("binary:" + Recorder.describe(data), r.next());
        }
        // fragmented by hand: the server echoes fragment by fragment, the recorder reassembles
        assertTrue(client.sendFrame(conn, WebSocketFrame.TEXT, false, "frag".getBytes(StandardCharsets.UTF_8)));
        assertTrue(client.ping(conn, "in-between".getBytes(StandardCharsets.UTF_8))); // control frame between fragments
        assertTrue(client.sendFrame(conn, WebSocketFrame.CONTINUATION, true, "mented".getBytes(StandardCharsets.UTF_8)));
        assertEquals("pong:in-between", r.next());
        assertEquals("text:fragmented", r.next());
        client.close(conn, 4001, "done");
        assertEquals("close:4001", r.next());
        assertEquals(List.of("open compressed=" + deflate, "close 4001"), waitFor(2));
    }

    @ParameterizedTest
    @MethodSource("backendsAndDeflate")
    void serverInitiatedCloseIsEchoed(BackendKind backend, boolean deflate) throws Exception {
        final InetSocketAddress target = start(backend, deflate);
        final Recorder r = new Recorder();
        final long conn = client.connect(target, "/ws", r);
        assertEquals("open", r.next());
        client.sendText(conn, "close");
        assertEquals("close:4000", r.next());
        assertEquals(List.of("open compressed=" + deflate, "close 4000"), waitFor(2));
        assertTrue(!client.sendText(conn, "after close"), "a closed session refuses sends");
    }

    @ParameterizedTest
    @MethodSource("backendsAndDeflate")
    void manyConnectionsInterleave(BackendKind backend, boolean deflate) throws Exception {
        final InetSocketAddress target = start(backend, deflate);
        final Recorder[] r = new Recorder[20];
        final long[] conn = new long[r.length];
        for (int k = 0; k < r.length; k++) {
            r[k] = new Recorder();
            conn[k] = client.connect(target, "/ws", r[k]);
        }
        for (int k = 0; k < r.length; k++) {
            assertEquals("open", r[k].next());
        }
        for (int round = 0; round < 20; round++) {
            for (int k = 0; k < r.length; k++) {
                assertTrue(client.sendText(conn[k], "message " + round + " on " + k + " " + "x".repeat(round * 10)));
            }
        }
        for (int round = 0; round < 20; round++) {
            for (int k = 0; k < r.length; k++) {
                assertEquals("text:message " + round + " on " + k + " " + "x".repeat(round * 10), r[k].next());
            }
        }
        for (int k = 0; k < r.length; k++) {
            client.close(conn[k], 1000, "");
            assertEquals("close:1000", r[k].next());
        }
    }

    @ParameterizedTest
    @MethodSource("backendsAndDeflate")
    void requestTargetsThatCouldInjectHeadersAreRefused(BackendKind backend, boolean deflate) throws Exception {
        final InetSocketAddress target = start(backend, deflate);
        for (String bad : new String[] {"ws", "/a b", "/x\r\nX-Injected: 1", "/ü", ""}) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> client.connect(target, bad, new Recorder()), bad);
        }
        final Recorder r = new Recorder();
        final long conn = client.connect(target, "/ws?room=1&x=%C3%BC", r); // the router matches the path without the query
        assertEquals("open", r.next());
        client.close(conn, 1000, "");
        assertEquals("close:1000", r.next());
    }

    private List<String> waitFor(int n) throws InterruptedException {
        final long deadline = System.nanoTime() + 5_000_000_000L;
        while (serverEvents.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        return List.copyOf(serverEvents);
    }
}

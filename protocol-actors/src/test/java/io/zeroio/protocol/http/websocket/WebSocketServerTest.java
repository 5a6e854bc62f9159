package io.zeroio.protocol.http.websocket;

import static io.zeroio.protocol.http.HttpTestSupport.awaitNoConnections;
import static io.zeroio.protocol.http.HttpTestSupport.awaitPoolsFull;
import static io.zeroio.protocol.http.HttpTestSupport.connect;
import static io.zeroio.protocol.http.HttpTestSupport.read;
import static io.zeroio.protocol.http.HttpTestSupport.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.zeroio.protocol.http.HttpTestSupport;
import io.zeroio.protocol.http.HttpTestSupport.Response;
import io.zeroio.protocol.http.limits.HttpServerConfig;
import io.zeroio.protocol.http.server.HttpServer;
import io.zeroio.protocol.http.server.Router;
import io.zeroio.runtime.shard.BackendKind;

/**
 * WebSocket on the inline server, against the JDK's {@code java.net.http.WebSocket} client (a real,
 * independent RFC 6455 implementation) and a raw socket for protocol violations.
 */
@Timeout(60)
class WebSocketServerTest {
    private HttpServer server;
    private final List<String> events = new CopyOnWriteArrayList<>();

    static java.util.stream.Stream<BackendKind> backends() {
        return HttpTestSupport.backends();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            awaitNoConnections(server);
            awaitPoolsFull(server);
            server.close();
        }
    }

    /** Echoes every frame back with the same opcode and fin (fragmentation preserved); "close" closes. */
    private final WebSocketHandler echo = new WebSocketHandler() {
        @Override
        public void onOpen(WebSocketSession session) {
            events.add("open");
        }

        @Override
        public void onFrame(WebSocketSession session, WebSocketFrame frame) {
            if (frame.messageOpcode() == WebSocketFrame.TEXT && frame.fin() && frame.opcode() == WebSocketFrame.TEXT
                && frame.payloadLength() == 5 && frame.buffer().getStringWithoutLengthAscii(frame.payloadOffset(), 5).equals("close")) {
                session.close(4000, "asked to");
                return;
            }
            session.send(frame.opcode(), frame.fin(), frame.buffer(), frame.payloadOffset(), frame.payloadLength());
        }

        @Override
        public void onClose(WebSocketSession session, int code) {
            events.add("close " + code);
        }
    };

    private void start(BackendKind backend) throws Exception {
        server = HttpTestSupport.start(backend, HttpServerConfig.builder().websocketMaxFrameBytes(100_000)
            .websocketMaxMessageBytes(1_000_000).build(), new Router().websocket("/ws", echo)
            .get("/plaintext", (req, res) -> res.ok("Hello, World!")));
    }

    /** Collects what the JDK client receives. */
    static final class Collector implements WebSocket.Listener {
        final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final StringBuilder text = new StringBuilder();
        final java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                messages.add("text:" + text);
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            final byte[] b = new byte[data.remaining()];
            data.get(b);
            binary.writeBytes(b);
            if (last) {
                messages.add("binary:" + binary.size());
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPong(WebSocket ws, ByteBuffer message) {
            messages.add("pong:" + message.remaining());
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void jdkClientEchoesTextBinaryFragmentsPingAndCloses(BackendKind backend) throws Exception {
        start(backend);
        final HttpClient http = HttpClient.newHttpClient();
        final Collector c = new Collector();
        final WebSocket ws = http.newWebSocketBuilder()
            .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), c).get(5, TimeUnit.SECONDS);
        ws.sendText("hello, zero-io — ünïcødé 😀", true).get(5, TimeUnit.SECONDS);
        assertEquals("text:hello, zero-io — ünïcødé 😀", c.messages.poll(5, TimeUnit.SECONDS));
        final byte[] payload = new byte[70_000];
        new java.util.Random(1).nextBytes(payload);
        ws.sendBinary(ByteBuffer.wrap(payload), true).get(5, TimeUnit.SECONDS); // > one receive slot: gathered in scratch
        assertEquals("binary:70000", c.messages.poll(5, TimeUnit.SECONDS));
        assertArrayEquals(payload, c.binary.toByteArray());
        ws.sendText("frag-1 ", false).get(5, TimeUnit.SECONDS);
        ws.sendText("frag-2 ", false).get(5, TimeUnit.SECONDS);
        ws.sendText("frag-3", true).get(5, TimeUnit.SECONDS);
        assertEquals("text:frag-1 frag-2 frag-3", c.messages.poll(5, TimeUnit.SECONDS));
        ws.sendPing(ByteBuffer.wrap(new byte[] {1, 2, 3})).get(5, TimeUnit.SECONDS);
        assertEquals("pong:3", c.messages.poll(5, TimeUnit.SECONDS));
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        assertEquals(1000, c.closed.get(5, TimeUnit.SECONDS));
        http.close();
        awaitNoConnections(server);
        assertEquals(List.of("open", "close 1000"), events);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void serverInitiatedClose(BackendKind backend) throws Exception {
        start(backend);
        final HttpClient http = HttpClient.newHttpClient();
        final Collector c = new Collector();
        final WebSocket ws = http.newWebSocketBuilder()
            .buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/ws"), c).get(5, TimeUnit.SECONDS);
        ws.sendText("close", true).get(5, TimeUnit.SECONDS);
        assertEquals(4000, c.closed.get(5, TimeUnit.SECONDS)); // the JDK client answers the close itself
        http.close();
        awaitNoConnections(server);
        assertEquals("close 4000", events.get(events.size() - 1));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void protocolViolationsFailTheConnectionWithTheirCode(BackendKind backend) throws Exception {
        start(backend);
        // invalid UTF-8 in a masked text frame -> 1007; unmasked frame -> 1002; a 1 MiB frame over max-frame -> 1009
        final int[][] frames = {{0x81, 0x82, 0, 0, 0, 0, 0xC0, 0x80}, {0x81, 0x01, 0x41}, {0x82, 0xFF, 0, 0, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0}};
        final int[] codes = {1007, 1002, 1009};
        for (int k = 0; k < frames.length; k++) {
            try (Socket s = connect(server)) {
                send(s, "GET /ws HTTP/1.1\r\nHost: t\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
                final InputStream in = s.getInputStream();
                final Response r = read(in, true);
                assertEquals(101, r.status());
                assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", r.header("Sec-WebSocket-Accept"));
                final byte[] f = new byte[frames[k].length];
                for (int j = 0; j < f.length; j++) {
                    f[j] = (byte) frames[k][j];
                }
                s.getOutputStream().write(f);
                s.getOutputStream().flush();
                final byte[] close = in.readNBytes(4);
                assertEquals((byte) 0x88, close[0], "a close frame");
                assertEquals(codes[k], new UnsafeBuffer(close).getShort(2, java.nio.ByteOrder.BIG_ENDIAN) & 0xFFFF);
                assertTrue(HttpTestSupport.closedByServer(s));
            }
        }
        try (Socket s = connect(server)) { // not an upgrade: 426
            send(s, "GET /ws HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(426, read(s.getInputStream(), false).status());
        }
    }
}

package io.zeroio.protocol.http.websocket.client;

import static io.zeroio.protocol.http.HttpTestSupport.awaitNoConnections;
import static io.zeroio.protocol.http.HttpTestSupport.awaitPoolsFull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.zeroio.protocol.http.HttpTestSupport;
import io.zeroio.protocol.http.HttpTestSupport.ProcessOutput;
import io.zeroio.protocol.http.limits.HttpServerConfig;
import io.zeroio.protocol.http.server.HttpServer;
import io.zeroio.protocol.http.server.Router;
import io.zeroio.protocol.http.websocket.WebSocketFrame;
import io.zeroio.protocol.http.websocket.WebSocketHandler;
import io.zeroio.protocol.http.websocket.WebSocketSession;
import io.zeroio.protocol.http.websocket.deflate.PerMessageDeflateConfig;
import io.zeroio.runtime.shard.BackendKind;

/**
 * Interop with Node's {@code ws} package (an independent RFC 6455 / RFC 7692 implementation), both
 * directions, permessage-deflate on and off: (a) a {@code ws} client against zero-io's echo endpoint
 * ({@code src/test/node/client.js} checks text, binary, 200-250 KB messages, fragments, ping, close
 * codes both ways, 1009 for 2 MB / a zip bomb), (b) zero-io's client against a {@code ws} echo server
 * ({@code src/test/node/server.js}), same matrix. {@code ws} is pinned by package-lock.json and
 * installed with {@code npm ci} into {@code target/ws-node} (offline from the npm cache once fetched).
 * Needs {@code node} and {@code npm}: skipped without them locally, a failure under CI ({@code CI=true}).
 */
@Timeout(120)
class WebSocketNodeInteropTest {
    private static Path nodeDir;
    private HttpServer server;
    private ClientShard client;
    private Process nodeServer;

    static Stream<Arguments> backendsAndDeflate() {
        return HttpTestSupport.backends().flatMap(b -> Stream.of(Arguments.of(b, false), Arguments.of(b, true)));
    }

    @BeforeAll
    static void installWs() throws Exception {
        HttpTestSupport.requireTool("node", "nodejs");
        HttpTestSupport.requireTool("npm", "npm");
        final Path src = Path.of("src/test/node");
        nodeDir = Path.of("target/ws-node");
        Files.createDirectories(nodeDir);
        for (String f : new String[] {"package.json", "package-lock.json", "client.js", "server.js"}) {
            Files.copy(src.resolve(f), nodeDir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
        }
        // always npm ci: exactly the locked ws; --prefer-offline makes it ~1 s and network-free once cached
        final ProcessOutput npm = HttpTestSupport.run(180, "npm", "ci", "--prefix", nodeDir.toString(), "--no-audit",
            "--no-fund", "--prefer-offline");
        assertEquals(0, npm.exitCode(), "npm ci (ws pinned in src/test/node/package-lock.json; needs registry.npmjs.org"
            + " or a warm ~/.npm cache) failed:\n" + npm.output());
    }

    @AfterEach
    void stop() throws Exception {
        if (nodeServer != null) {
            nodeServer.getOutputStream().close(); // server.js exits when stdin closes
            if (!nodeServer.waitFor(5, TimeUnit.SECONDS)) {
                nodeServer.destroyForcibly();
            }
        }
        if (client != null) {
            client.close(); // asserts no connection left and the client's pools full
        }
        if (server != null) {
            awaitNoConnections(server);
            awaitPoolsFull(server);
            server.close();
        }
    }

    private static PerMessageDeflateConfig deflate(boolean on) {
        return on ? PerMessageDeflateConfig.enabledDefaults() : PerMessageDeflateConfig.disabled();
    }

    /** Echoes every frame (whole inflated messages when compressed); "close" closes with 4000. */
    private static final WebSocketHandler ECHO = new WebSocketHandler() {
        @Override
        public void onFrame(WebSocketSession session, WebSocketFrame frame) {
            if (frame.opcode() == WebSocketFrame.TEXT && frame.fin() && frame.payloadLength() == 5
                && frame.buffer().getStringWithoutLengthAscii(frame.payloadOffset(), 5).equals("close")) {
                session.close(4000, "asked to");
                return;
            }
            session.send(frame.opcode(), frame.fin(), frame.buffer(), frame.payloadOffset(), frame.payloadLength());
        }
    };

    @ParameterizedTest
    @MethodSource("backendsAndDeflate")
    void nodeWsClientAgainstOurServer(BackendKind backend, boolean on) throws Exception {
        server = HttpTestSupport.start(backend, HttpServerConfig.builder().websocketMaxFrameBytes(300_000)
            .websocketMaxMessageBytes(1_000_000).websocketDeflate(deflate(on)).build(), new Router().websocket("/ws", ECHO));
        final ProcessOutput out = HttpTestSupport.run(60, "node", nodeDir.resolve("client.js").toString(),
            "ws://127.0.0.1:" + server.port() + "/ws", on ? "on" : "off");
        assertEquals(0, out.exitCode(), out.output());
        for (String check : new String[] {"extension", "text", "binary", "large-random-binary", "large-compressible-binary",
            "large-text", "empty", "fragmented", "ping", "client-close", "server-close", "too-big"}) {
            assertTrue(out.output().contains("OK " + check + "\n"), check + " in:\n" + out.output());
        }
    }

    @ParameterizedTest
    @MethodSource("backendsAndDeflate")
    void ourClientAgainstNodeWsServer(BackendKind backend, boolean on) throws Exception {
        nodeServer = new ProcessBuilder("node", nodeDir.resolve("server.js").toString(), on ? "on" : "off")
            .redirectErrorStream(true).start();
        final LinkedBlockingQueue<String> lines = new LinkedBlockingQueue<>();
        final Process p = nodeServer;
        Thread.ofPlatform().daemon().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                lines.add("READ FAILED " + e);
            }
        });
        final String first = lines.poll(20, TimeUnit.SECONDS);
        assertTrue(first != null && first.startsWith("PORT "), "node server.js did not start: " + first);
        final InetSocketAddress target = new InetSocketAddress("127.0.0.1", Integer.parseInt(first.substring(5).trim()));
        client = new ClientShard(backend, WebSocketClientConfig.defaults().withLimits(300_000, 1_000_000)
            .withDeflate(deflate(on)));

        final Recorder r = new Recorder();
        final long conn = client.connect(target, "/", r);
        assertEquals("open", r.next());
        assertEquals("OPEN " + (on ? "permessage-deflate" : "none"), lines.poll(10, TimeUnit.SECONDS));
        assertEquals(on, client.compressed(conn));
        final String text = "hello, ws — ünïcødé 😀";
        assertTrue(client.sendText(conn, text));
        assertEquals("text:" + text, r.next());
        for (byte[] data : new byte[][] {ShardWebSocketClientTest.random(1000, 3), ShardWebSocketClientTest.random(200_000, 4),
            ShardWebSocketClientTest.compressible(250_000), new byte[0]}) {
            assertTrue(client.sendBinary(conn, data));
            assertEquals("binary:" + Recorder.describe(data), r.next());
        }
        final String bigText = "ünïcødé text ".repeat(8000);
        assertTrue(client.sendText(conn, bigText));
        assertEquals("text:" + bigText, r.next());
        // our fragments (uncompressed frames) to ws, which reassembles and echoes one message
        assertTrue(client.sendFrame(conn, WebSocketFrame.TEXT, false, "frag".getBytes(StandardCharsets.UTF_8)));
        assertTrue(client.sendFrame(conn, WebSocketFrame.CONTINUATION, true, "mented".getBytes(StandardCharsets.UTF_8)));
        assertEquals("text:fragmented", r.next());
        // ws's fragments (one compressed message over two frames when deflate is on) to us
        assertTrue(client.sendText(conn, "fragments"));
        assertEquals("text:fragmented", r.next());
        assertTrue(client.sendText(conn, "big"));
        assertEquals("binary:" + Recorder.describe(ShardWebSocketClientTest.compressible(250_000)), r.next());
        assertTrue(client.ping(conn, "abc".getBytes(StandardCharsets.UTF_8)));
        assertEquals("pong:abc", r.next());
        client.close(conn, 4002, "bye");
        assertEquals("close:4002", r.next());
        assertEquals("CLOSE 4002", lines.poll(10, TimeUnit.SECONDS));

        final Recorder r2 = new Recorder();
        final long conn2 = client.connect(target, "/", r2);
        assertEquals("open", r2.next());
        lines.poll(10, TimeUnit.SECONDS); // OPEN
        client.sendText(conn2, "close");
        assertEquals("close:4000", r2.next());
        assertEquals("CLOSE 4000", lines.poll(10, TimeUnit.SECONDS));

        // 2 MB of zeros from ws: over max-frame uncompressed, a zip bomb compressed; either way 1009
        final Recorder r3 = new Recorder();
        final long conn3 = client.connect(target, "/", r3);
        assertEquals("open", r3.next());
        lines.poll(10, TimeUnit.SECONDS); // OPEN
        client.sendText(conn3, "bomb");
        assertEquals("close:1009", r3.next());
        assertEquals("CLOSE 1009", lines.poll(10, TimeUnit.SECONDS));
    }
}

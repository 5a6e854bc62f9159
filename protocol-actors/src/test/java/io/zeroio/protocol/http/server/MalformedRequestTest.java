package io.zeroio.protocol.http.server;

import static io.zeroio.protocol.http.HttpTestSupport.awaitNoConnections;
import static io.zeroio.protocol.http.HttpTestSupport.awaitPoolsFull;
import static io.zeroio.protocol.http.HttpTestSupport.closedByServer;
import static io.zeroio.protocol.http.HttpTestSupport.connect;
import static io.zeroio.protocol.http.HttpTestSupport.read;
import static io.zeroio.protocol.http.HttpTestSupport.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.zeroio.protocol.http.HttpTestSupport;
import io.zeroio.protocol.http.HttpTestSupport.Response;
import io.zeroio.protocol.http.limits.HttpServerConfig;
import io.zeroio.runtime.shard.BackendKind;

/**
 * The malformed-request corpus over a real socket: each request gets its status with
 * {@code Connection: close}, the server closes, the shard keeps serving, and no slot is left held.
 */
@Timeout(120)
class MalformedRequestTest {
    private static HttpServer server;

    @BeforeAll
    static void startServer() throws Exception {
        final HttpServerConfig config = HttpServerConfig.builder().maxRequestLineBytes(1024).maxHeaderBytes(4096)
            .maxHeaders(32).maxBodyBytes(16_384).requestTimeoutNanos(600_000_000L).idleTimeoutNanos(800_000_000L).build();
        server = HttpTestSupport.start(HttpTestSupport.isCi() || io.zeroio.runtime.uring.UringBackend.isSupported()
            ? BackendKind.IO_URING : BackendKind.NIO, config, new Router()
            .get("/", (req, res) -> res.ok("fine"))
            .post("/", (req, res) -> res.ok("posted " + req.bodyLength())));
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @AfterEach
    void nothingLeaked() throws Exception {
        awaitNoConnections(server);
        awaitPoolsFull(server);
        assertEquals(0, server.stats().handlerErrors());
        // the shard still serves
        try (Socket s = connect(server)) {
            send(s, "GET / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
            assertEquals("fine", read(s.getInputStream(), false).text());
        }
        awaitNoConnections(server);
        awaitPoolsFull(server);
    }

    static Stream<Arguments> corpus() {
        final List<Arguments> c = new ArrayList<>();
        // bad request lines
        c.add(Arguments.of("garbage", "HELLO\r\n\r\n", 400));
        c.add(Arguments.of("no version", "GET /\r\nHost: h\r\n\r\n", 400));
        c.add(Arguments.of("lower-case version", "GET / http/1.1\r\nHost: h\r\n\r\n", 400));
        c.add(Arguments.of("tab separator", "GET\t/ HTTP/1.1\r\nHost: h\r\n\r\n", 400));
        c.add(Arguments.of("space in target", "GET /a b HTTP/1.1\r\nHost: h\r\n\r\n", 400));
        c.add(Arguments.of("unknown method", "FROB / HTTP/1.1\r\nHost: h\r\n\r\n", 501));
        c.add(Arguments.of("HTTP/2.0 over h1", "GET / HTTP/2.0\r\nHost: h\r\n\r\n", 505));
        c.add(Arguments.of("HTTP/0.9 style", "GET /\r\n", 400));
        c.add(Arguments.of("TLS on plaintext port", "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003", 400));
        c.add(Arguments.of("h2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505));
        // header injection and framing
        c.add(Arguments.of("bare LF line ends", "GET / HTTP/1.1\nHost: h\n\n", 400));
        c.add(Arguments.of("CR inside a value", "GET / HTTP/1.1\r\nHost: h\r\nX: a\rInjected: 1\r\n\r\n", 400));
        c.add(Arguments.of("LF inside a value", "GET / HTTP/1.1\r\nHost: h\r\nX: a\nInjected: 1\r\n\r\n", 400));
        c.add(Arguments.of("NUL in a value", "GET / HTTP/1.1\r\nHost: h\r\nX: a\u0000b\r\n\r\n", 400));
        c.add(Arguments.of("obs-fold", "GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n", 400));
        c.add(Arguments.of("space before colon", "GET / HTTP/1.1\r\nHost: h\r\nContent-Length : 3\r\n\r\nabc", 400));
        c.add(Arguments.of("missing Host", "GET / HTTP/1.1\r\n\r\n", 400));
        c.add(Arguments.of("two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400));
        c.add(Arguments.of("duplicate Content-Length", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc", 400));
        c.add(Arguments.of("conflicting Content-Length", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd", 400));
        c.add(Arguments.of("Content-Length list", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3, 3\r\n\r\nabc", 400));
        c.add(Arguments.of("negative Content-Length", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -3\r\n\r\n", 400));
        c.add(Arguments.of("hex Content-Length", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 0x10\r\n\r\n", 400));
        c.add(Arguments.of("CL + TE (smuggling)", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", 400));
        c.add(Arguments.of("TE + CL (smuggling)", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n0\r\n\r\n", 400));
        c.add(Arguments.of("obfuscated TE", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: xchunked\r\n\r\n0\r\n\r\n", 501));
        c.add(Arguments.of("TE list", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n", 501));
        c.add(Arguments.of("unknown expectation", "POST / HTTP/1.1\r\nHost: h\r\nExpect: 200-ok\r\nContent-Length: 1\r\n\r\nx", 417));
        // chunk sizes
        c.add(Arguments.of("negative chunk size", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n-5\r\nhello\r\n0\r\n\r\n", 400));
        c.add(Arguments.of("overflowing chunk size", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFF\r\n", 413));
        c.add(Arguments.of("chunk size beyond max-body", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n8000\r\n", 413));
        c.add(Arguments.of("chunk data longer than its size", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabc\r\n0\r\n\r\n", 400));
        c.add(Arguments.of("no chunk size", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n\r\nabc\r\n", 400));
        // oversized everything
        c.add(Arguments.of("request line > 1 KiB", "GET /" + "a".repeat(2000) + " HTTP/1.1\r\nHost: h\r\n\r\n", 414));
        c.add(Arguments.of("endless request line", "GET /" + "a".repeat(20_000), 414));
        c.add(Arguments.of("header section > 4 KiB", "GET / HTTP/1.1\r\nHost: h\r\nBig: " + "v".repeat(5000) + "\r\n\r\n", 431));
        c.add(Arguments.of("endless header", "GET / HTTP/1.1\r\nHost: h\r\nBig: " + "v".repeat(20_000), 431));
        c.add(Arguments.of("33 header fields", "GET / HTTP/1.1\r\nHost: h\r\n" + "X: y\r\n".repeat(32) + "\r\n", 431));
        c.add(Arguments.of("Content-Length > max-body", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 16385\r\n\r\n", 413));
        c.add(Arguments.of("Content-Length 20 digits", "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999\r\n\r\n", 413));
        c.add(Arguments.of("chunked body > max-body", "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
            + ("1000\r\n" + "z".repeat(4096) + "\r\n").repeat(5) + "0\r\n\r\n", 413));
        return c.stream();
    }

    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("corpus")
    void answeredWithStatusAndClosed(String name, String raw, int status) throws Exception {
        final long refusedBefore = server.stats().refused();
        try (Socket s = connect(server)) {
            final OutputStream out = s.getOutputStream();
            try {
                out.write(raw.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (java.io.IOException e) {
                // the server may refuse and close before a long request is fully written
            }
            final Response r = read(s.getInputStream(), false);
            assertEquals(status, r.status(), name);
            assertEquals("close", r.header("Connection"));
            assertTrue(closedByServer(s), "server closed after " + status);
        }
        assertEquals(refusedBefore + 1, server.stats().refused());
    }

    @Test
    void slowlorisGets408ThenClose() throws Exception {
        final long t0 = System.nanoTime();
        try (Socket s = connect(server)) {
            final OutputStream out = s.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: h\r\n".getBytes(StandardCharsets.US_ASCII));
            Response r = null;
            for (int i = 0; i < 40 && r == null; i++) { // a header line every 50 ms, never the end of the head
                try {
                    out.write(("X-" + i + ": v\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (java.io.IOException closed) {
                    break;
                }
                Thread.sleep(50);
                if (s.getInputStream().available() > 0) {
                    r = read(s.getInputStream(), false);
                }
            }
            if (r == null) {
                r = read(s.getInputStream(), false);
            }
            assertEquals(408, r.status());
            assertTrue(closedByServer(s));
        }
        final long ms = (System.nanoTime() - t0) / 1_000_000;
        assertTrue(ms >= 550 && ms < 3000, "408 after " + ms + " ms (request-timeout 600 ms)");
        assertTrue(server.stats().timeouts() >= 1);
    }

    @Test
    void slowBodyGets408() throws Exception {
        try (Socket s = connect(server)) {
            send(s, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\nonly part of it");
            final Response r = read(s.getInputStream(), false);
            assertEquals(408, r.status());
            assertTrue(closedByServer(s));
        }
    }

    @Test
    void idleKeepAliveConnectionIsClosedWithoutResponse() throws Exception {
        try (Socket s = connect(server)) {
            send(s, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
            assertEquals("fine", read(s.getInputStream(), false).text());
            s.setSoTimeout(3000);
            assertNull(read(s.getInputStream(), false), "closed without a response");
        }
        assertTrue(server.stats().idleClosed() >= 1);
    }

    @Test
    void clientVanishingMidRequestLeaksNothing() throws Exception {
        try (Socket s = connect(server)) { // FIN half-way through the head
            send(s, "GET / HTTP/1.1\r\nHost: h\r\nX-Partial: ");
            s.shutdownOutput();
            assertTrue(closedByServer(s));
        }
        try (Socket s = connect(server)) { // RST half-way through a body held in scratch
            send(s, "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 10000\r\n\r\n" + "b".repeat(3000));
            Thread.sleep(50);
            s.setSoLinger(true, 0);
        }
        try (Socket s = connect(server)) { // a pipeline cut in the middle of its second request
            send(s, "GET / HTTP/1.1\r\nHost: h\r\n\r\nGET / HTTP/1.1\r\nHo");
            assertEquals("fine", read(s.getInputStream(), false).text());
            s.shutdownOutput();
            assertTrue(closedByServer(s));
        }
    }
}

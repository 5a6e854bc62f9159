package io.zeroio.protocol.http.server;

import static io.zeroio.protocol.http.HttpTestSupport.awaitNoConnections;
import static io.zeroio.protocol.http.HttpTestSupport.awaitPoolsFull;
import static io.zeroio.protocol.http.HttpTestSupport.closedByServer;
import static io.zeroio.protocol.http.HttpTestSupport.connect;
import static io.zeroio.protocol.http.HttpTestSupport.read;
import static io.zeroio.protocol.http.HttpTestSupport.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.zeroio.protocol.http.HttpTestSupport;
import io.zeroio.protocol.http.HttpTestSupport.Response;
import io.zeroio.protocol.http.limits.HttpServerConfig;
import io.zeroio.protocol.http.parse.DetachedHttpRequest;
import io.zeroio.protocol.http.parse.HttpMethod;
import io.zeroio.runtime.shard.BackendKind;

/** The inline server over real sockets, on every backend: keep-alive, pipelining, bodies, HEAD, 100-continue, closes. */
@Timeout(60)
class HttpServerTest {
    private static final String GET = "GET /plaintext HTTP/1.1\r\nHost: t\r\n\r\n";
    private HttpServer server;
    private final AtomicReference<String> detachedSeen = new AtomicReference<>();

    static java.util.stream.Stream<BackendKind> backends() {
        return HttpTestSupport.backends();
    }

    Router router() {
        return new Router()
            .get("/plaintext", (req, res) -> res.ok("Hello, World!"))
            .get("/json", (req, res) -> res.json("{\"message\":\"Hello, World!\"}"))
            .post("/echo", (req, res) -> res.bytes(200, "application/octet-stream", req.body(), 0, req.bodyLength()))
            .get("/chunked", (req, res) -> {
                res.status(200).contentType("text/plain").chunked();
                for (int i = 0; i < 5; i++) {
                    res.chunk("part-" + i + ";");
                }
                res.endChunked();
            })
            .get("/big", (req, res) -> res.bytes(200, "application/octet-stream", BIG))
            .get("/throws", (req, res) -> {
                throw new IllegalStateException("handler bug");
            })
            .get("/silent", (req, res) -> { })
            .post("/detach", (req, res) -> {
                final DetachedHttpRequest kept = req.detach();
                CompletableFuture.runAsync(() -> {
                    try (kept) {
                        detachedSeen.set(kept.method() + " " + kept.path() + " " + kept.header("X-Id") + " "
                            + kept.body().getStringWithoutLengthAscii(0, kept.bodyLength()));
                    }
                });
                res.send(202);
            })
            .prefix(HttpMethod.GET, "/p/", (req, res) -> res.ok(req.path()))
            .put("/plaintext", (req, res) -> res.send(204));
    }

    static final byte[] BIG = new byte[200_000];

    static {
        new Random(7).nextBytes(BIG);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            awaitNoConnections(server);
            awaitPoolsFull(server);
            assertEquals(0, server.stats().sendFailures(), "send failures");
            server.close();
        }
    }

    private void start(BackendKind backend) throws Exception {
        server = HttpTestSupport.start(backend, HttpServerConfig.builder().maxBodyBytes(100_000).build(), router());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void keepAliveServesManyRequestsOnOneConnection(BackendKind backend) throws Exception {
        start(backend);
        try (Socket s = connect(server)) {
            final InputStream in = s.getInputStream();
            for (int i = 0; i < 200; i++) {
                send(s, i % 2 == 0 ? GET : "GET /json HTTP/1.1\r\nHost: t\r\n\r\n");
                final Response r = read(in, false);
                assertEquals(200, r.status());
                assertEquals(i % 2 == 0 ? "Hello, World!" : "{\"message\":\"Hello, World!\"}", r.text());
                assertNotNull(r.header("Date"));
                assertTrue(r.header("Date").matches("[A-Z][a-z]{2}, \\d{2} [A-Z][a-z]{2} \\d{4} \\d{2}:\\d{2}:\\d{2} GMT"));
                assertNull(r.header("Connection"));
            }
        }
        assertEquals(200, server.stats().requests());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void pipelinedRequestsAreAnsweredInOrder(BackendKind backend) throws Exception {
        start(backend);
        try (Socket s = connect(server)) {
            final StringBuilder batch = new StringBuilder();
            for (int i = 0; i < 50; i++) {
                batch.append("GET /p/").append(i).append(" HTTP/1.1\r\nHost: t\r\n\r\n");
            }
            send(s, batch.toString());
            final InputStream in = s.getInputStream();
            for (int i = 0; i < 50; i++) {
                assertEquals("/p/" + i, read(in, false).text());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void deepPipelinePausesReadingAndLosesNothing(BackendKind backend) throws Exception {
        start(backend);
        final int n = 20_000;
        try (Socket s = connect(server)) {
            s.setSoTimeout(20_000);
            final OutputStream out = s.getOutputStream();
            final Thread writer = Thread.ofPlatform().start(() -> {
                try {
                    final StringBuilder b = new StringBuilder();
                    for (int i = 0; i < n; i++) {
                        b.append("GET /big HTTP/1.1\r\nHost: t\r\n\r\n".replace("/big", i % 100 == 0 ? "/big" : "/p/" + i));
                        if (b.length() > 8000) {
                            out.write(b.toString().getBytes(StandardCharsets.ISO_8859_1));
                            b.setLength(0);
                        }
                    }
                    out.write(b.toString().getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            Thread.sleep(300); // let the server fill its TX queue before the client reads anything
            final InputStream in = new java.io.BufferedInputStream(s.getInputStream(), 65536);
            for (int i = 0; i < n; i++) {
                final Response r = read(in, false);
                if (i % 100 == 0) {
                    assertArrayEquals(BIG, r.body(), "response " + i);
                } else {
                    assertEquals("/p/" + i, r.text());
                }
            }
            writer.join(10_000);
        }
        assertTrue(server.stats().pipelinePauses() > 0, "the TX queue never filled: " + server.stats());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void halfCloseAfterADeepPipelineStillGetsEveryAnswer(BackendKind backend) throws Exception {
        start(backend);
        final int n = 3000;
        try (Socket s = connect(server)) {
            s.setSoTimeout(20_000);
            final StringBuilder b = new StringBuilder();
            for (int i = 0; i < n; i++) {
                b.append(i % 50 == 0 ? "GET /big" : "GET /p/" + i).append(" HTTP/1.1\r\nHost: t\r\n\r\n");
            }
            send(s, b.toString());
            s.shutdownOutput(); // like `printf ... | nc`: all requests, then EOF
            Thread.sleep(300);
            final InputStream in = new java.io.BufferedInputStream(s.getInputStream(), 65536);
            for (int i = 0; i < n; i++) {
                final Response r = read(in, false);
                assertNotNull(r, "response " + i + " missing");
                if (i % 50 != 0) {
                    assertEquals("/p/" + i, r.text());
                } else {
                    assertEquals(BIG.length, r.body().length);
                }
            }
            assertTrue(closedByServer(s));
        }
        assertTrue(server.stats().pipelinePauses() > 0, server.stats().toString());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void requestTrickledByteByByteIsGatheredInScratch(BackendKind backend) throws Exception {
        start(backend);
        final String body = "x".repeat(3000);
        final String request = "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
        try (Socket s = connect(server)) {
            final OutputStream out = s.getOutputStream();
            for (int i = 0; i < 200; i++) { // the head, a byte at a time
                out.write(request.charAt(i));
                out.flush();
            }
            out.write(request.substring(200).getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            final Response r = read(s.getInputStream(), false);
            assertEquals(200, r.status());
            assertEquals(body, r.text());
            send(s, GET); // and the connection goes on in place
            assertEquals("Hello, World!", read(s.getInputStream(), false).text());
        }
        final HttpServerStats stats = server.stats();
        assertTrue(stats.straddles() >= 1 && stats.straddleBytes() >= request.length() - 2048, stats.toString());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void chunkedUploadAndChunkedResponse(BackendKind backend) throws Exception {
        start(backend);
        final byte[] payload = new byte[50_000];
        new Random(3).nextBytes(payload);
        try (Socket s = connect(server)) {
            final OutputStream out = s.getOutputStream();
            out.write("POST /echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            for (int at = 0; at < payload.length; at += 7000) {
                final int n = Math.min(7000, payload.length - at);
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(payload, at, n);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final Response echoed = read(s.getInputStream(), false);
            assertEquals(200, echoed.status());
            assertArrayEquals(payload, echoed.body());
            send(s, "GET /chunked HTTP/1.1\r\nHost: t\r\n\r\n");
            final Response chunked = read(s.getInputStream(), false);
            assertEquals("chunked", chunked.header("Transfer-Encoding"));
            assertEquals("part-0;part-1;part-2;part-3;part-4;", chunked.text());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void headHasHeadersButNoBody(BackendKind backend) throws Exception {
        start(backend);
        try (Socket s = connect(server)) {
            send(s, "HEAD /plaintext HTTP/1.1\r\nHost: t\r\n\r\n");
            final Response head = read(s.getInputStream(), true);
            assertEquals(200, head.status());
            assertEquals("13", head.header("Content-Length"));
            send(s, "HEAD /chunked HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals("chunked", read(s.getInputStream(), true).header("Transfer-Encoding"));
            send(s, GET); // had a body leaked after the HEAD responses, this would read it instead
            assertEquals("Hello, World!", read(s.getInputStream(), false).text());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void expectContinueGetsInterimResponse(BackendKind backend) throws Exception {
        start(backend);
        try (Socket s = connect(server)) {
            send(s, "POST /echo HTTP/1.1\r\nHost: t\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
            final Response interim = read(s.getInputStream(), false);
            assertEquals(100, interim.status());
            send(s, "ping");
            final Response r = read(s.getInputStream(), false);
            assertEquals(200, r.status());
            assertEquals("ping", r.text());
        }
        assertEquals(1, server.stats().continues());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void connectionCloseAndHttp10(BackendKind backend) throws Exception {
        start(backend);
        try (Socket s = connect(server)) {
            send(s, "GET /plaintext HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
            final Response r = read(s.getInputStream(), false);
            assertEquals("close", r.header("Connection"));
            assertTrue(closedByServer(s));
        }
        try (Socket s = connect(server)) {
            send(s, "GET /plaintext HTTP/1.0\r\n\r\n");
            assertEquals("Hello, World!", read(s.getInputStream(), false).text());
            assertTrue(closedByServer(s));
        }
        try (Socket s = connect(server)) {
            send(s, "GET /plaintext HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            assertEquals("keep-alive", read(s.getInputStream(), false).header("Connection"));
            send(s, "GET /chunked HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
            final Response unframed = read(s.getInputStream(), false); // HTTP/1.0: body runs to the close
            assertNull(unframed.header("Transfer-Encoding"));
            assertEquals("part-0;part-1;part-2;part-3;part-4;", unframed.text());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void largeResponsesSpanSlotsAndRoutingAnswers404And405(BackendKind backend) throws Exception {
        start(backend);
        try (Socket s = connect(server)) {
            send(s, "GET /big HTTP/1.1\r\nHost: t\r\n\r\n");
            assertArrayEquals(BIG, read(s.getInputStream(), false).body());
            send(s, "GET /nope HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(404, read(s.getInputStream(), false).status());
            send(s, "DELETE /plaintext HTTP/1.1\r\nHost: t\r\n\r\n");
            final Response r = read(s.getInputStream(), false);
            assertEquals(405, r.status());
            assertEquals("GET, HEAD, PUT", r.header("Allow"));
            send(s, "PUT /plaintext HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");
            assertEquals(204, read(s.getInputStream(), false).status());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void handlerFailuresBecome500(BackendKind backend) throws Exception {
        start(backend);
        try (Socket s = connect(server)) {
            send(s, "GET /throws HTTP/1.1\r\nHost: t\r\n\r\n");
            final Response r = read(s.getInputStream(), false);
            assertEquals(500, r.status());
            assertEquals("close", r.header("Connection"));
            assertTrue(closedByServer(s));
        }
        try (Socket s = connect(server)) {
            send(s, "GET /silent HTTP/1.1\r\nHost: t\r\n\r\n");
            assertEquals(500, read(s.getInputStream(), false).status());
        }
        assertEquals(2, server.stats().handlerErrors());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void detachedRequestIsReadOnAnotherThreadWithoutCopy(BackendKind backend) throws Exception {
        start(backend);
        try (Socket s = connect(server)) {
            send(s, "POST /detach HTTP/1.1\r\nHost: t\r\nX-Id: 42\r\nContent-Length: 7\r\n\r\npayload");
            assertEquals(202, read(s.getInputStream(), false).status());
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (detachedSeen.get() == null && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals("POST /detach 42 payload", detachedSeen.get());
        assertFalse(server.isClosed());
    }
}

package io.zeroio.protocol.http;

import static io.zeroio.protocol.http.HttpTestSupport.connect;
import static io.zeroio.protocol.http.HttpTestSupport.read;
import static io.zeroio.protocol.http.HttpTestSupport.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.util.List;

import io.zeroio.protocol.http.HttpTestSupport.Response;
import io.zeroio.protocol.http.middleware.BearerAuth;
import io.zeroio.protocol.http.middleware.Cors;
import io.zeroio.protocol.http.middleware.Middleware;
import io.zeroio.protocol.http.middleware.RequestId;
import io.zeroio.protocol.http.response.ZeroHttpReply;
import io.zeroio.protocol.http.server.HttpHandler;
import io.zeroio.protocol.http.server.HttpServer;
import io.zeroio.protocol.http.server.ServingOptions;
import io.zeroio.protocol.http.server.ZeroHttpRequest;

/**
 * Checks shared by the streams and actors mode tests. The application under test answers:
 * {@code /plaintext}, {@code /json}, {@code /slow/N} (after a random delay on another thread),
 * {@code /echo} (the body), {@code /drop} never, {@code /boom} by failing.
 */
public final class AsyncModeChecks {
    public static final ZeroHttpReply HELLO = ZeroHttpReply.ok("Hello, World!");
    public static final ZeroHttpReply JSON = ZeroHttpReply.json("{\"message\":\"Hello, World!\"}");

    private AsyncModeChecks() {
    }

    /** The reply for a request (null: /drop or /slow, which the caller answers itself; throws for /boom). */
    public static ZeroHttpReply answer(ZeroHttpRequest req) {
        final String path = req.path().toString();
        return switch (path) {
            case "/plaintext" -> HELLO;
            case "/json" -> JSON;
            case "/echo" -> {
                final byte[] b = new byte[req.bodyLength()];
                req.body().getBytes(0, b);
                yield ZeroHttpReply.bytes(200, "application/octet-stream", b);
            }
            case "/boom" -> throw new IllegalStateException("boom");
            default -> path.startsWith("/slow/") ? ZeroHttpReply.ok("slow " + path.substring(6)) : ZeroHttpReply.status(404);
        };
    }

    /** Options with a short request timeout and Cors + BearerAuth + RequestId on /private*. */
    public static ServingOptions options(io.zeroio.runtime.shard.BackendKind backend, long timeoutMillis) {
        final io.zeroio.protocol.http.limits.HttpServerConfig c = io.zeroio.protocol.http.limits.HttpServerConfig.builder()
            .requestTimeoutNanos(timeoutMillis * 1_000_000L).build();
        return ServingOptions.defaults().backend(backend).config(c).middleware(AsyncModeChecks::middleware);
    }

    private static HttpHandler middleware(HttpHandler inner) {
        final HttpHandler secured = Middleware.chain(inner, new RequestId("req"),
            new Cors(List.of("https://app.example"), "GET, POST", "Authorization", 600),
            BearerAuth.bearer(List.of("t0k3n"), "api"));
        final HttpHandler open = Middleware.chain(inner, new RequestId("req"));
        return (req, res) -> (req.path().length() >= 8 && req.path().toString().startsWith("/private") ? secured : open)
            .handle(req, res);
    }

    /** 60 pipelined requests (fast, JSON, slow with random delays, an echo) in one write: all in order. */
    public static void pipelinedInOrder(HttpServer server) throws Exception {
        try (Socket s = connect(server)) {
            final StringBuilder b = new StringBuilder();
            for (int k = 0; k < 60; k++) {
                b.append(switch (k % 3) {
                    case 0 -> "GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n";
                    case 1 -> "GET /slow/" + k + " HTTP/1.1\r\nHost: x\r\n\r\n";
                    default -> "GET /json HTTP/1.1\r\nHost: x\r\n\r\n";
                });
            }
            b.append("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello there");
            send(s, b.toString());
            final InputStream in = s.getInputStream();
            for (int k = 0; k < 60; k++) {
                final Response r = read(in, false);
                assertNotNull(r, "response " + k);
                assertEquals(200, r.status(), "response " + k);
                assertEquals(switch (k % 3) {
                    case 0 -> "Hello, World!";
                    case 1 -> "slow " + k;
                    default -> "{\"message\":\"Hello, World!\"}";
                }, r.text(), "response " + k + " in order");
            }
            assertEquals("hello there", read(in, false).text());
        }
    }

    /** Preflight and 401 answered inline by the middleware; an authorised request gets the middleware's headers on the async reply. */
    public static void middlewareInline(HttpServer server) throws Exception {
        try (Socket s = connect(server)) {
            send(s, "OPTIONS /private HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example\r\n"
                + "Access-Control-Request-Method: GET\r\n\r\n"
                + "GET /private/plaintext HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /private/plaintext HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example\r\n"
                + "Authorization: Bearer t0k3n\r\nX-Request-Id: abc-42\r\n\r\n");
            final InputStream in = s.getInputStream();
            final Response preflight = read(in, false);
            assertEquals(204, preflight.status(), preflight.head());
            assertEquals("https://app.example", preflight.header("Access-Control-Allow-Origin"));
            final Response unauthorised = read(in, false);
            assertEquals(401, unauthorised.status());
            assertNotNull(unauthorised.header("WWW-Authenticate"));
            final Response ok = read(in, false);
            assertEquals(404, ok.status(), "reached the application (which has no /private/plaintext)");
            assertEquals("abc-42", ok.header("X-Request-Id"), ok.head());
            assertEquals("https://app.example", ok.header("Access-Control-Allow-Origin"));
            send(s, "GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
            final Response plain = read(in, false);
            assertEquals("Hello, World!", plain.text());
            assertTrue(plain.header("X-Request-Id").startsWith("req-"), plain.head());
        }
    }

    /** curl: several URLs on one keep-alive connection, in order. */
    public static void curlKeepAlive(HttpServer server) throws Exception {
        HttpTestSupport.requireTool("curl", "curl");
        final String base = "http://127.0.0.1:" + server.port();
        final HttpTestSupport.ProcessOutput out = HttpTestSupport.run(20, "curl", "--http1.1", "-s", "-w", "|%{num_connects}\\n",
            base + "/plaintext", base + "/json", base + "/slow/7", base + "/plaintext");
        assertEquals(0, out.exitCode(), out.output());
        assertEquals("Hello, World!|1\n{\"message\":\"Hello, World!\"}|0\nslow 7|0\nHello, World!|0\n", out.output(),
            "four responses in order over one connection");
    }

    /** h2load --h1: 16 connections, 8 pipelined each, 10 000 requests of /json and /plaintext: all 2xx, none failed. */
    public static void loadWithPipelining(HttpServer server) throws Exception {
        HttpTestSupport.requireTool("h2load", "nghttp2-client");
        final String base = "http://127.0.0.1:" + server.port();
        final HttpTestSupport.ProcessOutput out = HttpTestSupport.run(60, "h2load", "--h1", "-n", "10000", "-c", "16", "-m", "8",
            base + "/json", base + "/plaintext");
        assertEquals(0, out.exitCode(), out.output());
        assertTrue(out.output().contains("10000 succeeded, 0 failed, 0 errored, 0 timeout"), out.output());
        assertTrue(out.output().contains("status codes: 10000 2xx"), out.output());
    }

    /**
     * 100 connections pipelining 16 requests each (h2load): every deferred answer is a TX slot of its
     * own, so the server must bound the sends a connection queues before serving its next pipelined
     * request — without that bound 1 600 queued slots exhaust the TX tier and connections fail.
     */
    public static void deepPipeliningOnManyConnections(HttpServer server) throws Exception {
        HttpTestSupport.requireTool("h2load", "nghttp2-client");
        final HttpTestSupport.ProcessOutput out = HttpTestSupport.run(60, "h2load", "--h1", "-n", "30000", "-c", "100", "-m", "16",
            "http://127.0.0.1:" + server.port() + "/plaintext");
        assertEquals(0, out.exitCode(), out.output());
        assertTrue(out.output().contains("30000 succeeded, 0 failed, 0 errored, 0 timeout"), out.output());
        assertEquals(0, server.stats().sendFailures(), "sends refused: " + server.stats());
    }

    /** HEAD gets the headers without the body; {@code Connection: close} and HTTP/1.0 get their close. */
    public static void headAndClose(HttpServer server) throws Exception {
        try (Socket s = connect(server)) {
            send(s, "HEAD /plaintext HTTP/1.1\r\nHost: x\r\n\r\nGET /json HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            final InputStream in = s.getInputStream();
            final Response head = read(in, true);
            assertEquals(200, head.status());
            assertEquals("13", head.header("Content-Length"), "HEAD measures the body it does not send");
            final Response closing = read(in, false);
            assertEquals("{\"message\":\"Hello, World!\"}", closing.text());
            assertEquals("close", closing.header("Connection"));
            assertTrue(HttpTestSupport.closedByServer(s));
        }
        try (Socket s = connect(server)) {
            send(s, "GET /plaintext HTTP/1.0\r\n\r\n");
            final Response r = read(s.getInputStream(), false);
            assertEquals("Hello, World!", r.text());
            assertTrue(HttpTestSupport.closedByServer(s), "HTTP/1.0 without keep-alive: closed");
        }
    }

    /** A request the application never answers gets 503 + close after the request timeout. */
    public static void neverAnswered(HttpServer server) throws Exception {
        try (Socket s = connect(server)) {
            send(s, "GET /drop HTTP/1.1\r\nHost: x\r\n\r\n");
            final Response r = read(s.getInputStream(), false);
            assertEquals(503, r.status());
            assertEquals("close", r.header("Connection"));
            assertTrue(HttpTestSupport.closedByServer(s));
        }
    }

    /** A failure answering costs the request/connection a 500; the server keeps serving. */
    public static void failureCostsTheConnection(HttpServer server) throws Exception {
        try (Socket s = connect(server)) {
            send(s, "GET /boom HTTP/1.1\r\nHost: x\r\n\r\nGET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
            final Response r = read(s.getInputStream(), false);
            assertEquals(500, r.status());
            assertEquals("close", r.header("Connection"));
            assertTrue(HttpTestSupport.closedByServer(s));
        }
        try (Socket s = connect(server)) {
            send(s, "GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("Hello, World!", read(s.getInputStream(), false).text());
        }
    }

    /** Clients resetting with requests in flight: every slot comes back. */
    public static void resetsMidFlight(HttpServer server) throws Exception {
        for (int k = 0; k < 10; k++) {
            try (Socket s = connect(server)) {
                send(s, "GET /slow/1 HTTP/1.1\r\nHost: x\r\n\r\nGET /slow/2 HTTP/1.1\r\nHost: x\r\n\r\n");
                Thread.sleep(2);
                s.setSoLinger(true, 0);
            }
        }
        Thread.sleep(300);
    }
}

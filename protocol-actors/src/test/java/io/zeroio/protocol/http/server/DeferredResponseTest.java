package io.zeroio.protocol.http.server;

import static io.zeroio.protocol.http.HttpTestSupport.awaitNoConnections;
import static io.zeroio.protocol.http.HttpTestSupport.awaitPoolsFull;
import static io.zeroio.protocol.http.HttpTestSupport.closedByServer;
import static io.zeroio.protocol.http.HttpTestSupport.connect;
import static io.zeroio.protocol.http.HttpTestSupport.read;
import static io.zeroio.protocol.http.HttpTestSupport.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.zeroio.protocol.http.HttpTestSupport;
import io.zeroio.protocol.http.HttpTestSupport.Response;
import io.zeroio.protocol.http.limits.HttpServerConfig;
import io.zeroio.protocol.http.middleware.Middleware;
import io.zeroio.protocol.http.middleware.RequestId;
import io.zeroio.protocol.http.response.ZeroHttpReply;
import io.zeroio.runtime.shard.BackendKind;

/** Deferred responses (answered from another thread): order, timeouts, failures, no leaked slot. */
class DeferredResponseTest {
    private static ExecutorService workers;

    @BeforeAll
    static void startWorkers() {
        workers = Executors.newFixedThreadPool(4);
    }

    @AfterAll
    static void stopWorkers() {
        workers.shutdownNow();
    }

    static java.util.stream.Stream<BackendKind> backends() {
        return HttpTestSupport.backends();
    }

    private static HttpServerConfig config(long timeoutMillis) {
        return HttpServerConfig.builder().requestTimeoutNanos(TimeUnit.MILLISECONDS.toNanos(timeoutMillis)).build();
    }

    /** Answers /slow/N after a random delay on a worker, /fast inline, /echo from a worker with the body, /never never. */
    private static Router router(AtomicReference<HttpExchange> never) {
        return new Router()
            .prefix(io.zeroio.protocol.http.parse.HttpMethod.GET, "/slow/", (req, res) -> {
                final HttpExchange ex = HttpExchange.defer(res);
                final String n = req.path().toString().substring(6);
                workers.execute(() -> {
                    sleep(ThreadLocalRandom.current().nextInt(1, 15));
                    assertEquals("/slow/" + n, ex.request().path().toString());
                    ex.reply(ZeroHttpReply.ok("slow " + n));
                });
            })
            .get("/fast", (req, res) -> res.ok("fast"))
            .post("/echo", (req, res) -> {
                final HttpExchange ex = HttpExchange.defer(res);
                workers.execute(() -> {
                    final var r = ex.request();
                    ex.response().bytes(200, "application/octet-stream", r.body(), 0, r.bodyLength());
                    ex.complete();
                });
            })
            .get("/never", (req, res) -> never.set(HttpExchange.defer(res)))
            .get("/fail", (req, res) -> {
                final HttpExchange ex = HttpExchange.defer(res);
                workers.execute(() -> ex.fail(new IllegalStateException("boom")));
            })
            .get("/throw-after-defer", (req, res) -> {
                HttpExchange.defer(res);
                throw new IllegalStateException("handler bug");
            });
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void slowAsyncAnswersKeepPipelineOrder(BackendKind backend) throws Exception {
        try (HttpServer server = HttpTestSupport.start(backend, config(10_000), router(new AtomicReference<>()))) {
            try (Socket s = connect(server)) {
                final StringBuilder pipeline = new StringBuilder();
                for (int k = 0; k < 40; k++) {
                    pipeline.append(k % 3 == 0 ? "GET /fast HTTP/1.1\r\nHost: x\r\n\r\n"
                        : "GET /slow/" + k + " HTTP/1.1\r\nHost: x\r\n\r\n");
                }
                pipeline.append("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello");
                send(s, pipeline.toString());
                final InputStream in = s.getInputStream();
                for (int k = 0; k < 40; k++) {
                    final Response r = read(in, false);
                    assertNotNull(r, "response " + k);
                    assertEquals(200, r.status());
                    assertEquals(k % 3 == 0 ? "fast" : "slow " + k, r.text(), "response " + k + " in order");
                }
                final Response echo = read(in, false);
                assertEquals("hello", echo.text());
                // the connection stays usable after deferred answers
                send(s, "GET /slow/99 HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals("slow 99", read(in, false).text());
            }
            awaitNoConnections(server);
            awaitPoolsFull(server);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void neverAnsweredGets503AndTheSlotBack(BackendKind backend) throws Exception {
        final AtomicReference<HttpExchange> never = new AtomicReference<>();
        try (HttpServer server = HttpTestSupport.start(backend, config(300), router(never))) {
            try (Socket s = connect(server)) {
                final long t0 = System.nanoTime();
                send(s, "GET /never HTTP/1.1\r\nHost: x\r\n\r\nGET /fast HTTP/1.1\r\nHost: x\r\n\r\n");
                final Response r = read(s.getInputStream(), false);
                assertEquals(503, r.status());
                assertEquals("close", r.header("Connection"));
                assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(250), "answered by the timeout");
                assertTrue(closedByServer(s), "closed after the 503 (the pipelined request is dropped)");
            }
            assertNotNull(never.get());
            assertFalse(never.get().isPending());
            // a late answer is dropped and its slots released
            assertFalse(never.get().reply(ZeroHttpReply.ok("too late")));
            awaitNoConnections(server);
            awaitPoolsFull(server);
            final HttpShardHandler h = server.handlers().get(0);
            assertEquals(1L, (long) server.runners().get(0).call(io -> h.deferredTimeouts()));
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void failureAndHandlerBugCostOneConnection(BackendKind backend) throws Exception {
        try (HttpServer server = HttpTestSupport.start(backend, config(10_000), router(new AtomicReference<>()))) {
            for (String path : new String[] {"/fail", "/throw-after-defer"}) {
                try (Socket s = connect(server)) {
                    send(s, "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
                    final Response r = read(s.getInputStream(), false);
                    assertEquals(500, r.status(), path);
                    assertEquals("close", r.header("Connection"));
                    assertTrue(closedByServer(s));
                }
            }
            try (Socket s = connect(server)) { // the shard still serves
                send(s, "GET /slow/1 HTTP/1.1\r\nHost: x\r\n\r\n");
                assertEquals("slow 1", read(s.getInputStream(), false).text());
            }
            awaitNoConnections(server);
            awaitPoolsFull(server);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void clientVanishingMidFlightReturnsEverySlot(BackendKind backend) throws Exception {
        final AtomicInteger ended = new AtomicInteger();
        final AtomicInteger deferrals = new AtomicInteger();
        final Router r = new Router().get("/late", (req, res) -> {
            final HttpExchange ex = HttpExchange.defer(res);
            deferrals.incrementAndGet();
            workers.execute(() -> {
                sleep(150);
                ex.response().ok("late"); // written into slots, then dropped or sent into a dead connection
                ex.complete();
                ended.incrementAndGet();
            });
        });
        try (HttpServer server = HttpTestSupport.start(backend, config(10_000), r)) {
            for (int k = 0; k < 10; k++) {
                try (Socket s = connect(server)) {
                    final int before = deferrals.get();
                    send(s, "GET /late HTTP/1.1\r\nHost: x\r\n\r\nGET /late HTTP/1.1\r\nHost: x\r\n\r\n");
                    final long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                    while (deferrals.get() == before && System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    assertTrue(deferrals.get() > before, "request deferred");
                    s.setSoLinger(true, 0); // RST while the answer is in flight
                }
            }
            // The shard may not see the reset before it sends the answer (receives are paused) and then
            // serves the pipelined second request too: wait until every deferred request's worker ended.
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (ended.get() < deferrals.get() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(200);
            assertTrue(deferrals.get() >= 10);
            assertEquals(deferrals.get(), ended.get(), "every deferred request ended");
            awaitNoConnections(server);
            awaitPoolsFull(server);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void middlewareHeadersReachTheDeferredAnswer(BackendKind backend) throws Exception {
        final HttpHandler h = Middleware.chain((req, res) -> {
            final HttpExchange ex = HttpExchange.defer(res);
            workers.execute(() -> ex.reply(ZeroHttpReply.ok("deferred")));
        }, new RequestId("srv"));
        try (HttpServer server = HttpTestSupport.start(backend, config(10_000), h)) {
            try (Socket s = connect(server)) {
                send(s, "GET / HTTP/1.1\r\nHost: x\r\nX-Request-Id: abc-1\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n");
                final Response a = read(s.getInputStream(), false);
                final Response b = read(s.getInputStream(), false);
                assertEquals("abc-1", a.header("X-Request-Id"));
                assertTrue(b.header("X-Request-Id").startsWith("srv-"), b.head());
                assertEquals("deferred", b.text());
            }
            awaitNoConnections(server);
            awaitPoolsFull(server);
        }
    }
}

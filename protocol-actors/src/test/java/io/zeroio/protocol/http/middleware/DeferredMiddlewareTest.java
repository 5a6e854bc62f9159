package io.zeroio.protocol.http.middleware;

import static io.zeroio.protocol.http.HttpTestSupport.awaitNoConnections;
import static io.zeroio.protocol.http.HttpTestSupport.awaitPoolsFull;
import static io.zeroio.protocol.http.HttpTestSupport.connect;
import static io.zeroio.protocol.http.HttpTestSupport.read;
import static io.zeroio.protocol.http.HttpTestSupport.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Flow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.zeroio.protocol.http.HttpTestSupport;
import io.zeroio.protocol.http.HttpTestSupport.Response;
import io.zeroio.protocol.http.actors.HttpActors;
import io.zeroio.protocol.http.actors.HttpRequestMsg;
import io.zeroio.protocol.http.limits.HttpServerConfig;
import io.zeroio.protocol.http.response.ZeroHttpReply;
import io.zeroio.protocol.http.server.HttpHandler;
import io.zeroio.protocol.http.server.HttpServer;
import io.zeroio.protocol.http.server.ServingOptions;
import io.zeroio.protocol.http.server.ZeroHttpRequest;
import io.zeroio.protocol.http.streams.HttpStreams;
import io.zeroio.protocol.http.streams.HttpStreamsStats;
import io.zeroio.runtime.shard.BackendKind;
import kamon.module.Module;

/**
 * All seven native middleware in the streams and actors modes ({@code ServingOptions.middleware}):
 * {@link ZeroTraceLayer} counts the statuses the flow/actor really answered (2xx, a 404 from the
 * flow, the 503 of the request timeout, next to an inline 401) with latencies up to the answer
 * (above the flow's delay), read from Kamon; {@link ZeroCompressionLayer} compresses a deferred body
 * above its threshold with the coding negotiated on the shard (gzip / deflate, decoded by the JDK),
 * and leaves it plain below the threshold and when {@code Accept-Encoding} lacks a coding. Real
 * sockets, io_uring and NIO, pools full after each.
 */
@Timeout(120)
class DeferredMiddlewareTest {
    private static final long DELAY_MS = 25;
    private static final long TIMEOUT_MS = 400;
    private static final String BIG = "zero-io deferred compression, ".repeat(200); // 6 000 B, compressible
    private static final String BIG_JSON = "{\"items\":[" + "{\"id\":12345,\"name\":\"zero-io\",\"ok\":true},".repeat(60) + "{}]}";
    private static final String SMALL = "small ".repeat(30); // 180 B: under the 1 KiB threshold
    private static final ZeroHttpReply BIG_REPLY = ZeroHttpReply.text(200, BIG);
    private static final ZeroHttpReply BIG_JSON_REPLY = ZeroHttpReply.json(BIG_JSON);
    private static final ZeroHttpReply SMALL_REPLY = ZeroHttpReply.text(200, SMALL);
    private static final ZeroHttpReply NOT_FOUND = ZeroHttpReply.status(404);
    private static final String AUTH = "Authorization: Bearer t0k3n\r\n";
    private static final KamonProbe PROBE = new KamonProbe();
    private static Module.Registration registration;
    private static ActorSystem<Void> system;

    @BeforeAll
    static void start() {
        KamonProbe.initKamon();
        registration = kamon.Kamon.addReporter("zero-io-deferred-middleware-probe", PROBE);
        system = ActorSystem.create(Behaviors.empty(), "deferred-middleware-test");
    }

    @AfterAll
    static void stop() throws Exception {
        registration.cancel();
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static java.util.stream.Stream<BackendKind> backends() {
        return HttpTestSupport.backends();
    }

    /** The application's answer for a path (null: never answered). */
    private static ZeroHttpReply reply(String path) {
        return switch (path) {
            case "/big" -> BIG_REPLY;
            case "/big.json" -> BIG_JSON_REPLY;
            case "/small" -> SMALL_REPLY;
            case "/drop" -> null;
            default -> NOT_FOUND;
        };
    }

    /** All seven, outermost first; the trace sees the inline 401 of BearerAuth and the deferred answers. */
    private static Function<HttpHandler, HttpHandler> chain(ZeroTraceLayer trace, ZeroCompressionLayer compression) {
        return inner -> Middleware.chain(inner,
            ZeroNormalizePathLayer.defaults(),
            ZeroSensitiveHeadersLayer.defaultsPlus("X-Api-Key"),
            new RequestId("d"),
            trace,
            new Cors(List.of("https://app.example"), "GET", "Authorization", 60),
            BearerAuth.bearer(List.of("t0k3n"), "api"),
            compression);
    }

    private static ServingOptions options(BackendKind backend, ZeroTraceLayer trace, ZeroCompressionLayer compression) {
        return ServingOptions.defaults().backend(backend)
            .config(HttpServerConfig.builder().requestTimeoutNanos(TIMEOUT_MS * 1_000_000L).build())
            .middleware(chain(trace, compression));
    }

    private static ZeroTraceLayer trace(String metrics) {
        return ZeroTraceLayer.builder().requestsMetric(metrics + ".requests").latencyMetric(metrics + ".latency")
            .route("/deferred").build();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void streamsModeTracesRealStatusesAndCompressesDeferredBodies(BackendKind backend) throws Exception {
        final String metrics = "deferred.streams." + backend.name().toLowerCase(java.util.Locale.ROOT);
        final ZeroTraceLayer trace = trace(metrics);
        final ZeroCompressionLayer compression = ZeroCompressionLayer.defaults();
        // /drop is filtered out (the request timeout answers it); the rest is answered after DELAY_MS
        // on the delayed executor's thread (404s at once)
        final Flow<ZeroHttpRequest, ZeroHttpReply, ?> flow = Flow.<ZeroHttpRequest>create()
            .filter(req -> reply(req.path().toString()) != null)
            .mapAsync(1, req -> {
                final ZeroHttpReply r = reply(req.path().toString());
                return r == NOT_FOUND ? CompletableFuture.completedFuture(r)
                    : CompletableFuture.supplyAsync(() -> r, CompletableFuture.delayedExecutor(DELAY_MS, TimeUnit.MILLISECONDS));
            });
        try (HttpServer server = HttpStreams.bind(system, new InetSocketAddress("127.0.0.1", 0),
                options(backend, trace, compression), flow, new HttpStreamsStats())) {
            exercise(server, metrics, compression);
        }
    }

    private record Later(HttpRequestMsg msg, ZeroHttpReply reply) {
    }

    /** A session actor: answers after DELAY_MS (a timer message), 404s at once, /drop never. */
    private static Behavior<HttpRequestMsg> session() {
        return Behaviors.<Object>setup(ctx -> Behaviors.withTimers(timers -> Behaviors.receive(Object.class)
            .onMessage(HttpRequestMsg.class, msg -> {
                final ZeroHttpReply r = reply(msg.request().path().toString());
                if (r == NOT_FOUND) {
                    msg.replyTo().reply(r);
                } else if (r != null) {
                    timers.startSingleTimer(new Later(msg, r), Duration.ofMillis(DELAY_MS));
                }
                return Behaviors.same();
            })
            .onMessage(Later.class, l -> {
                l.msg().replyTo().reply(l.reply());
                return Behaviors.same();
            })
            .build())).narrow();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void actorsModeTracesRealStatusesAndCompressesDeferredBodies(BackendKind backend) throws Exception {
        final String metrics = "deferred.actors." + backend.name().toLowerCase(java.util.Locale.ROOT);
        final ZeroTraceLayer trace = trace(metrics);
        final ZeroCompressionLayer compression = ZeroCompressionLayer.defaults();
        try (HttpServer server = HttpActors.bind(system, new InetSocketAddress("127.0.0.1", 0),
                options(backend, trace, compression), session())) {
            exercise(server, metrics, compression);
        }
    }

    /**
     * The hook itself ({@code ZeroResponse.onComplete}), registered before the inner handler: every
     * request's observer is told exactly once, on the shard thread, with the status that went out —
     * inline 200, inline silence (500), a deferred 201 from a worker, a deferred {@code fail} (500),
     * a deferred request never answered (503), a client resetting with its answer pending (0, or the
     * 503 when the timeout noticed first).
     */
    @ParameterizedTest
    @MethodSource("backends")
    void observersLearnEveryFinalStatusOnTheShard(BackendKind backend) throws Exception {
        final java.util.Map<Long, Integer> told = new java.util.concurrent.ConcurrentHashMap<>();
        final AtomicInteger calls = new AtomicInteger();
        final java.util.concurrent.atomic.AtomicReference<Thread> shard = new java.util.concurrent.atomic.AtomicReference<>();
        final java.util.Set<Thread> elsewhere = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final io.zeroio.protocol.http.response.ResponseObserver observer = (token, status) -> {
            calls.incrementAndGet();
            told.merge(token, status, (a, b) -> -1); // told twice: -1
            if (Thread.currentThread() != shard.get()) {
                elsewhere.add(Thread.currentThread());
            }
        };
        final Middleware observe = next -> (req, res) -> {
            shard.set(Thread.currentThread());
            res.onComplete(observer, Long.parseLong(req.header("X-N").toString()));
            next.handle(req, res);
        };
        final java.util.concurrent.ScheduledExecutorService worker = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        final io.zeroio.protocol.http.server.Router router = new io.zeroio.protocol.http.server.Router()
            .get("/inline", (req, res) -> res.ok("inline"))
            .get("/silent", (req, res) -> { })
            .get("/later", (req, res) -> {
                final io.zeroio.protocol.http.server.HttpExchange ex = io.zeroio.protocol.http.server.HttpExchange.defer(res);
                worker.schedule(() -> ex.reply(ZeroHttpReply.status(201)), 10, TimeUnit.MILLISECONDS);
            })
            .get("/fail", (req, res) -> {
                final io.zeroio.protocol.http.server.HttpExchange ex = io.zeroio.protocol.http.server.HttpExchange.defer(res);
                worker.execute(() -> ex.fail(new IllegalStateException("worker failed")));
            })
            .get("/never", (req, res) -> io.zeroio.protocol.http.server.HttpExchange.defer(res));
        try (HttpServer server = HttpTestSupport.start(backend,
                HttpServerConfig.builder().requestTimeoutNanos(TIMEOUT_MS * 1_000_000L).build(), Middleware.chain(router, observe))) {
            try (Socket s = connect(server)) {
                assertEquals(200, getN(s, "/inline", 1).status());
                assertEquals(201, getN(s, "/later", 2).status());
                assertEquals(500, getN(s, "/silent", 3).status());
            }
            try (Socket s = connect(server)) {
                assertEquals(500, getN(s, "/fail", 4).status());
                assertTrue(HttpTestSupport.closedByServer(s));
            }
            try (Socket s = connect(server)) {
                assertEquals(503, getN(s, "/never", 5).status());
                assertTrue(HttpTestSupport.closedByServer(s));
            }
            try (Socket s = connect(server)) {
                send(s, "GET /never HTTP/1.1\r\nHost: x\r\nX-N: 6\r\n\r\n");
                Thread.sleep(100); // deferred, well inside the timeout
                assertNull(told.get(6L), "not answered yet");
                assertEquals(5, calls.get());
                s.setSoLinger(true, 0); // RST with the answer pending
            }
            await("all six told", () -> told.size() == 6);
            awaitNoConnections(server);
            awaitPoolsFull(server);
        } finally {
            worker.shutdownNow();
        }
        assertEquals(200, told.get(1L));
        assertEquals(201, told.get(2L));
        assertEquals(500, told.get(3L));
        assertEquals(500, told.get(4L));
        assertEquals(503, told.get(5L));
        System.out.println(backend + ": the request whose client reset was told " + told.get(6L));
        assertTrue(told.get(6L) == 0 || told.get(6L) == 503, "the reset request: " + told.get(6L));
        assertEquals(6, calls.get(), "each observer told exactly once: " + told);
        assertTrue(elsewhere.isEmpty(), "observers run on the shard thread only, not on " + elsewhere);
    }

    private static Response getN(Socket s, String target, long n) throws IOException {
        send(s, "GET " + target + " HTTP/1.1\r\nHost: x\r\nX-N: " + n + "\r\n\r\n");
        return read(s.getInputStream(), false);
    }

    // ------------------------------------------------------------------ the scenario both modes pass

    private static Response get(Socket s, String target, String headers) throws IOException {
        send(s, "GET " + target + " HTTP/1.1\r\nHost: x\r\n" + AUTH + headers + "\r\n");
        return read(s.getInputStream(), false);
    }

    private static String gunzip(byte[] b) throws IOException {
        try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(b))) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static String inflate(byte[] b) throws IOException {
        try (InputStream in = new InflaterInputStream(new ByteArrayInputStream(b))) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static void assertGzipped(Response r, String expected) throws IOException {
        assertEquals(200, r.status(), r.head());
        assertEquals("gzip", r.header("Content-Encoding"), r.head());
        assertEquals("Accept-Encoding", r.header("Vary"), r.head());
        assertTrue(r.body().length < expected.length() / 4, "compressed: " + r.body().length + " B");
        assertEquals(expected, gunzip(r.body()));
    }

    private static void assertPlain(Response r, String expected) {
        assertEquals(200, r.status(), r.head());
        assertNull(r.header("Content-Encoding"), r.head());
        assertEquals("Accept-Encoding", r.header("Vary"), "a compressible type: the answer varies: " + r.head());
        assertEquals(expected, r.text());
    }

    private static void exercise(HttpServer server, String metrics, ZeroCompressionLayer compression) throws Exception {
        int ok = 0;
        int compressed = 0;
        try (Socket s = connect(server)) {
            final Response gz = get(s, "/big", "Accept-Encoding: deflate;q=0.5, gzip\r\nX-Request-Id: req-1\r\n");
            assertGzipped(gz, BIG);
            assertEquals("req-1", gz.header("X-Request-Id"), "the other middleware's headers reach the deferred reply");
            ok++;
            compressed++;
            final Response deflated = get(s, "/big.json", "Accept-Encoding: deflate\r\nOrigin: https://app.example\r\n");
            assertEquals("deflate", deflated.header("Content-Encoding"), deflated.head());
            assertEquals(BIG_JSON, inflate(deflated.body()));
            assertEquals("https://app.example", deflated.header("Access-Control-Allow-Origin"), deflated.head());
            ok++;
            compressed++;
            assertPlain(get(s, "/big", ""), BIG); // no Accept-Encoding: identity
            assertPlain(get(s, "/big", "Accept-Encoding: gzip;q=0, br\r\n"), BIG); // gzip refused, br not offered
            assertPlain(get(s, "/small", "Accept-Encoding: gzip\r\n"), SMALL); // under the threshold
            ok += 3;
            assertGzipped(get(s, "//api/./../big", "Accept-Encoding: gzip\r\n"), BIG); // normalised before it crossed
            ok++;
            compressed++;
            assertEquals(404, get(s, "/missing", "Accept-Encoding: gzip\r\n").status()); // from the flow/actor
            send(s, "GET /big HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\n\r\n"); // no token: 401 inline
            final Response unauthorised = read(s.getInputStream(), false);
            assertEquals(401, unauthorised.status());
            // 12 pipelined in one write, alternating codings: each answer in order with its own coding
            final StringBuilder pipelined = new StringBuilder();
            for (int k = 0; k < 12; k++) {
                pipelined.append("GET /big HTTP/1.1\r\nHost: x\r\n").append(AUTH)
                    .append(k % 3 == 0 ? "Accept-Encoding: gzip\r\n" : k % 3 == 1 ? "" : "Accept-Encoding: deflate\r\n")
                    .append("\r\n");
            }
            send(s, pipelined.toString());
            for (int k = 0; k < 12; k++) {
                final Response r = read(s.getInputStream(), false);
                assertNotNull(r, "answer " + k);
                if (k % 3 == 0) {
                    assertGzipped(r, BIG);
                } else if (k % 3 == 1) {
                    assertPlain(r, BIG);
                } else {
                    assertEquals(BIG, inflate(r.body()), r.head());
                }
            }
            ok += 12;
            compressed += 8;
        }
        // 6 connections at once, each answered on its own flow/actor (several threads compress at the same time)
        final AtomicInteger decoded = new AtomicInteger();
        final List<CompletableFuture<Void>> clients = new ArrayList<>();
        try (java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(6)) {
          for (int c = 0; c < 6; c++) {
            clients.add(CompletableFuture.runAsync(() -> {
                try (Socket s = connect(server)) {
                    for (int k = 0; k < 10; k++) {
                        final Response r = get(s, k % 2 == 0 ? "/big" : "/big.json", "Accept-Encoding: gzip\r\n");
                        assertEquals("gzip", r.header("Content-Encoding"), r.head());
                        assertArrayEquals((k % 2 == 0 ? BIG : BIG_JSON).getBytes(StandardCharsets.ISO_8859_1),
                            gunzip(r.body()).getBytes(StandardCharsets.ISO_8859_1));
                        decoded.incrementAndGet();
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }, pool));
          }
          CompletableFuture.allOf(clients.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        }
        assertEquals(60, decoded.get());
        ok += 60;
        compressed += 60;
        // never answered: the request timeout's 503 (+ close)
        try (Socket s = connect(server)) {
            final Response timedOut = get(s, "/drop", "Accept-Encoding: gzip\r\n");
            assertEquals(503, timedOut.status(), timedOut.head());
            assertTrue(HttpTestSupport.closedByServer(s));
        }
        awaitNoConnections(server);
        awaitPoolsFull(server);
        assertEquals(compressed, compression.compressedResponses(), "every deferred body that should be was compressed");
        assertTrue(compression.spareEncoders() >= 1, "deferred bodies were compressed with lent encoders");

        final String requests = metrics + ".requests";
        final String latency = metrics + ".latency";
        final int expectedOk = ok;
        await(expectedOk + " 2xx", () -> KamonProbe.sum(PROBE.counters, requests, "status=2xx") == expectedOk);
        await("404 and 401: 2 4xx", () -> KamonProbe.sum(PROBE.counters, requests, "status=4xx") == 2);
        await("the 503: 1 5xx", () -> KamonProbe.sum(PROBE.counters, requests, "status=5xx") == 1);
        await("2xx latencies", () -> KamonProbe.sum(PROBE.timerCounts, latency, "status=2xx") == expectedOk);
        await("5xx latency", () -> KamonProbe.sum(PROBE.timerCounts, latency, "status=5xx") == 1);
        final long min2xx = series(PROBE.timerMin, latency, "status=2xx");
        assertTrue(min2xx >= DELAY_MS * 1_000_000 * 95 / 100,
            "every 2xx was answered after the " + DELAY_MS + " ms delay, and timed up to the answer: min " + min2xx + " ns");
        final long timeout = series(PROBE.timerMax, latency, "status=5xx");
        assertTrue(timeout >= TIMEOUT_MS * 1_000_000 * 90 / 100, "the 503 came after the request timeout: " + timeout + " ns");
        Thread.sleep(500); // two more ticks: nothing counted twice, no 1xx/3xx
        assertEquals(expectedOk, KamonProbe.sum(PROBE.counters, requests, "status=2xx"));
        assertEquals(1, KamonProbe.sum(PROBE.counters, requests, "status=5xx"));
        assertEquals(0, KamonProbe.sum(PROBE.counters, requests, "status=1xx") + KamonProbe.sum(PROBE.counters, requests, "status=3xx"));
        assertEquals(expectedOk, KamonProbe.sum(PROBE.counters, requests, "method=GET", "route=/deferred", "status=2xx"));
    }

    /** The one series of {@code name} whose tags contain {@code tag}. */
    private static long series(java.util.Map<String, Long> values, String name, String tag) {
        return values.entrySet().stream().filter(e -> e.getKey().startsWith(name + "{") && e.getKey().contains(tag))
            .mapToLong(java.util.Map.Entry::getValue).findFirst().orElseThrow(() -> new AssertionError(name + " " + tag
                + " in " + values));
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what + "; counters " + PROBE.counters + ", timers "
                    + PROBE.timerCounts);
            }
            Thread.sleep(20);
        }
    }
}

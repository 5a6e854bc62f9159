package io.zeroio.protocol.http.middleware;

import static io.zeroio.protocol.http.HttpTestSupport.awaitNoConnections;
import static io.zeroio.protocol.http.HttpTestSupport.awaitPoolsFull;
import static io.zeroio.protocol.http.HttpTestSupport.connect;
import static io.zeroio.protocol.http.HttpTestSupport.read;
import static io.zeroio.protocol.http.HttpTestSupport.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.typesafe.config.ConfigFactory;

import io.zeroio.protocol.http.HttpTestSupport;
import io.zeroio.protocol.http.HttpTestSupport.Response;
import io.zeroio.protocol.http.limits.HttpServerConfig;
import io.zeroio.protocol.http.parse.DetachedHttpRequest;
import io.zeroio.protocol.http.server.HttpServer;
import io.zeroio.protocol.http.server.Router;
import kamon.Kamon;
import kamon.module.Module;
import kamon.prometheus.PrometheusReporter;

/**
 * {@link ZeroTraceLayer} into a real Kamon registry (a reporter receives the period snapshots) and
 * into slf4j logs, with {@link ZeroSensitiveHeadersLayer}: logged and dumped requests never contain
 * a secret header value.
 */
@Timeout(60)
class TraceMiddlewareTest {
    private static final KamonProbe PROBE = new KamonProbe();
    private static Module.Registration registration;
    private static PrometheusReporter prometheus;
    private static Module.Registration prometheusRegistration;
    private HttpServer server;
    private Socket socket;

    @BeforeAll
    static void kamon() {
        KamonProbe.initKamon();
        registration = Kamon.addReporter("zero-io-trace-test-probe", PROBE);
        // kamon-prometheus's reporter, scraped in-process (its embedded HTTP server off: no fixed port in tests)
        prometheus = new PrometheusReporter("kamon.prometheus", ConfigFactory.parseString(
            "kamon.prometheus.start-embedded-http-server = no").withFallback(ConfigFactory.load()));
        prometheusRegistration = Kamon.addReporter("zero-io-trace-test-prometheus", prometheus);
    }

    @AfterAll
    static void stopReporter() {
        registration.cancel();
        prometheusRegistration.cancel();
    }

    /** The value of the Prometheus series {@code name} whose labels include every one of {@code labels}, or NaN. */
    private static double scraped(String name, String... labels) {
        for (String line : prometheus.scrapeData().split("\n")) {
            if (!line.startsWith(name + "{")) {
                continue;
            }
            boolean all = true;
            for (String l : labels) {
                all &= line.contains(l);
            }
            if (all) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.NaN;
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            socket.close();
            awaitNoConnections(server);
            awaitPoolsFull(server);
            server.close();
        }
    }

    private void start(io.zeroio.protocol.http.server.HttpHandler handler) throws Exception {
        server = HttpTestSupport.start(HttpTestSupport.backends().findFirst().orElseThrow(), HttpServerConfig.defaults(), handler);
        socket = connect(server);
    }

    private Response get(String target, String headers) throws Exception {
        send(socket, "GET " + target + " HTTP/1.1\r\nHost: t\r\n" + headers + "\r\n");
        return read(socket.getInputStream(), false);
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

    @Test
    void countsAndLatenciesReachKamonByMethodRouteAndStatusClass() throws Exception {
        final ZeroTraceLayer trace = ZeroTraceLayer.builder().requestsMetric("test.http.requests")
            .latencyMetric("test.http.latency").build();
        final Router router = new Router()
            .get("/ok", Middleware.chain((req, res) -> res.ok("ok"), trace.route("/ok")))
            .get("/slow", Middleware.chain((req, res) -> {
                final long until = System.nanoTime() + 3_000_000;
                while (System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                res.ok("slow");
            }, trace.route("/slow")))
            .get("/fail", Middleware.chain((req, res) -> {
                throw new IllegalStateException("boom");
            }, trace.route("/fail")))
            .get("/silent", Middleware.chain((req, res) -> { }, trace.route("/silent")))
            .post("/ok", Middleware.chain((req, res) -> res.send(201), trace.route("/ok")));
        start(Middleware.chain(router.notFound(trace.wrap((req, res) -> res.notFound()))));
        for (int i = 0; i < 7; i++) {
            assertEquals(200, get("/ok", "").status());
        }
        for (int i = 0; i < 3; i++) {
            send(socket, "POST /ok HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n\r\n");
            assertEquals(201, read(socket.getInputStream(), false).status());
        }
        assertEquals(200, get("/slow", "").status());
        assertEquals(404, get("/nowhere", "").status());
        assertEquals(404, get("/other", "").status());
        assertEquals(500, get("/silent", "").status()); // a 500 for no response closes the connection
        socket.close();
        socket = connect(server);
        assertEquals(500, get("/fail", "").status()); // and so does a throwing handler
        final String c = "test.http.requests";
        await("7 GET /ok 2xx", () -> KamonProbe.sum(PROBE.counters, c, "method=GET", "route=/ok", "status=2xx") == 7);
        await("3 POST /ok 2xx", () -> KamonProbe.sum(PROBE.counters, c, "method=POST", "route=/ok", "status=2xx") == 3);
        await("2 unrouted 4xx", () -> KamonProbe.sum(PROBE.counters, c, "route=unrouted", "status=4xx") == 2);
        await("/silent 5xx", () -> KamonProbe.sum(PROBE.counters, c, "route=/silent", "status=5xx") == 1);
        await("/fail 5xx", () -> KamonProbe.sum(PROBE.counters, c, "route=/fail", "status=5xx") == 1);
        await("latency of /slow", () -> KamonProbe.sum(PROBE.timerCounts, "test.http.latency", "route=/slow") == 1);
        await("latencies of /ok", () -> KamonProbe.sum(PROBE.timerCounts, "test.http.latency", "route=/ok") == 10);
        assertTrue(PROBE.timerMax.get(PROBE.timerMax.keySet().stream().filter(k -> k.contains("route=/slow")).findFirst()
            .orElseThrow()) >= 2_900_000, "the busy /slow handler took >= 3 ms: " + PROBE.timerMax);
        // the same numbers in kamon-prometheus's scrape text (cumulative counters, timers in seconds)
        await("the Prometheus scrape", () -> scraped("test_http_requests_total", "method=\"GET\"", "route=\"/ok\"",
            "status=\"2xx\"") == 7.0);
        // (each reporter gets the tick's snapshot asynchronously: wait for each series, not just the first)
        await("scraped POST", () -> scraped("test_http_requests_total", "method=\"POST\"", "route=\"/ok\"",
            "status=\"2xx\"") == 3.0);
        await("scraped 404s", () -> scraped("test_http_requests_total", "route=\"unrouted\"", "status=\"4xx\"") == 2.0);
        await("scraped 500s", () -> scraped("test_http_requests_total", "route=\"/fail\"", "status=\"5xx\"") == 1.0);
        await("scraped /slow", () -> scraped("test_http_latency_seconds_count", "route=\"/slow\"", "status=\"2xx\"") == 1.0);
        assertTrue(scraped("test_http_latency_seconds_sum", "route=\"/slow\"") >= 0.0029, prometheus.scrapeData());
        Thread.sleep(500); // two more ticks: nothing is counted twice
        assertEquals(7, KamonProbe.sum(PROBE.counters, c, "method=GET", "route=/ok", "status=2xx"));
        assertEquals(0, KamonProbe.sum(PROBE.counters, c, "status=3xx") + KamonProbe.sum(PROBE.counters, c, "status=1xx"));
        socket.close();
        socket = connect(server);
    }

    @Test
    void logLinesAndDumpsNeverShowSensitiveValues() throws Exception {
        final RequestId ids = new RequestId("t");
        final ZeroTraceLayer trace = ZeroTraceLayer.builder().logEvery(1).logHeaders(true).requestId(ids)
            .requestsMetric("test.log.requests").latencyMetric("test.log.latency").build();
        final CompletableFuture<String> dumped = new CompletableFuture<>();
        final Router router = new Router()
            .get("/login", (req, res) -> {
                if (req.header("User-Agent") == null) {
                    res.ok("welcome");
                    return;
                }
                final DetachedHttpRequest kept = req.detach();
                // read on another thread, as a request handed to a worker would be
                Thread.ofPlatform().start(() -> {
                    try (kept) {
                        dumped.complete(kept.toString() + "\n" + kept.dump());
                    }
                });
                res.ok("welcome");
            });
        start(Middleware.chain(router, ZeroSensitiveHeadersLayer.defaultsPlus("X-Api-Key"), ids, trace));
        final PrintStream originalErr = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        final String logs;
        try {
            final Response r = get("/login?next=%2Fhome", "Authorization: Bearer s3cret-t0ken\r\nCookie: session=c00kie-value\r\n"
                + "X-Api-Key: api-k3y-value\r\nProxy-Authorization: Basic cHJveHk6cHc=\r\nUser-Agent: probe/1\r\n");
            assertEquals("welcome", r.text());
            assertEquals(200, get("/login", "X-Request-Id: abc\r\nSet-Cookie: a=leaked\r\n").status());
        } finally {
            System.err.flush();
            System.setErr(originalErr);
        }
        logs = captured.toString(StandardCharsets.UTF_8);
        final String dump = dumped.get(5, TimeUnit.SECONDS);
        for (String secret : List.of("s3cret-t0ken", "c00kie-value", "api-k3y-value", "cHJveHk6cHc=", "leaked")) {
            assertFalse(logs.contains(secret), secret + " in the logs:\n" + logs);
            assertFalse(dump.contains(secret), secret + " in the dump:\n" + dump);
        }
        assertTrue(logs.contains("io.zeroio.http.trace"), logs);
        assertTrue(logs.contains("GET /login?next=%2Fhome -> 200 in "), logs);
        assertTrue(logs.contains("route=unrouted id=t-1 {Host: t; Authorization: [redacted]; Cookie: [redacted]; "
            + "X-Api-Key: [redacted]; Proxy-Authorization: [redacted]; User-Agent: probe/1; }"), logs);
        assertTrue(logs.contains("id=abc {Host: t; X-Request-Id: abc; Set-Cookie: [redacted]; }"), logs);
        assertTrue(dump.contains("X-Api-Key: [redacted]") && dump.contains("User-Agent: probe/1"), dump);
        assertEquals(2, logs.lines().filter(l -> l.contains("io.zeroio.http.trace")).count(), logs);
    }

    @Test
    void sampledLogsAndOffByDefault() throws Exception {
        final ZeroTraceLayer every3 = ZeroTraceLayer.builder().logEvery(3).requestsMetric("test.sample.requests")
            .latencyMetric("test.sample.latency").build();
        final Router router = new Router()
            .get("/sampled", Middleware.chain((req, res) -> res.ok("s"), every3.route("/sampled")))
            .get("/quiet", Middleware.chain((req, res) -> res.ok("q"), ZeroTraceLayer.defaults().route("/quiet")));
        start(router);
        final PrintStream originalErr = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            for (int i = 0; i < 9; i++) {
                assertEquals(200, get("/sampled", "").status());
                assertEquals(200, get("/quiet", "").status());
            }
        } finally {
            System.setErr(originalErr);
        }
        final String logs = captured.toString(StandardCharsets.UTF_8);
        assertEquals(3, logs.lines().filter(l -> l.contains("GET /sampled -> 200")).count(), logs);
        assertEquals(0, logs.lines().filter(l -> l.contains("/quiet")).count(), logs);
    }

    @Test
    void configDefaultsAndInvalidValues() {
        final ZeroTraceLayer fromConf = ZeroTraceLayer.fromConfig(ConfigFactory.load(), null);
        assertTrue(fromConf != null);
        MiddlewareConfigException e = assertThrows(MiddlewareConfigException.class, () -> ZeroTraceLayer.fromConfig(
            ConfigFactory.parseString("zero-io.http.middleware.trace.log-every = -1").withFallback(ConfigFactory.load()), null));
        assertEquals("zero-io.http.middleware.trace.log-every", e.key());
        e = assertThrows(MiddlewareConfigException.class, () -> ZeroTraceLayer.fromConfig(
            ConfigFactory.parseString("zero-io.http.middleware.trace.log-headers = maybe").withFallback(ConfigFactory.load()), null));
        assertEquals("zero-io.http.middleware.trace.log-headers", e.key());
        e = assertThrows(MiddlewareConfigException.class, () -> ZeroTraceLayer.defaults().route(""));
        assertEquals("zero-io.http.middleware.trace.route", e.key());
        e = assertThrows(MiddlewareConfigException.class, () -> ZeroSensitiveHeadersLayer.fromConfig(
            ConfigFactory.parseString("zero-io.http.middleware.sensitive-headers.names = [\"Bad Name\"]")
                .withFallback(ConfigFactory.load())));
        assertEquals("zero-io.http.middleware.sensitive-headers.names", e.key());
        assertEquals(List.of("authorization", "cookie", "set-cookie", "proxy-authorization"),
            ZeroSensitiveHeadersLayer.fromConfig(ConfigFactory.load()).names().names());
    }
}

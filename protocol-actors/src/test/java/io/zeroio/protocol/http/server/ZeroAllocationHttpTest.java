package io.zeroio.protocol.http.server;

import static io.zeroio.protocol.http.HttpTestSupport.awaitPoolsFull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.zeroio.protocol.http.HttpTestSupport;
import io.zeroio.protocol.http.limits.HttpServerConfig;
import io.zeroio.protocol.http.parse.HttpRequest;
import io.zeroio.protocol.http.response.ZeroResponse;
import io.zeroio.runtime.shard.BackendKind;
import io.zeroio.runtime.shard.Config;
import io.zeroio.runtime.shard.WakeupStrategy;

/**
 * The 0 B/request gate of the inline HTTP path (DESIGN.md §5): after warm-up, 20 000 keep-alive
 * requests (plaintext and JSON, routed by {@link Router}) allocate 0 bytes on the shard thread —
 * receive, parse, route, handler, response writing, send, the Date/timeout tick, the runner loop.
 *
 * <p>The handler reads {@code ThreadMXBean#getCurrentThreadAllocatedBytes()} every
 * {@link #CHECKPOINT} requests into a pre-allocated array (an ordinary, warmed-up branch, not a
 * one-off one that would deoptimise; see runtime-shards' ZeroAllocationTest for why), and the test
 * compares the counter across windows. Warm-up runs windows of {@link #WINDOW} requests until one
 * allocates nothing (at most {@link #MAX_WARMUP_WINDOWS}: code still interpreted or C1-compiled
 * allocates what C2's escape analysis later removes, and compilations themselves leave a few
 * hundred bytes on the requesting thread); then windows of {@link #MEASURED} requests are measured:
 * one of up to {@link #MEASURED_WINDOWS} must allocate exactly 0 bytes, and none may allocate more
 * than {@link #ARTEFACT_BYTES} (0.1 B/request: room for a late JIT compilation request, far below
 * the 320 000 B a single 16-byte object per request would cost). A real per-request allocation
 * never yields a clean window, so it fails.
 * Sequential (plaintext and JSON in turn) and pipelined (16 per write). The shard runs with
 * the default {@code WakeupStrategy.FUTEX} under {@code -Xbatch} (see the comment in {@code run}).
 */
@Timeout(180)
class ZeroAllocationHttpTest {
    static final int CHECKPOINT = 1000;
    static final int WINDOW = 5000;
    static final int MAX_WARMUP_WINDOWS = 40;
    static final int MEASURED = 20_000;
    static final int MEASURED_WINDOWS = 8;
    static final long ARTEFACT_BYTES = MEASURED / 10;
    private HttpServer server;

    static java.util.stream.Stream<BackendKind> backends() {
        return HttpTestSupport.backends();
    }

    @org.junit.jupiter.api.BeforeAll
    static void ownJvm() {
        io.zeroio.protocol.http.AllocationJvm.require();
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            awaitPoolsFull(server);
            server.close();
        }
    }

    /** Answers /plaintext and /json; records the shard thread's allocation counter every {@link #CHECKPOINT} requests. */
    static final class Measuring implements HttpHandler {
        private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        private final long[] allocatedAt = new long[(MAX_WARMUP_WINDOWS * WINDOW + MEASURED_WINDOWS * (MEASURED + CHECKPOINT)) / CHECKPOINT + 2];
        private long requests;
        volatile int checkpoints;
        /** JSON body for /json: {@link #BIG_JSON} (above the compression threshold) instead of the 27-byte hello. */
        boolean bigJson;

        @Override
        public void handle(HttpRequest request, ZeroResponse response) {
            if (++requests % CHECKPOINT == 0) {
                final int at = (int) (requests / CHECKPOINT);
                if (at < allocatedAt.length) {
                    allocatedAt[at] = THREADS.getCurrentThreadAllocatedBytes();
                    checkpoints = at + 1; // volatile write publishes the entry
                }
            }
            if (request.path().length() == 5) {
                response.json(bigJson ? BIG_JSON : "{\"message\":\"Hello, World!\"}");
            } else {
                response.ok("Hello, World!");
            }
        }

        /** Bytes allocated between request {@code from} and request {@code to} (multiples of CHECKPOINT). */
        long allocatedBetween(int from, int to) {
            if (checkpoints <= to / CHECKPOINT) {
                throw new AssertionError("checkpoint " + to + " not reached: " + checkpoints);
            }
            return allocatedAt[to / CHECKPOINT] - allocatedAt[from / CHECKPOINT];
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void keepAliveRequestsAllocateNothing(BackendKind backend) throws Exception {
        run(backend, 1);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void pipelinedRequestsAllocateNothing(BackendKind backend) throws Exception {
        run(backend, 16, false);
    }

    /** The same with CORS, a request id and bearer authentication in front of the handler. */
    @ParameterizedTest
    @MethodSource("backends")
    void middlewareChainAllocatesNothing(BackendKind backend) throws Exception {
        run(backend, 16, true);
    }

    /**
     * All seven middleware: path normalisation, sensitive headers, request id, tracing (Kamon metrics, no
     * log lines), CORS, bearer auth and compression — with /json answering 2 KiB of JSON that is gzipped
     * (above the 1 KiB threshold) and /plaintext a small body that stays plain; requests carry
     * {@code //plaintext} and {@code /./json} paths that are normalised in place before routing.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void allSevenMiddlewareAllocateNothing(BackendKind backend) throws Exception {
        run(backend, 8, true, true); // 8 per write: a batch (~1.6 KB) fits one receive slot, so no request straddles
    }

    /** 2 KiB of JSON (compressible). */
    static final String BIG_JSON = "{\"items\":[" + "{\"id\":12345,\"name\":\"zero-io\",\"ok\":true},".repeat(50) + "{}]}";

    private void run(BackendKind backend, int depth) throws Exception {
        run(backend, depth, false);
    }

    private void run(BackendKind backend, int depth, boolean middleware) throws Exception {
        run(backend, depth, middleware, false);
    }

    private void run(BackendKind backend, int depth, boolean middleware, boolean allSeven) throws Exception {
        final Measuring measuring = new Measuring();
        measuring.bigJson = allSeven;
        // a short request-timeout makes the timeout/Date tick run every 100 ms, so it runs in the window too
        final HttpServerConfig http = HttpServerConfig.builder().requestTimeoutNanos(400_000_000L).build();
        // The default FUTEX wakeup, so the shard's sleep path is inside the window too. The execution runs with
        // -Xbatch (protocol-actors/pom.xml): in C1 code the JDK's FFM downcall adapter (captured errno) allocates
        // a 40-byte slice per io_uring_enter that C2's escape analysis removes; the gate measures compiled code.
        final Config shard = Config.builder().name("zero-alloc-http").backend(backend).wakeup(WakeupStrategy.FUTEX)
            .pools(HttpServer.shardConfig("x", http, backend, -1).tiers()).build();
        final HttpHandler handler = middleware ? io.zeroio.protocol.http.middleware.Middleware.chain(measuring,
            new io.zeroio.protocol.http.middleware.RequestId("z"),
            new io.zeroio.protocol.http.middleware.Cors(java.util.List.of("https://app.example"), "GET", "Authorization", 60),
            io.zeroio.protocol.http.middleware.BearerAuth.bearer(java.util.List.of("t0k3n"), "api")) : measuring;
        final io.zeroio.protocol.http.middleware.ZeroCompressionLayer compression =
            io.zeroio.protocol.http.middleware.ZeroCompressionLayer.defaults();
        final HttpHandler served = allSeven
            ? io.zeroio.protocol.http.middleware.Middleware.chain(new Router().get("/plaintext", measuring).get("/json", measuring),
                io.zeroio.protocol.http.middleware.ZeroNormalizePathLayer.defaults(),
                io.zeroio.protocol.http.middleware.ZeroSensitiveHeadersLayer.defaultsPlus("X-Api-Key"),
                new io.zeroio.protocol.http.middleware.RequestId("z"),
                io.zeroio.protocol.http.middleware.ZeroTraceLayer.builder().requestsMetric("alloc.http.requests")
                    .latencyMetric("alloc.http.latency").route("/bench").build(),
                new io.zeroio.protocol.http.middleware.Cors(java.util.List.of("https://app.example"), "GET", "Authorization", 60),
                io.zeroio.protocol.http.middleware.BearerAuth.bearer(java.util.List.of("t0k3n"), "api"),
                compression)
            : new Router().get("/plaintext", handler).get("/json", handler);
        server = HttpServer.start(new java.net.InetSocketAddress("127.0.0.1", 0), http, shard, served);
        final byte[] batch = allSeven ? batchForAllSeven(depth) : middleware ? batchWithHeaders(depth) : batch(depth);
        try (Socket s = HttpTestSupport.connect(server)) {
            final OutputStream out = s.getOutputStream();
            final InputStream in = new BufferedInputStream(s.getInputStream(), 1 << 16);
            int sent = 0;
            final StringBuilder warmup = new StringBuilder();
            boolean clean = false;
            for (int w = 0; w < MAX_WARMUP_WINDOWS && !clean; w++) {
                send(out, in, batch, depth, sent, WINDOW);
                sent += WINDOW;
                final long bytes = measuring.allocatedBetween(sent - WINDOW + CHECKPOINT, sent);
                warmup.append(bytes).append(' ');
                clean = bytes == 0;
            }
            assertTrue(clean, "no clean warm-up window: " + warmup);
            final StringBuilder measured = new StringBuilder();
            boolean zero = false;
            for (int w = 0; w < MEASURED_WINDOWS && !zero; w++) {
                send(out, in, batch, depth, sent, MEASURED + CHECKPOINT);
                final long bytes = measuring.allocatedBetween(sent + CHECKPOINT, sent + CHECKPOINT + MEASURED);
                sent += MEASURED + CHECKPOINT;
                measured.append(bytes).append(' ');
                assertTrue(bytes <= ARTEFACT_BYTES, bytes + " B allocated on the shard thread over " + MEASURED
                    + " requests (depth " + depth + ", " + backend + "): a per-request allocation; warm-up: " + warmup);
                zero = bytes == 0;
            }
            System.out.println(backend + " depth " + depth + (allSeven ? " with all seven middleware" : middleware ? " with middleware" : "") + ": warm-up windows of " + WINDOW + " (bytes): " + warmup
                + "; measured windows of " + MEASURED + " requests (bytes): " + measured);
            assertTrue(zero, "no measured window of " + MEASURED + " requests allocated 0 B: " + measured);
        }
        assertEquals(0, server.stats().straddles(), "every request arrived whole: no scratch copies");
        if (allSeven) {
            // every /json answer was gzipped (half of each batch), none of the small /plaintext ones
            final long json = measuring.requests / 2;
            assertEquals(json, compression.compressedResponses(), "every 2 KiB JSON response was compressed");
            assertTrue(compression.bytesAfter() * 10 < compression.bytesBefore(), "gzip shrank the JSON");
        }
    }

    private static byte[] batchForAllSeven(int depth) {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            b.append(i % 2 == 0 ? "GET //plaintext" : "GET /./json").append(" HTTP/1.1\r\nHost: bench\r\n")
                .append("Origin: https://app.example\r\nAuthorization: Bearer t0k3n\r\nAccept-Encoding: gzip, deflate\r\n")
                .append("X-Api-Key: k\r\n")
                .append(i % 4 == 0 ? "X-Request-Id: client-" + i + "\r\n" : "").append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static void send(OutputStream out, InputStream in, byte[] batch, int depth, int from, int count)
        throws IOException {
        for (int sent = 0; sent < count; sent += depth) {
            out.write(depth == 1 ? ((from + sent) % 2 == 0 ? PLAIN : JSON) : batch); // depth 1: plaintext and json in turn
            for (int k = 0; k < depth; k++) {
                skipResponse(in);
            }
        }
    }

    private static final byte[] PLAIN = "GET /plaintext HTTP/1.1\r\nHost: bench\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] JSON = "GET /json HTTP/1.1\r\nHost: bench\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private static byte[] batchWithHeaders(int depth) {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            b.append(i % 2 == 0 ? "GET /plaintext" : "GET /json").append(" HTTP/1.1\r\nHost: bench\r\n")
                .append("Origin: https://app.example\r\nAuthorization: Bearer t0k3n\r\n")
                .append(i % 4 == 0 ? "X-Request-Id: client-" + i + "\r\n" : "").append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] batch(int depth) {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            b.append(i % 2 == 0 ? "GET /plaintext" : "GET /json").append(" HTTP/1.1\r\nHost: bench\r\n\r\n");
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads one response with a Content-Length (what this server sends here). */
    private static void skipResponse(InputStream in) throws IOException {
        int contentLength = 0;
        int state = 0;
        final StringBuilder line = new StringBuilder();
        for (;;) {
            final int c = in.read();
            if (c < 0) {
                throw new IOException("server closed");
            }
            if (c == '\n') {
                if (line.length() == 1) {
                    break;
                }
                if (line.length() > 16 && line.substring(0, 15).equalsIgnoreCase("Content-Length:")) {
                    contentLength = Integer.parseInt(line.substring(15).trim());
                }
                line.setLength(0);
                state++;
            } else {
                line.append((char) c);
            }
        }
        in.skipNBytes(contentLength);
    }
}

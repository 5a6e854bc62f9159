package io.zeroio.protocol.http.streams;

import static io.zeroio.protocol.http.HttpTestSupport.awaitNoConnections;
import static io.zeroio.protocol.http.HttpTestSupport.awaitPoolsFull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Flow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.zeroio.protocol.http.AsyncModeChecks;
import io.zeroio.protocol.http.HttpTestSupport;
import io.zeroio.protocol.http.response.ZeroHttpReply;
import io.zeroio.protocol.http.server.HttpServer;
import io.zeroio.protocol.http.server.ZeroHttpRequest;
import io.zeroio.runtime.shard.BackendKind;

/** The streams mode: a Pekko Streams flow per connection, over real sockets and curl. */
class HttpStreamsTest {
    private static ActorSystem<Void> system;

    @BeforeAll
    static void start() {
        system = ActorSystem.create(Behaviors.empty(), "http-streams-test");
    }

    @AfterAll
    static void stop() throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static java.util.stream.Stream<BackendKind> backends() {
        return HttpTestSupport.backends();
    }

    /** /slow/N completes later on another thread (mapAsync), /drop is filtered out, /boom fails the stage. */
    private static Flow<ZeroHttpRequest, ZeroHttpReply, ?> flow() {
        return Flow.<ZeroHttpRequest>create()
            .filter(req -> !req.path().toString().equals("/drop"))
            .mapAsync(1, req -> {
                final ZeroHttpReply reply = AsyncModeChecks.answer(req); // read the request before replying
                if (!req.path().toString().startsWith("/slow/")) {
                    return CompletableFuture.completedFuture(reply);
                }
                return CompletableFuture.supplyAsync(() -> reply, CompletableFuture.delayedExecutor(
                    ThreadLocalRandom.current().nextInt(1, 10), TimeUnit.MILLISECONDS));
            });
    }

    private static HttpServer serve(BackendKind backend, HttpStreamsStats stats, long timeoutMillis) throws Exception {
        return HttpStreams.bind(system, new InetSocketAddress("127.0.0.1", 0), AsyncModeChecks.options(backend, timeoutMillis),
            flow(), stats);
    }

    @ParameterizedTest
    @MethodSource("backends")
    void pipelinedAndKeepAliveInOrder(BackendKind backend) throws Exception {
        final HttpStreamsStats stats = new HttpStreamsStats();
        try (HttpServer server = serve(backend, stats, 10_000)) {
            AsyncModeChecks.pipelinedInOrder(server);
            AsyncModeChecks.curlKeepAlive(server);
            AsyncModeChecks.loadWithPipelining(server);
            AsyncModeChecks.deepPipeliningOnManyConnections(server);
            awaitNoConnections(server);
            awaitPoolsFull(server);
            assertEquals(0, stats.unmatched());
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void middlewareRunsInlineBeforeTheFlow(BackendKind backend) throws Exception {
        final HttpStreamsStats stats = new HttpStreamsStats();
        try (HttpServer server = serve(backend, stats, 10_000)) {
            AsyncModeChecks.middlewareInline(server);
            assertEquals(1, stats.connections(), "one flow for the connection (preflight and 401 never reached it)");
            AsyncModeChecks.headAndClose(server);
            awaitNoConnections(server);
            awaitPoolsFull(server);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void droppedFailedAndResetRequestsReturnEverySlot(BackendKind backend) throws Exception {
        final HttpStreamsStats stats = new HttpStreamsStats();
        try (HttpServer server = serve(backend, stats, 500)) {
            AsyncModeChecks.neverAnswered(server);
            AsyncModeChecks.failureCostsTheConnection(server);
            assertTrue(stats.failed() >= 1, "the failed flow answered its request");
            AsyncModeChecks.resetsMidFlight(server);
            awaitNoConnections(server);
            awaitPoolsFull(server);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aCancellingFlowAnswers500(BackendKind backend) throws Exception {
        // take(1): the flow cancels after its first request; the next one on that connection gets 500 + close
        final Flow<ZeroHttpRequest, ZeroHttpReply, ?> once = Flow.<ZeroHttpRequest>create().map(AsyncModeChecks::answer).take(1);
        try (HttpServer server = HttpStreams.bind(system, new InetSocketAddress("127.0.0.1", 0),
                AsyncModeChecks.options(backend, 5000), once, new HttpStreamsStats());
             java.net.Socket s = HttpTestSupport.connect(server)) {
            HttpTestSupport.send(s, "GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\nGET /json HTTP/1.1\r\nHost: x\r\n\r\n");
            assertEquals("Hello, World!", HttpTestSupport.read(s.getInputStream(), false).text());
            final HttpTestSupport.Response second = HttpTestSupport.read(s.getInputStream(), false);
            assertEquals(500, second.status());
            assertTrue(HttpTestSupport.closedByServer(s));
            awaitNoConnections(server);
            awaitPoolsFull(server);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void perRequestFunction(BackendKind backend) throws Exception {
        try (HttpServer server = HttpStreams.bindAsync(system, new InetSocketAddress("127.0.0.1", 0),
                AsyncModeChecks.options(backend, 5000), 1,
                req -> CompletableFuture.completedFuture(AsyncModeChecks.answer(req)))) {
            AsyncModeChecks.curlKeepAlive(server);
            awaitNoConnections(server);
            awaitPoolsFull(server);
        }
    }

    @SuppressWarnings("unused")
    private static Duration unused() {
        return Duration.ZERO;
    }
}

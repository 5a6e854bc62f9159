package io.zeroio.protocol.http.client;

import static io.zeroio.protocol.http.HttpTestSupport.awaitNoConnections;
import static io.zeroio.protocol.http.HttpTestSupport.awaitPoolsFull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.zeroio.protocol.http.HttpTestSupport;
import io.zeroio.protocol.http.limits.HttpServerConfig;
import io.zeroio.protocol.http.parse.HttpMethod;
import io.zeroio.protocol.http.parse.HttpResponse;
import io.zeroio.protocol.http.server.HttpServer;
import io.zeroio.protocol.http.server.Router;
import io.zeroio.runtime.pool.PoolStats;
import io.zeroio.runtime.shard.BackendKind;
import io.zeroio.runtime.shard.Event;
import io.zeroio.runtime.shard.InlineHandler;
import io.zeroio.runtime.shard.Io;
import io.zeroio.runtime.shard.ShardRunner;

/** The shard HTTP client against the inline server (each on its own shard) and misbehaving peers. */
@Timeout(60)
class ShardHttpClientTest {
    private HttpServer server;
    private ShardRunner clientShard;
    private ShardHttpClient client;
    private InetSocketAddress target;

    static java.util.stream.Stream<BackendKind> backends() {
        return HttpTestSupport.backends();
    }

    private void start(BackendKind backend, HttpClientConfig config) throws Exception {
        server = HttpTestSupport.start(backend, HttpServerConfig.defaults(), new Router()
            .get("/plaintext", (req, res) -> res.ok("Hello, World!"))
            .get("/chunked", (req, res) -> res.status(200).chunked().chunk("a-").chunk("b-").chunk("c").endChunked())
            .get("/close", (req, res) -> res.status(200).closeConnection().body("bye"))
            .post("/echo", (req, res) -> res.bytes(200, "text/plain", req.body(), 0, req.bodyLength())));
        target = new InetSocketAddress("127.0.0.1", server.port());
        client = new ShardHttpClient(config);
        final ShardHttpClient c = client;
        clientShard = ShardRunner.start(HttpServer.shardConfig("http-client", HttpServerConfig.defaults(), backend, -1),
            new InlineHandler() {
                @Override
                public void onEvent(Io io, Event event) {
                    c.onEvent(io, event);
                }
            });
    }

    @AfterEach
    void stop() throws Exception {
        if (clientShard != null) {
            clientShard.call(io -> {
                client.closeIdle(io);
                return null;
            });
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (clientShard.call(Io::openConnections) != 0 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertEquals(0, clientShard.call(Io::openConnections));
            PoolStats stats = clientShard.call(Io::poolStats);
            while (!stats.atFullCapacity() && System.nanoTime() < deadline) {
                Thread.sleep(10);
                stats = clientShard.call(Io::poolStats);
            }
            assertTrue(stats.atFullCapacity(), "client slots leaked: " + stats);
            clientShard.close();
        }
        if (server != null) {
            awaitNoConnections(server);
            awaitPoolsFull(server);
            server.close();
        }
    }

    /** Completes with "status body" or "FAILED reason". */
    static final class Result implements ResponseHandler {
        final CompletableFuture<String> done = new CompletableFuture<>();

        @Override
        public void onResponse(HttpResponse response) {
            done.complete(response.status() + " " + response.bodyText());
        }

        @Override
        public void onFailure(HttpClientFailure failure, int errno) {
            done.complete("FAILED " + failure);
        }

        String get() throws Exception {
            return done.get(10, TimeUnit.SECONDS);
        }
    }

    private Result get(String path) throws Exception {
        final Result r = new Result();
        clientShard.call(io -> {
            client.get(io, target, path, r);
            return null;
        });
        return r;
    }

    private long[] stats() throws Exception {
        return clientShard.call(io -> client.stats());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void sequentialRequestsReuseOnePooledConnection(BackendKind backend) throws Exception {
        start(backend, HttpClientConfig.defaults());
        for (int i = 0; i < 100; i++) {
            assertEquals("200 Hello, World!", get("/plaintext").get());
        }
        final long[] s = stats();
        assertEquals(1, s[0], "connections opened");
        assertEquals(99, s[1], "reused");
        assertEquals(1, (int) clientShard.call(io -> client.idle(target)));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void concurrentRequestsOpenConnectionsThatAreThenReused(BackendKind backend) throws Exception {
        start(backend, HttpClientConfig.defaults());
        for (int round = 0; round < 3; round++) {
            final List<Result> results = new ArrayList<>();
            clientShard.call(io -> {
                for (int k = 0; k < 5; k++) {
                    final Result r = new Result();
                    results.add(r);
                    client.get(io, target, "/plaintext", r);
                }
                return null;
            });
            for (Result r : results) {
                assertEquals("200 Hello, World!", r.get());
            }
        }
        assertEquals(5, stats()[0], "5 connections opened in the first round, reused after");
        assertEquals(5, (int) clientShard.call(io -> client.idle(target)));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void chunkedPostHeadAndClose(BackendKind backend) throws Exception {
        start(backend, HttpClientConfig.defaults());
        assertEquals("200 a-b-c", get("/chunked").get());
        final Result posted = new Result();
        final byte[] body = "posted body".getBytes(StandardCharsets.US_ASCII);
        clientShard.call(io -> {
            client.request(io, HttpMethod.POST, target, "/echo", "text/plain", new UnsafeBuffer(body), 0, body.length, posted);
            return null;
        });
        assertEquals("200 posted body", posted.get());
        final Result head = new Result();
        clientShard.call(io -> {
            client.request(io, HttpMethod.HEAD, target, "/plaintext", null, null, 0, 0, head);
            return null;
        });
        assertEquals("200 ", head.get());
        assertEquals("200 bye", get("/close").get());
        assertEquals(0, (int) clientShard.call(io -> client.idle(target)), "a Connection: close response is not pooled");
        assertEquals("404 ", get("/missing").get());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void refusedConnectAndTimeoutAreReported(BackendKind backend) throws Exception {
        start(backend, new HttpClientConfig(300_000_000L, 4, 16384, 65536, 64));
        final int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        final Result refused = new Result();
        clientShard.call(io -> {
            client.get(io, new InetSocketAddress("127.0.0.1", closedPort), "/", refused);
            return null;
        });
        assertEquals("FAILED CONNECT_FAILED", refused.get());
        try (ServerSocket silent = new ServerSocket(0)) { // accepts, never answers
            final Result timeout = new Result();
            clientShard.call(io -> {
                client.get(io, new InetSocketAddress("127.0.0.1", silent.getLocalPort()), "/", timeout);
                return null;
            });
            try (Socket accepted = silent.accept()) {
                final long t0 = System.nanoTime();
                assertEquals("FAILED TIMEOUT", timeout.get());
                assertTrue(System.nanoTime() - t0 < 3_000_000_000L);
            }
        }
        assertEquals("200 Hello, World!", get("/plaintext").get(), "the client still works");
    }
}

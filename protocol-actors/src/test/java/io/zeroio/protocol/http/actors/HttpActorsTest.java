package io.zeroio.protocol.http.actors;

import static io.zeroio.protocol.http.HttpTestSupport.awaitNoConnections;
import static io.zeroio.protocol.http.HttpTestSupport.awaitPoolsFull;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.zeroio.protocol.http.AsyncModeChecks;
import io.zeroio.protocol.http.HttpTestSupport;
import io.zeroio.protocol.http.HttpTestSupport.Response;
import io.zeroio.protocol.http.response.ZeroHttpReply;
import io.zeroio.protocol.http.server.HttpServer;
import io.zeroio.runtime.shard.BackendKind;

/** The actors mode: an actor per connection (session) or per request, over real sockets and curl. */
class HttpActorsTest {
    private static ActorSystem<Void> system;

    @BeforeAll
    static void start() {
        system = ActorSystem.create(Behaviors.empty(), "http-actors-test");
    }

    @AfterAll
    static void stop() throws Exception {
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static java.util.stream.Stream<BackendKind> backends() {
        return HttpTestSupport.backends();
    }

    private record Later(HttpRequestMsg msg, ZeroHttpReply reply) {
    }

    /**
     * A session: /slow/N answered by a timer message (later, from the actor), /drop never, /boom
     * throws (the actor fails), /count the requests this connection's actor has seen.
     */
    private static Behavior<HttpRequestMsg> session() {
        return Behaviors.<Object>setup(ctx -> Behaviors.withTimers(timers -> {
            final int[] seen = {0};
            return Behaviors.receive(Object.class)
                .onMessage(HttpRequestMsg.class, msg -> {
                    seen[0]++;
                    final String path = msg.request().path().toString();
                    if (path.equals("/drop")) {
                        return Behaviors.same();
                    }
                    if (path.equals("/count")) {
                        msg.replyTo().reply(ZeroHttpReply.ok("seen " + seen[0]));
                        return Behaviors.same();
                    }
                    final ZeroHttpReply reply = AsyncModeChecks.answer(msg.request()); // throws for /boom
                    if (path.startsWith("/slow/")) {
                        timers.startSingleTimer(new Later(msg, reply),
                            Duration.ofMillis(ThreadLocalRandom.current().nextInt(1, 10)));
                    } else {
                        msg.replyTo().reply(reply);
                    }
                    return Behaviors.same();
                })
                .onMessage(Later.class, l -> {
                    l.msg().replyTo().reply(l.reply());
                    return Behaviors.same();
                })
                .build();
        })).narrow();
    }

    /** A per-request actor: answers and stops; /boom throws. */
    private static Behavior<HttpRequestMsg> perRequest() {
        return Behaviors.receive((ctx, msg) -> {
            msg.replyTo().reply(AsyncModeChecks.answer(msg.request()));
            return Behaviors.stopped();
        });
    }

    private static HttpServer serve(BackendKind backend, long timeoutMillis) throws Exception {
        return HttpActors.bind(system, new InetSocketAddress("127.0.0.1", 0), AsyncModeChecks.options(backend, timeoutMillis),
            session());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void pipelinedAndKeepAliveInOrder(BackendKind backend) throws Exception {
        try (HttpServer server = serve(backend, 10_000)) {
            AsyncModeChecks.pipelinedInOrder(server);
            AsyncModeChecks.curlKeepAlive(server);
            AsyncModeChecks.loadWithPipelining(server);
            AsyncModeChecks.deepPipeliningOnManyConnections(server);
            try (Socket s = HttpTestSupport.connect(server)) { // one actor per connection: it counts this connection's requests
                HttpTestSupport.send(s, "GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\nGET /count HTTP/1.1\r\nHost: x\r\n\r\n");
                HttpTestSupport.read(s.getInputStream(), false);
                assertEquals("seen 2", HttpTestSupport.read(s.getInputStream(), false).text());
            }
            awaitNoConnections(server);
            awaitPoolsFull(server);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void middlewareRunsInlineBeforeTheActor(BackendKind backend) throws Exception {
        try (HttpServer server = serve(backend, 10_000)) {
            AsyncModeChecks.middlewareInline(server);
            AsyncModeChecks.headAndClose(server);
            awaitNoConnections(server);
            awaitPoolsFull(server);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void droppedFailedAndResetRequestsReturnEverySlot(BackendKind backend) throws Exception {
        try (HttpServer server = serve(backend, 500)) {
            AsyncModeChecks.neverAnswered(server);
            AsyncModeChecks.failureCostsTheConnection(server); // the session actor throws: 500 + close
            AsyncModeChecks.resetsMidFlight(server);
            awaitNoConnections(server);
            awaitPoolsFull(server);
        }
    }

    @Test
    void perRequestActorFailureCostsOneRequest() throws Exception {
        try (HttpServer server = HttpActors.bindPerRequest(system, new InetSocketAddress("127.0.0.1", 0),
                AsyncModeChecks.options(BackendKind.NIO, 2000), perRequest())) {
            AsyncModeChecks.curlKeepAlive(server);
            AsyncModeChecks.loadWithPipelining(server);
            try (Socket s = HttpTestSupport.connect(server)) {
                HttpTestSupport.send(s, "GET /boom HTTP/1.1\r\nHost: x\r\n\r\nGET /json HTTP/1.1\r\nHost: x\r\n\r\n");
                final Response failed = HttpTestSupport.read(s.getInputStream(), false);
                assertEquals(500, failed.status());
                assertTrue(failed.header("Connection") == null, "the connection stays open: " + failed.head());
                assertEquals("{\"message\":\"Hello, World!\"}", HttpTestSupport.read(s.getInputStream(), false).text());
            }
            awaitNoConnections(server);
            awaitPoolsFull(server);
        }
    }
}

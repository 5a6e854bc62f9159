package io.zeroio.examples.http;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.apache.pekko.stream.javadsl.Flow;

import io.zeroio.protocol.http.actors.HttpActors;
import io.zeroio.protocol.http.actors.HttpRequestMsg;
import io.zeroio.protocol.http.parse.AsciiView;
import io.zeroio.protocol.http.response.ZeroHttpReply;
import io.zeroio.protocol.http.server.HttpServer;
import io.zeroio.protocol.http.server.ServingOptions;
import io.zeroio.protocol.http.server.ZeroHttpRequest;
import io.zeroio.runtime.error.ZeroIoException;
import io.zeroio.runtime.shard.BackendKind;

/**
 * The hello world ({@code /plaintext}, {@code /json}) in the asynchronous serving modes: requests
 * are parsed on the shards and answered from another thread — by a Pekko Streams flow per
 * connection ({@code streams}, {@link io.zeroio.protocol.http.streams.HttpStreams}) or by a typed
 * actor per connection ({@code actors}, {@link HttpActors}). The replies are constants, so the
 * application allocates nothing per request; what the mode itself costs is measured in docs/http.md.
 */
public final class AsyncHelloWorld implements AutoCloseable {
    /** 200 text/plain {@code Hello, World!}. */
    public static final ZeroHttpReply PLAINTEXT = ZeroHttpReply.ok(HelloWorldServer.PLAINTEXT);
    /** 200 application/json {@code {"message":"Hello, World!"}}. */
    public static final ZeroHttpReply JSON = ZeroHttpReply.json(HelloWorldServer.JSON);
    private static final ZeroHttpReply NOT_FOUND = ZeroHttpReply.status(404);

    private final ActorSystem<Void> system;
    private final HttpServer server;
    private final String mode;

    private AsyncHelloWorld(ActorSystem<Void> system, HttpServer server, String mode) {
        this.system = system;
        this.server = server;
        this.mode = mode;
    }

    /** The reply for a request: compares the path in place (no allocation). */
    public static ZeroHttpReply reply(ZeroHttpRequest request) {
        final AsciiView path = request.path();
        if (path.contentEquals("/plaintext")) {
            return PLAINTEXT;
        }
        return path.contentEquals("/json") ? JSON : NOT_FOUND;
    }

    /** The streams mode's flow: one per connection. */
    public static Flow<ZeroHttpRequest, ZeroHttpReply, ?> flow() {
        return Flow.<ZeroHttpRequest>create().map(AsyncHelloWorld::reply);
    }

    /** The actors mode's behavior: one actor per connection. */
    public static Behavior<HttpRequestMsg> behavior() {
        return Behaviors.receiveMessage(msg -> {
            msg.replyTo().reply(reply(msg.request()));
            return Behaviors.same();
        });
    }

    /**
     * Starts an ActorSystem and the server in {@code mode} ({@code streams} or {@code actors}) on
     * {@code shards} shards; port 0 picks a free one ({@link #port()}).
     */
    public static AsyncHelloWorld start(String mode, InetSocketAddress address, BackendKind backend, int shards)
        throws ZeroIoException {
        final ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "zero-io-http-" + mode);
        try {
            final ServingOptions options = ServingOptions.defaults().backend(backend).shards(shards);
            final HttpServer server = switch (mode) {
                case "streams" -> io.zeroio.protocol.http.streams.HttpStreams.bind(system, address, options, flow(),
                    new io.zeroio.protocol.http.streams.HttpStreamsStats());
                case "actors" -> HttpActors.bind(system, address, options, behavior());
                default -> throw new IllegalArgumentException("mode must be streams or actors, was " + mode);
            };
            return new AsyncHelloWorld(system, server, mode);
        } catch (ZeroIoException | RuntimeException e) {
            system.terminate();
            throw e;
        }
    }

    /** The bound port. */
    public int port() {
        return server.port();
    }

    /** The shards serving. */
    public HttpServer server() {
        return server;
    }

    /** The ActorSystem the flows or actors run in. */
    public ActorSystem<Void> system() {
        return system;
    }

    /** {@code streams} or {@code actors}. */
    public String mode() {
        return mode;
    }

    /**
     * Terminates the system (no flow or actor answers any more), then closes the shards (pending
     * requests are given up, their slots released).
     */
    @Override
    public void close() {
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("ActorSystem did not terminate: " + e, e);
        } finally {
            server.close();
        }
    }
}

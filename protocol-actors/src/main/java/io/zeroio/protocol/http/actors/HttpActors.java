package io.zeroio.protocol.http.actors;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Behavior;

import io.zeroio.protocol.http.server.HttpServer;
import io.zeroio.protocol.http.server.ServingOptions;
import io.zeroio.runtime.error.ZeroIoException;

/**
 * HTTP/1.1 served by typed actors: the shards parse requests in their receive slots and run the
 * inline middleware; each request then goes, without a byte copy, as an {@link HttpRequestMsg} to
 * an actor, which answers once through {@code msg.replyTo()} from its own thread; the reply is
 * written once into a TX slot there and sent by the shard.
 *
 * <pre>{@code
 * HttpServer server = HttpActors.bind(system, "0.0.0.0", 8080, Behaviors.receiveMessage(msg -> {
 *     msg.replyTo().reply(HELLO);      // HELLO: a static final ZeroHttpReply
 *     return Behaviors.same();
 * }));
 * }</pre>
 *
 * <p>{@link #bind} spawns one actor per connection (a session: it may keep state across the
 * connection's requests; it sees them one at a time, in order). {@link #bindPerRequest} spawns one
 * per request (it should stop after answering). Either way a supervising actor per connection
 * watches it: an actor that fails or stops with a request unanswered costs that request a 500
 * (per request) or the connection a 500 + close (per session) — never the shard. No answer within
 * {@code request-timeout} gets 503 + close.
 */
public final class HttpActors {
    private static final AtomicInteger BINDINGS = new AtomicInteger();

    private HttpActors() {
    }

    /** An actor per connection with {@code behavior}, default options (1 shard). */
    public static HttpServer bind(ActorSystem<?> system, String host, int port, Behavior<HttpRequestMsg> behavior)
        throws ZeroIoException {
        return bind(system, new InetSocketAddress(host, port), ServingOptions.defaults(), behavior);
    }

    /** An actor per connection with {@code behavior} and {@code options}. */
    public static HttpServer bind(ActorSystem<?> system, InetSocketAddress address, ServingOptions options,
                                  Behavior<HttpRequestMsg> behavior) throws ZeroIoException {
        return start(system, address, options, behavior, false);
    }

    /** An actor per request with {@code behavior} (which should stop after answering) and {@code options}. */
    public static HttpServer bindPerRequest(ActorSystem<?> system, InetSocketAddress address, ServingOptions options,
                                            Behavior<HttpRequestMsg> behavior) throws ZeroIoException {
        return start(system, address, options, behavior, true);
    }

    private static HttpServer start(ActorSystem<?> system, InetSocketAddress address, ServingOptions options,
                                    Behavior<HttpRequestMsg> behavior, boolean perRequest) throws ZeroIoException {
        final int binding = BINDINGS.incrementAndGet();
        return options.start(address, i -> new ActorsDispatcher(system, behavior, perRequest,
            "zero-io-http-" + binding + "-" + i + "-"));
    }
}

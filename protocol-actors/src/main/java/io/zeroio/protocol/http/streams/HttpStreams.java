package io.zeroio.protocol.http.streams;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;

import io.zeroio.protocol.http.response.ZeroHttpReply;
import io.zeroio.protocol.http.server.HttpServer;
import io.zeroio.protocol.http.server.ServingOptions;
import io.zeroio.protocol.http.server.ZeroHttpRequest;
import io.zeroio.runtime.error.ZeroIoException;

/**
 * HTTP/1.1 served by a Pekko Streams {@link Flow} per connection: the shards parse requests in
 * their receive slots and run the inline middleware; each request then crosses, without a byte
 * copy, as a {@link ZeroHttpRequest} element of its connection's flow, and the flow's
 * {@link ZeroHttpReply} is written once into a TX slot on the stream's thread and sent by the shard.
 *
 * <pre>{@code
 * HttpServer server = HttpStreams.bind(system, "0.0.0.0", 8080,
 *     Flow.<ZeroHttpRequest>create().map(req -> HELLO));          // HELLO: a static final ZeroHttpReply
 * }</pre>
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>One flow materialisation per connection (on its first request, on the shard thread),
 *       completed when the connection goes. The flow must answer each request with exactly one
 *       reply, in order (like Pekko HTTP's {@code handleWith}); a request it drops gets
 *       {@code 503} + close after {@code request-timeout}.</li>
 *   <li>One request of a connection is in its flow at a time: pipelined requests wait on the
 *       shard, in order, with the connection's receives paused (that is the demand mapping: a
 *       flow that does not pull keeps the connection's TCP window closed).</li>
 *   <li>An element is a lease on the request's slot, released exactly once: by the reply, by the
 *       flow's failure or cancellation (the request gets {@code 500} + close), or by the timeout.
 *       Elements are reused per connection: read them before replying, do not keep them.</li>
 *   <li>A failing flow costs its connection, never the shard.</li>
 * </ul>
 */
public final class HttpStreams {
    private HttpStreams() {
    }

    /** Serves {@code flow} per connection on {@code host:port} with default options (1 shard). */
    public static HttpServer bind(ClassicActorSystemProvider system, String host, int port,
                                  Flow<ZeroHttpRequest, ZeroHttpReply, ?> flow) throws ZeroIoException {
        return bind(system, new InetSocketAddress(host, port), ServingOptions.defaults(), flow, new HttpStreamsStats());
    }

    /**
     * Serves {@code flow} per connection with {@code options} (limits, shards, backend, inline
     * middleware); {@code stats} counts refusals and failures.
     */
    public static HttpServer bind(ClassicActorSystemProvider system, InetSocketAddress address, ServingOptions options,
                                  Flow<ZeroHttpRequest, ZeroHttpReply, ?> flow, HttpStreamsStats stats) throws ZeroIoException {
        final Materializer materializer = Materializer.matFromSystem(system);
        return options.start(address, i -> new StreamsDispatcher(flow, materializer, stats));
    }

    /**
     * Serves a per-request function: the flow {@code mapAsync(parallelism, fn)} per connection
     * (a connection has one request in flight, so {@code parallelism} only matters for flows that
     * batch; 1 is right for most). A failed stage gets {@code 500} + close.
     */
    public static HttpServer bindAsync(ClassicActorSystemProvider system, InetSocketAddress address, ServingOptions options,
                                       int parallelism, Function<ZeroHttpRequest, CompletionStage<ZeroHttpReply>> fn)
        throws ZeroIoException {
        return bind(system, address, options, Flow.<ZeroHttpRequest>create().mapAsync(parallelism, fn::apply),
            new HttpStreamsStats());
    }
}

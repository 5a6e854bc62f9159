package io.zeroio.examples.http;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.zeroio.protocol.http.client.HttpClientConfig;
import io.zeroio.protocol.http.client.HttpClientFailure;
import io.zeroio.protocol.http.client.ResponseHandler;
import io.zeroio.protocol.http.client.ShardHttpClient;
import io.zeroio.protocol.http.limits.HttpServerConfig;
import io.zeroio.protocol.http.parse.HttpResponse;
import io.zeroio.protocol.http.server.HttpServer;
import io.zeroio.runtime.error.ZeroIoException;
import io.zeroio.runtime.shard.BackendKind;
import io.zeroio.runtime.shard.Event;
import io.zeroio.runtime.shard.InlineHandler;
import io.zeroio.runtime.shard.Io;
import io.zeroio.runtime.shard.ShardRunner;

/**
 * The shard HTTP client ({@link ShardHttpClient}) in a program: {@code count} sequential
 * {@code GET}s of one URL from a client shard, each issued inline on the shard thread when the
 * previous answer arrived, so the pooled keep-alive connection is reused (LIFO) after the first.
 * Answers are read where they lie in the receive slot; only the first body is copied out to print it.
 */
public final class Fetch implements AutoCloseable {
    /** What a run saw: the first answer, how many answers, and the client's counters. */
    public record Result(int status, String firstBody, int responses, long connectionsOpened, long reusedRequests,
                         long nanos) {
    }

    private final ShardRunner shard;
    private final ShardHttpClient client = new ShardHttpClient(HttpClientConfig.defaults());
    private boolean closed;

    /** A client shard on {@code backend}. */
    public Fetch(BackendKind backend) throws ZeroIoException {
        final ShardHttpClient c = client;
        shard = ShardRunner.start(HttpServer.shardConfig("zero-io-fetch", HttpServerConfig.defaults(), backend, -1),
            new InlineHandler() {
                @Override
                public void onEvent(Io io, Event event) {
                    c.onEvent(io, event);
                }
            });
    }

    /** The backend the client shard runs. */
    public String backendName() throws ZeroIoException {
        return shard.call(Io::backendName);
    }

    /**
     * GETs {@code url} (http://host:port/path) {@code count} times, one after the other.
     *
     * @throws IllegalArgumentException for a URL that is not plain http with a host
     * @throws java.util.concurrent.ExecutionException with the failure (connect refused, timeout ...)
     */
    public Result get(URI url, int count) throws Exception {
        if (!"http".equals(url.getScheme()) || url.getHost() == null) {
            throw new IllegalArgumentException("only http://host[:port]/path URLs, got " + url);
        }
        final InetSocketAddress target = new InetSocketAddress(url.getHost(), url.getPort() < 0 ? 80 : url.getPort());
        final String path = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
            + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        final CompletableFuture<Result> done = new CompletableFuture<>();
        final long start = System.nanoTime();
        shard.call(io -> {
            client.get(io, target, path, new ResponseHandler() {
                private int seen;
                private int firstStatus;
                private String firstBody;

                @Override
                public void onResponse(HttpResponse response) {
                    if (seen++ == 0) {
                        firstStatus = response.status();
                        firstBody = response.body().getStringWithoutLengthUtf8(0, response.bodyLength());
                    }
                    if (seen < count) {
                        client.get(io, target, path, this); // the next one, inline: reuses the pooled connection
                    } else {
                        final long[] s = client.stats();
                        done.complete(new Result(firstStatus, firstBody, seen, s[0], s[1], System.nanoTime() - start));
                    }
                }

                @Override
                public void onFailure(HttpClientFailure failure, int errno) {
                    done.completeExceptionally(new IllegalStateException("GET " + url + " failed after " + seen
                        + " responses: " + failure + (errno != 0 ? " (errno " + errno + ")" : "")));
                }
            });
            return null;
        });
        return done.get(60, TimeUnit.SECONDS);
    }

    /** Closes the idle pooled connections and the shard. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            shard.call(io -> {
                client.closeIdle(io);
                return null;
            });
        } catch (ZeroIoException | RuntimeException e) {
            // the shard is going away anyway
        }
        shard.close();
    }

    /** {@code body}, cut to 200 characters for printing. */
    public static String printable(String body) {
        final byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return b.length <= 200 ? body : body.substring(0, 200) + "... (" + b.length + " bytes)";
    }
}

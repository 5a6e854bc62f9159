package io.zeroio.examples.http;

import java.net.InetSocketAddress;

import io.zeroio.protocol.http.limits.HttpServerConfig;
import io.zeroio.protocol.http.server.HttpServer;
import io.zeroio.protocol.http.server.Router;
import io.zeroio.runtime.error.ZeroIoException;
import io.zeroio.runtime.shard.BackendKind;

/**
 * The TechEmpower-style hello world on the inline HTTP path: {@code GET /plaintext} answers
 * {@code Hello, World!} as text/plain and {@code GET /json} answers
 * {@code {"message":"Hello, World!"}} as application/json, each written straight into a TX slot on
 * the shard thread (0 B allocated per request after warm-up). This is the benchmark's server.
 *
 * <pre>
 * bin/zero-io http --port 8080            # then: curl http://127.0.0.1:8080/plaintext
 * wrk -t2 -c64 -d10s http://127.0.0.1:8080/plaintext
 * </pre>
 */
public final class HelloWorldServer {
    /** The plaintext body. */
    public static final String PLAINTEXT = "Hello, World!";
    /** The JSON body. */
    public static final String JSON = "{\"message\":\"Hello, World!\"}";

    private HelloWorldServer() {
    }

    /** The routes: /plaintext and /json (HEAD too; anything else is 404, other methods 405). */
    public static Router router() {
        return new Router()
            .get("/plaintext", (request, response) -> response.ok(PLAINTEXT))
            .get("/json", (request, response) -> response.json(JSON));
    }

    /**
     * Starts the server inline on {@code shards} shards (SO_REUSEPORT when more than one) and
     * returns once all listen; port 0 picks a free port ({@link HttpServer#port()}).
     */
    public static HttpServer start(InetSocketAddress address, BackendKind backend, int shards) throws ZeroIoException {
        return HttpServer.start(address, shards, HttpServerConfig.defaults(), backend, router());
    }

    /** Same as {@code bin/zero-io http [options]}. */
    public static void main(String[] args) {
        final String[] all = new String[args.length + 1];
        all[0] = "http";
        System.arraycopy(args, 0, all, 1, args.length);
        io.zeroio.examples.Launcher.main(all);
    }
}

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

    /** A small page that opens a WebSocket to {@code /ws} and shows the echoes. */
    public static final byte[] PAGE = """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>zero-io</title></head>
        <body>
        <h1>zero-io HTTP + WebSocket on shards</h1>
        <p><a href="/plaintext">/plaintext</a> · <a href="/json">/json</a></p>
        <input id="msg" value="hello, shard"> <button onclick="ws.send(msg.value)">send over WebSocket</button>
        <pre id="log"></pre>
        <script>
        const log = t => document.getElementById('log').textContent += t + '\\n';
        const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws');
        ws.onopen = () => log('open');
        ws.onmessage = e => log('echo: ' + e.data);
        ws.onclose = e => log('closed ' + e.code);
        </script>
        </body></html>
        """.getBytes(java.nio.charset.StandardCharsets.UTF_8);

    /**
     * The routes: /plaintext and /json (HEAD too; anything else is 404, other methods 405), plus
     * {@code /} (a page that opens a WebSocket) and {@code /ws} (a WebSocket echo, frame by frame).
     */
    public static Router router() {
        return new Router()
            .get("/plaintext", (request, response) -> response.ok(PLAINTEXT))
            .get("/json", (request, response) -> response.json(JSON))
            .get("/", (request, response) -> response.bytes(200, "text/html; charset=utf-8", PAGE))
            .websocket("/ws", (session, frame) -> session.send(frame.opcode(), frame.fin(), frame.buffer(),
                frame.payloadOffset(), frame.payloadLength()));
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

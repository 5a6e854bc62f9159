package io.zeroio.examples.websocket;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.pekko.actor.typed.ActorRef;
import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.Props;
import org.apache.pekko.actor.typed.javadsl.Behaviors;

import com.typesafe.config.ConfigFactory;

import io.zeroio.examples.http.HelloWorldServer;
import io.zeroio.protocol.http.limits.HttpServerConfig;
import io.zeroio.protocol.http.server.HttpServer;
import io.zeroio.protocol.http.server.HttpServerStats;
import io.zeroio.protocol.http.server.Router;
import io.zeroio.runtime.pool.PoolStats;
import io.zeroio.runtime.shard.BackendKind;
import io.zeroio.runtime.shard.Io;
import io.zeroio.runtime.shard.ShardRunner;
import kamon.Kamon;
import kamon.tag.TagSet;

/**
 * The README demo in one process: the inline HTTP server on shards with {@code /plaintext},
 * {@code /json}, a page at {@code /} whose JavaScript joins the WebSocket chat at {@code /chat}
 * ({@link WebSocketChat}: an actor per session), {@code /ws} (inline WebSocket echo), and Kamon's
 * Prometheus page on loopback with the HTTP shards' {@code zeroio_*} series (pool slots per tier,
 * connections, requests, WebSocket members), published every second.
 */
public final class DemoServer implements AutoCloseable {
    /** Default HTTP port of {@code bin/zero-io demo}. */
    public static final int HTTP_PORT = 8080;
    /** Default Prometheus port of {@code bin/zero-io demo}. */
    public static final int PROMETHEUS_PORT = 9095;

    /** The chat page served at {@code /}. */
    public static final byte[] PAGE = """
        <!doctype html>
        <html><head><meta charset="utf-8"><title>zero-io demo</title>
        <style>body{font-family:sans-serif;max-width:48em;margin:2em auto}#log{border:1px solid #ccc;height:20em;overflow:auto;padding:.5em}</style>
        </head><body>
        <h1>zero-io: HTTP + WebSocket on shards</h1>
        <p><a href="/plaintext">/plaintext</a> · <a href="/json">/json</a> · chat below (open this page twice);
        every line goes through a typed actor per session and one room actor.</p>
        <pre id="log"></pre>
        <form id="f"><input id="msg" size="50" autocomplete="off" placeholder="say something"> <button>send</button></form>
        <script>
        const log = t => { const l = document.getElementById('log'); l.textContent += t + '\\n'; l.scrollTop = l.scrollHeight; };
        const ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/chat');
        ws.onopen = () => log('* connected');
        ws.onmessage = e => log(e.data);
        ws.onclose = e => log('* closed ' + e.code);
        document.getElementById('f').onsubmit = e => { e.preventDefault(); const m = document.getElementById('msg'); if (m.value) { ws.send(m.value); m.value = ''; } };
        </script>
        </body></html>
        """.getBytes(StandardCharsets.UTF_8);

    private final ActorSystem<Void> system;
    private final HttpServer server;
    private final int prometheusPort;
    private final ScheduledExecutorService publisher;
    private volatile boolean closed;

    private DemoServer(ActorSystem<Void> system, HttpServer server, int prometheusPort, ScheduledExecutorService publisher) {
        this.system = system;
        this.server = server;
        this.prometheusPort = prometheusPort;
        this.publisher = publisher;
    }

    /**
     * Starts Kamon (Prometheus reporter on {@code host:prometheusPort}), an actor system, the chat room
     * and the HTTP server on {@code shards} shards at {@code host:httpPort} (0: any free port).
     */
    public static DemoServer start(String host, int httpPort, int prometheusPort, int shards, BackendKind backend)
        throws Exception {
        Kamon.initWithoutAttaching(ConfigFactory.parseString(
            "kamon.prometheus.embedded-server.hostname = \"" + host + "\"\n"
                + "kamon.prometheus.embedded-server.port = " + prometheusPort + "\n"
                + "kamon.metric.tick-interval = 1s\nkamon.init.hide-banner = true\n")
            .withFallback(ConfigFactory.load()));
        final ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "zero-io-demo",
            ConfigFactory.parseString("pekko.loglevel = WARNING\npekko.log-dead-letters = off\n").withFallback(ConfigFactory.load()));
        try {
            final ActorRef<WebSocketChat.Room> room = system.systemActorOf(WebSocketChat.room(), "chat-room", Props.empty());
            final Router router = new Router()
                .get("/plaintext", (request, response) -> response.ok(HelloWorldServer.PLAINTEXT))
                .get("/json", (request, response) -> response.json(HelloWorldServer.JSON))
                .get("/", (request, response) -> response.bytes(200, "text/html; charset=utf-8", PAGE))
                .websocket("/chat", WebSocketChat.endpoint(system, room))
                .websocket("/ws", (session, frame) -> session.send(frame.opcode(), frame.fin(), frame.buffer(),
                    frame.payloadOffset(), frame.payloadLength()));
            final HttpServer server = HttpServer.start(new InetSocketAddress(host, httpPort), shards,
                HttpServerConfig.defaults(), backend, router);
            final ScheduledExecutorService publisher = Executors.newSingleThreadScheduledExecutor(r ->
                Thread.ofPlatform().name("zero-io-demo-metrics").daemon(true).unstarted(r));
            final DemoServer demo = new DemoServer(system, server, prometheusPort, publisher);
            publisher.scheduleAtFixedRate(demo::publishQuietly, 0, 1, TimeUnit.SECONDS);
            return demo;
        } catch (Exception | Error e) {
            system.terminate();
            Kamon.stop();
            throw e;
        }
    }

    /** The HTTP server. */
    public HttpServer http() {
        return server;
    }

    /** The page's URL. */
    public String pageUrl() {
        return "http://" + server.address().getHostString() + ":" + server.port() + "/";
    }

    /** The Prometheus page's URL. */
    public String metricsUrl() {
        return "http://" + server.address().getHostString() + ":" + prometheusPort + "/metrics";
    }

    private long lastRequests;

    private void publishQuietly() {
        try {
            publish();
        } catch (Exception e) {
            // a shard that is stopping: skip this round
        }
    }

    /** Publishes the HTTP shards' gauges and counters to Kamon (the scheduler does it every second). */
    synchronized void publish() throws Exception {
        if (closed) {
            return;
        }
        final List<ShardRunner> runners = server.runners();
        for (int s = 0; s < runners.size(); s++) {
            final String shard = Integer.toString(s);
            final PoolStats stats = runners.get(s).call(Io::poolStats);
            for (PoolStats.Tier t : stats.tiers()) {
                final String tier = Integer.toString(t.tier());
                Kamon.gauge("zeroio.pool.slots").withTags(TagSet.builder().add("system", "demo-http").add("shard", shard)
                    .add("tier", tier).add("kind", "current").build()).update(t.inUse());
                Kamon.gauge("zeroio.pool.slots").withTags(TagSet.builder().add("system", "demo-http").add("shard", shard)
                    .add("tier", tier).add("kind", "capacity").build()).update(t.capacity());
            }
            Kamon.gauge("zeroio.connections").withTags(TagSet.builder().add("system", "demo-http").add("shard", shard).build())
                .update(runners.get(s).call(Io::openConnections));
        }
        final HttpServerStats http = server.stats();
        Kamon.counter("zeroio.http.requests").withTags(TagSet.of("system", "demo-http")).increment(http.requests() - lastRequests);
        lastRequests = http.requests();
    }

    /** Closes the HTTP server, the actor system and Kamon. Idempotent. */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        publisher.shutdownNow();
        server.close();
        system.terminate();
        try {
            system.getWhenTerminated().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            // closing anyway
        }
        try {
            scala.concurrent.Await.ready(Kamon.stop(), scala.concurrent.duration.Duration.create(10, TimeUnit.SECONDS));
        } catch (Exception e) {
            // best effort
        }
    }

    /** Waits until the HTTP shards stop (they do when {@link #close()} runs, e.g. from a shutdown hook). */
    public void awaitClosed(Duration poll) throws InterruptedException {
        while (!server.isClosed()) {
            Thread.sleep(poll.toMillis());
        }
    }
}

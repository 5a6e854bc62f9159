package io.zeroio.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.zeroio.protocol.http.server.HttpServer;
import io.zeroio.runtime.pool.PoolStats;
import io.zeroio.runtime.shard.BackendKind;
import io.zeroio.runtime.shard.Io;

/** The hello-world HTTP server, driven by the JDK's HttpClient (keep-alive, several shards). */
@Timeout(60)
class HelloWorldServerTest {
    @Test
    void servesPlaintextAndJsonOnEveryShard() throws Exception {
        try (HttpServer server = HelloWorldServer.start(new InetSocketAddress("127.0.0.1", 0), BackendKind.AUTO, 2)) {
            final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            final String base = "http://127.0.0.1:" + server.port();
            for (int i = 0; i < 50; i++) {
                final HttpResponse<String> plain = client.send(HttpRequest.newBuilder(URI.create(base + "/plaintext")).build(),
                    HttpResponse.BodyHandlers.ofString());
                assertEquals(200, plain.statusCode());
                assertEquals(HelloWorldServer.PLAINTEXT, plain.body());
                assertEquals("text/plain", plain.headers().firstValue("content-type").orElseThrow());
                final HttpResponse<String> json = client.send(HttpRequest.newBuilder(URI.create(base + "/json")).build(),
                    HttpResponse.BodyHandlers.ofString());
                assertEquals(HelloWorldServer.JSON, json.body());
                assertEquals("application/json", json.headers().firstValue("content-type").orElseThrow());
            }
            final HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(base + "/")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertTrue(page.body().contains("new WebSocket"), page.body());
            final java.util.concurrent.CompletableFuture<String> echoed = new java.util.concurrent.CompletableFuture<>();
            final java.net.http.WebSocket ws = client.newWebSocketBuilder().buildAsync(
                URI.create("ws://127.0.0.1:" + server.port() + "/ws"), new java.net.http.WebSocket.Listener() {
                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket w, CharSequence data,
                                                                         boolean last) {
                        echoed.complete(data.toString());
                        w.request(1); // keep receiving, so the close frame that answers ours arrives
                        return null;
                    }
                }).get(5, TimeUnit.SECONDS);
            ws.sendText("hello, shard", true).get(5, TimeUnit.SECONDS);
            assertEquals("hello, shard", echoed.get(5, TimeUnit.SECONDS));
            ws.sendClose(java.net.http.WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
            final HttpResponse<String> missing = client.send(HttpRequest.newBuilder(URI.create(base + "/nope")).build(),
                HttpResponse.BodyHandlers.ofString());
            assertEquals(404, missing.statusCode());
            assertEquals(103, server.stats().requests()); // 100 + page + upgrade + 404
            client.close();
            for (var runner : server.runners()) {
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                PoolStats stats = runner.call(Io::poolStats);
                while (!stats.atFullCapacity() && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                    stats = runner.call(Io::poolStats);
                }
                assertTrue(stats.atFullCapacity(), "pool slots leaked: " + stats);
            }
        }
    }
}

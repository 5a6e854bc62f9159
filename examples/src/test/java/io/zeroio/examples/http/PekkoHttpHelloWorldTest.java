package io.zeroio.examples.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.zeroio.pekko.ZeroIo;

/** {@code bin/zero-io http --mode pekko-http}'s server: the hello-world route over the Pekko HTTP drop-in. */
@Timeout(60)
class PekkoHttpHelloWorldTest {
    @Test
    void servesPlaintextAndJsonThroughPekkoHttpOnShards() throws Exception {
        final PekkoHttpHelloWorld server = PekkoHttpHelloWorld.start("127.0.0.1", 0, 2, "auto");
        final ZeroIo zio = ZeroIo.get(server.system());
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            final String base = "http://127.0.0.1:" + server.port();
            for (int i = 0; i < 20; i++) {
                final HttpResponse<String> plain = client.send(HttpRequest.newBuilder(URI.create(base + "/plaintext")).build(),
                    HttpResponse.BodyHandlers.ofString());
                assertEquals(200, plain.statusCode());
                assertEquals(HelloWorldServer.PLAINTEXT, plain.body());
                final HttpResponse<String> json = client.send(HttpRequest.newBuilder(URI.create(base + "/json")).build(),
                    HttpResponse.BodyHandlers.ofString());
                assertEquals(200, json.statusCode());
                assertEquals(HelloWorldServer.JSON, json.body());
                assertEquals("application/json", json.headers().firstValue("content-type").orElseThrow());
            }
            assertEquals(404, client.send(HttpRequest.newBuilder(URI.create(base + "/nope")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode());
            assertTrue(zio.openConnections() >= 1, "served over zero-io connections");
        } finally {
            server.close();
        }
        assertEquals(0, zio.heldSlots(), "slots held after close");
        for (var s : zio.shards()) {
            assertEquals(0, s.heldAtClose(), "shard " + s.index() + " closed with slots held");
        }
    }
}

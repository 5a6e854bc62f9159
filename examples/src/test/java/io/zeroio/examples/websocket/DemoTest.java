package io.zeroio.examples.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.zeroio.examples.websocket.WebSocketChatTest.Member;

/**
 * {@code bin/zero-io demo} end to end, in a child JVM started like the launcher starts it
 * ({@code io.zeroio.examples.Launcher demo}, the project's JVM flags, free ports): it prints the page
 * and metrics URLs; the page, /json and /plaintext answer; two WebSocket clients chat through
 * {@code /chat}; the Prometheus page lists the HTTP shards' {@code zeroio_*} series; SIGTERM stops it
 * cleanly (shutdown hook) and the process is gone afterwards.
 */
@Timeout(180)
class DemoTest {
    @Test
    void demoServesPageJsonChatAndPrometheusAndStopsCleanly() throws Exception {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final List<String> command = List.of(java, "--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow",
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx512m",
            "-cp", System.getProperty("java.class.path"), "io.zeroio.examples.Launcher",
            "demo", "--http-port", "0", "--prometheus-port", "0");
        final Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        final List<String> output = new CopyOnWriteArrayList<>();
        final Thread reader = Thread.ofPlatform().daemon(true).start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    output.add(line);
                }
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        try {
            final String page = awaitUrl(output, "  page:", p);
            final String metrics = awaitUrl(output, "  metrics:", p);
            assertTrue(page.startsWith("http://127.0.0.1:") && page.endsWith("/"), page);
            assertTrue(metrics.startsWith("http://127.0.0.1:") && metrics.endsWith("/metrics"), metrics);

            final HttpResponse<String> html = get(http, page);
            assertEquals(200, html.statusCode());
            assertTrue(html.body().contains("new WebSocket") && html.body().contains("/chat"), html.body());
            final HttpResponse<String> json = get(http, page + "json");
            assertEquals("{\"message\":\"Hello, World!\"}", json.body());
            assertEquals("application/json", json.headers().firstValue("content-type").orElseThrow());
            assertEquals("Hello, World!", get(http, page + "plaintext").body());

            final URI chat = URI.create(page.replace("http://", "ws://") + "chat");
            final Member alice = new Member();
            final Member bob = new Member();
            final WebSocket a = http.newWebSocketBuilder().buildAsync(chat, alice).get(10, TimeUnit.SECONDS);
            assertEquals("* welcome, 1 online", alice.lines.poll(10, TimeUnit.SECONDS));
            final WebSocket b = http.newWebSocketBuilder().buildAsync(chat, bob).get(10, TimeUnit.SECONDS);
            assertEquals("* welcome, 2 online", bob.lines.poll(10, TimeUnit.SECONDS));
            a.sendText("hi bob", true).get(10, TimeUnit.SECONDS);
            assertEquals("hi bob", alice.lines.poll(10, TimeUnit.SECONDS)); // every member gets every line, sender too
            assertEquals("hi bob", bob.lines.poll(10, TimeUnit.SECONDS));
            b.sendText("hi alice", true).get(10, TimeUnit.SECONDS);
            assertEquals("hi alice", alice.lines.poll(10, TimeUnit.SECONDS));
            assertEquals("hi alice", bob.lines.poll(10, TimeUnit.SECONDS));
            a.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);
            b.sendClose(WebSocket.NORMAL_CLOSURE, "").get(10, TimeUnit.SECONDS);

            String body = "";
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (System.nanoTime() < deadline) {
                try {
                    body = get(http, metrics).body();
                } catch (java.io.IOException notYet) {
                    body = "";
                }
                if (body.contains("zeroio_pool_slots") && body.contains("zeroio_http_requests")) {
                    break;
                }
                Thread.sleep(250);
            }
            assertTrue(body.contains("zeroio_pool_slots{") && body.contains("zeroio_connections{")
                && body.contains("zeroio_http_requests"), "zeroio series on the Prometheus page:\n" + body);

            // SIGTERM (as Ctrl-C would: the shutdown hook closes the shards, the actor system and Kamon);
            // sent through the ProcessHandle: Process.destroy() would also close our end of its output
            assertTrue(p.toHandle().destroy(), "SIGTERM sent");
            assertTrue(p.waitFor(30, TimeUnit.SECONDS), "the demo did not stop on SIGTERM:\n" + String.join("\n", output));
            reader.join(5_000);
            assertTrue(output.contains("zero-io demo closed"), "exit " + p.exitValue() + ":\n" + String.join("\n", output));
            for (String line : output) {
                assertTrue(!line.contains("Exception"), "no exception in the demo's output:\n" + String.join("\n", output));
            }
        } finally {
            http.close();
            if (p.isAlive()) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static String awaitUrl(List<String> output, String prefix, Process p) throws InterruptedException {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            for (String line : new ArrayList<>(output)) {
                if (line.startsWith(prefix)) {
                    return line.substring(prefix.length()).trim().split("\\s+")[0];
                }
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no '" + prefix + "' line from the demo:\n" + String.join("\n", output));
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(java.time.Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    }
}

package io.zeroio.protocol.http.pekko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.ConfigFactory;

import io.zeroio.pekko.ZeroIo;

/** A stock Pekko HTTP route served over zero-io shards by {@link ZeroIoHttp}, with real HTTP clients. */
class PekkoHttpDropInTest {
    private ActorSystem<Void> system;
    private ZeroIoHttpBinding binding;
    private HttpClient client;
    private final ObjectMapper json = new ObjectMapper();

    @BeforeEach
    void start() throws Exception {
        system = ActorSystem.create(Behaviors.empty(), "pekko-http-drop-in", ConfigFactory.parseString(
            "zero-io.shards = 2\nzero-io.shutdown.drain-timeout = 1s\n").withFallback(ConfigFactory.load()));
        binding = ZeroIoHttp.get(system).newServerAt("127.0.0.1", 0).bind(new PekkoRoutes().route())
            .toCompletableFuture().get(20, TimeUnit.SECONDS);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        final ZeroIo zio = ZeroIo.get(system);
        binding.terminate(Duration.ofSeconds(2)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertEquals(0, binding.openConnections(), "connections left open after terminate");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (zio.heldSlots() != 0 && System.nanoTime() - deadline < 0) {
            Thread.sleep(10);
        }
        assertEquals(0, zio.heldSlots(), "slots still held: pools did not return to full capacity");
        system.terminate();
        system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
        for (var s : zio.shards()) {
            assertEquals(0, s.heldAtClose(), "shard " + s.index() + " closed with slots held");
        }
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + binding.port() + path);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).build(),
            HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void pathMatchingAndJsonMarshalling() throws Exception {
        final HttpResponse<String> plain = get("/plaintext");
        assertEquals(200, plain.statusCode());
        assertEquals("Hello, World!", plain.body());
        assertTrue(plain.headers().firstValue("content-type").orElse("").startsWith("text/plain"));

        final HttpResponse<String> greeting = get("/json/zero-io");
        assertEquals(200, greeting.statusCode());
        assertEquals("application/json", greeting.headers().firstValue("content-type").orElse(""));
        final JsonNode g = json.readTree(greeting.body());
        assertEquals("Hello, zero-io", g.get("message").asText());
        assertEquals(7, g.get("length").asInt());

        final HttpResponse<String> echoed = client.send(HttpRequest.newBuilder(uri("/echo"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"slot\",\"count\":41}")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, echoed.statusCode());
        final JsonNode e = json.readTree(echoed.body());
        assertEquals("SLOT", e.get("name").asText());
        assertEquals(42, e.get("count").asInt());
    }

    @Test
    void streamedChunkedResponse() throws Exception {
        // raw socket: checks the wire carries chunked transfer coding, then that the body reassembles
        try (Socket s = new Socket("127.0.0.1", binding.port())) {
            s.setSoTimeout(10_000);
            final OutputStream out = s.getOutputStream();
            out.write("GET /stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            final InputStream in = s.getInputStream();
            final String raw = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(raw.startsWith("HTTP/1.1 200 OK\r\n"), raw);
            assertTrue(raw.toLowerCase().contains("transfer-encoding: chunked\r\n"), raw);
            assertTrue(raw.endsWith("0\r\n\r\n"), "last chunk missing");
        }
        final HttpResponse<String> r = get("/stream");
        assertEquals(200, r.statusCode());
        final StringBuilder expected = new StringBuilder();
        for (int i = 1; i <= PekkoRoutes.CHUNKS; i++) {
            expected.append(PekkoRoutes.chunk(i));
        }
        assertEquals(expected.toString(), r.body());
    }

    @Test
    void keepAliveServesManyRequestsOnOneConnectionAnd404FromTheRoute() throws Exception {
        try (Socket s = new Socket("127.0.0.1", binding.port())) {
            s.setSoTimeout(10_000);
            final OutputStream out = s.getOutputStream();
            final InputStream in = s.getInputStream();
            for (int i = 0; i < 20; i++) {
                final String path = i % 5 == 4 ? "/nope" : "/plaintext";
                out.write(("GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                final String head = readHead(in);
                final int len = contentLength(head);
                final String body = new String(in.readNBytes(len), StandardCharsets.UTF_8);
                if (path.equals("/nope")) {
                    assertTrue(head.startsWith("HTTP/1.1 404 Not Found"), head);
                    assertEquals("The requested resource could not be found.", body);
                } else {
                    assertTrue(head.startsWith("HTTP/1.1 200 OK"), head);
                    assertEquals("Hello, World!", body);
                }
            }
            assertTrue(ZeroIo.get(system).openConnections() >= 1, "the connection is not a zero-io one");
            // pipelined: three requests in one write, answers in order
            out.write(("GET /json/a HTTP/1.1\r\nHost: x\r\n\r\nGET /json/bb HTTP/1.1\r\nHost: x\r\n\r\n"
                + "GET /json/ccc HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (int n = 1; n <= 3; n++) {
                final String head = readHead(in);
                final JsonNode g = json.readTree(in.readNBytes(contentLength(head)));
                assertEquals(n, g.get("length").asInt());
            }
        }
        // the HTTP client reuses its connection too
        for (int i = 0; i < 10; i++) {
            assertEquals(404, get("/missing/" + i).statusCode());
            assertEquals(200, get("/plaintext").statusCode());
        }
    }

    @Test
    void curlKeepAliveAndChunkedUpload() throws Exception {
        if (!new java.io.File("/usr/bin/curl").canExecute()) {
            // curl (apt) not installed: skip, except under CI where .ci/run installs it
            org.junit.jupiter.api.Assumptions.assumeTrue("true".equals(System.getenv("CI")), "curl not installed");
            throw new AssertionError("curl not installed (CI=true)");
        }
        final String base = "http://127.0.0.1:" + binding.port();
        final Process p = new ProcessBuilder("curl", "-sS", "--max-time", "10", "-v",
            base + "/plaintext", base + "/json/curl", base + "/stream")
            .redirectErrorStream(false).start();
        final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        final String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(15, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), err);
        assertTrue(out.startsWith("Hello, World!{"), out);
        final String greeting = out.substring("Hello, World!".length(), out.indexOf('}') + 1);
        assertEquals("Hello, curl", json.readTree(greeting).get("message").asText());
        assertTrue(out.substring(out.indexOf('}') + 1).startsWith("line 1\n"), out);
        assertTrue(out.endsWith("line " + PekkoRoutes.CHUNKS + "\n"), out);
        assertTrue(err.contains("Re-using existing connection") || err.contains("Reusing existing connection"),
            "curl did not keep the connection alive:\n" + err);

        final Process up = new ProcessBuilder("curl", "-sS", "--max-time", "10", "-H", "Transfer-Encoding: chunked",
            "-H", "Content-Type: application/json", "--data-binary", "{\"name\":\"up\",\"count\":1}", base + "/echo").start();
        final String echoed = new String(up.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(up.waitFor(15, TimeUnit.SECONDS));
        assertEquals("UP", json.readTree(echoed).get("name").asText());
    }

    @Test
    void malformedRequestsGetPekkoHttpsAnswerAndClientsVanishingLeakNothing() throws Exception {
        final String[] bad = {
            "GET /a b c HTTP/1.1\r\nHost: x\r\n\r\n",
            "GET / HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n",
            "GET /plaintext HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
            "GET /plaintext HTTP/9.9\r\nHost: x\r\n\r\n",
            "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
        };
        for (String request : bad) {
            try (Socket s = new Socket("127.0.0.1", binding.port())) {
                s.setSoTimeout(10_000);
                s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                final byte[] got = new byte[4096];
                int n = 0;
                try {
                    for (int r; (r = s.getInputStream().read(got, n, got.length - n)) > 0; ) {
                        n += r;
                    }
                } catch (java.net.SocketTimeoutException e) {
                    throw new AssertionError("no close after " + request.replace("\r\n", "|") + " -> "
                        + new String(got, 0, n, StandardCharsets.ISO_8859_1), e);
                }
                final String answer = new String(got, 0, n, StandardCharsets.ISO_8859_1);
                // Pekko HTTP's own refusal (4xx/5xx), then the close (readAllBytes returned: EOF)
                assertTrue(answer.matches("(?s)HTTP/1\\.1 [45]\\d\\d .*"), request + " -> " + answer);
                assertTrue(answer.toLowerCase().contains("connection: close"), answer);
            }
        }
        // clients that leave mid-request and mid-response: RST with a half-sent request, and a
        // connection closed while the streamed response is being written
        for (int i = 0; i < 5; i++) {
            try (Socket s = new Socket("127.0.0.1", binding.port())) {
                s.setSoLinger(true, 0);
                s.getOutputStream().write("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n{\"na"
                    .getBytes(StandardCharsets.US_ASCII));
            }
            try (Socket s = new Socket("127.0.0.1", binding.port())) {
                s.setSoLinger(true, 0);
                s.getOutputStream().write("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                s.getInputStream().read(new byte[64]);
            }
        }
        // still serving
        assertEquals("Hello, World!", get("/plaintext").body());
    }

    @Test
    void terminateUnbindsThenClosesKeptAliveConnectionsAtTheDeadline() throws Exception {
        try (Socket s = new Socket("127.0.0.1", binding.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write("GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            final String head = readHead(s.getInputStream());
            assertEquals("Hello, World!", new String(s.getInputStream().readNBytes(contentLength(head)), StandardCharsets.UTF_8));
            assertEquals(1, binding.openConnections());
            final long t0 = System.nanoTime();
            binding.terminate(Duration.ofMillis(500)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            final long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertTrue(tookMs >= 400, "closed before the deadline: " + tookMs + " ms");
            assertEquals(-1, s.getInputStream().read(), "the kept-alive connection was not closed");
            assertEquals(0, binding.openConnections());
            assertTrue(binding.whenTerminated().toCompletableFuture().isDone());
        }
        final java.net.ConnectException refused = org.junit.jupiter.api.Assertions.assertThrows(
            java.net.ConnectException.class, () -> new Socket("127.0.0.1", binding.port()).close());
        assertTrue(refused.getMessage() != null);
    }

    static String readHead(InputStream in) throws java.io.IOException {
        final StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            sb.append((char) c);
            if (sb.length() >= 4 && sb.substring(sb.length() - 4).equals("\r\n\r\n")) {
                return sb.toString();
            }
        }
        throw new java.io.EOFException("connection closed in the response head: " + sb);
    }

    static int contentLength(String head) {
        for (String line : head.split("\r\n")) {
            if (line.regionMatches(true, 0, "content-length:", 0, 15)) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        throw new AssertionError("no Content-Length in " + head);
    }
}

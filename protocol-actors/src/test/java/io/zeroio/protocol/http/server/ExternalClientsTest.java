package io.zeroio.protocol.http.server;

import static io.zeroio.protocol.http.HttpTestSupport.awaitNoConnections;
import static io.zeroio.protocol.http.HttpTestSupport.awaitPoolsFull;
import static io.zeroio.protocol.http.HttpTestSupport.requireTool;
import static io.zeroio.protocol.http.HttpTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.zeroio.protocol.http.HttpTestSupport;
import io.zeroio.protocol.http.HttpTestSupport.ProcessOutput;
import io.zeroio.protocol.http.limits.HttpServerConfig;
import io.zeroio.runtime.shard.BackendKind;

/**
 * Real clients against the inline server: curl (keep-alive, chunked upload, HEAD, 100-continue),
 * and short bounded load runs of wrk and {@code h2load --h1} (2 s / 20 000 requests) that must
 * complete requests with no errors and only 2xx. The tools come from apt (curl, wrk,
 * nghttp2-client); without them the tests skip, except under CI=true where they fail.
 */
@Timeout(120)
class ExternalClientsTest {
    private HttpServer server;
    private String base;

    @TempDir
    Path tmp;

    @BeforeEach
    void start() throws Exception {
        final BackendKind backend = HttpTestSupport.backends().findFirst().orElseThrow();
        server = HttpTestSupport.start(backend, HttpServerConfig.builder().maxBodyBytes(1 << 20).build(), new Router()
            .get("/plaintext", (req, res) -> res.ok("Hello, World!"))
            .get("/json", (req, res) -> res.json("{\"message\":\"Hello, World!\"}"))
            .post("/echo", (req, res) -> res.bytes(200, "application/octet-stream", req.body(), 0, req.bodyLength())));
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() throws Exception {
        awaitNoConnections(server);
        awaitPoolsFull(server);
        assertEquals(0, server.stats().sendFailures());
        server.close();
    }

    @Test
    void curlReusesTheConnection() throws Exception {
        requireTool("curl", "curl");
        final ProcessOutput out = run(30, "curl", "-sv", base + "/plaintext", base + "/json");
        assertEquals(0, out.exitCode(), out.output());
        assertTrue(out.output().contains("Hello, World!") && out.output().contains("{\"message\":\"Hello, World!\"}"),
            out.output());
        assertTrue(out.output().contains("Re-using existing connection"), "curl opened a second connection:\n" + out.output());
    }

    @Test
    void curlChunkedUploadIsEchoed() throws Exception {
        requireTool("curl", "curl");
        final byte[] payload = new byte[300_000];
        new Random(11).nextBytes(payload);
        final Path in = Files.write(tmp.resolve("in.bin"), payload);
        final Path echoed = tmp.resolve("out.bin");
        final ProcessOutput out = run(30, "curl", "-sS", "-H", "Transfer-Encoding: chunked", "--data-binary", "@" + in,
            "-o", echoed.toString(), "-w", "%{http_code}", base + "/echo");
        assertEquals("200", out.output().trim(), out.output());
        assertArrayEquals(payload, Files.readAllBytes(echoed));
        assertTrue(server.stats().straddles() >= 1, "a 300 kB body spans receives");
    }

    @Test
    void curlHead() throws Exception {
        requireTool("curl", "curl");
        final ProcessOutput out = run(30, "curl", "-sS", "-I", base + "/plaintext");
        assertEquals(0, out.exitCode(), out.output());
        assertTrue(out.output().startsWith("HTTP/1.1 200 OK"), out.output());
        assertTrue(out.output().contains("Content-Length: 13"), out.output());
        assertFalse(out.output().contains("Hello"), out.output());
    }

    @Test
    void curlExpectContinue() throws Exception {
        requireTool("curl", "curl");
        final Path in = Files.writeString(tmp.resolve("small.txt"), "continue me");
        final ProcessOutput out = run(30, "curl", "-sv", "-H", "Expect: 100-continue", "--data-binary", "@" + in,
            base + "/echo");
        assertEquals(0, out.exitCode(), out.output());
        assertTrue(out.output().contains("< HTTP/1.1 100 Continue"), out.output());
        assertTrue(out.output().contains("< HTTP/1.1 200 OK"), out.output());
        assertTrue(out.output().endsWith("continue me") || out.output().contains("continue me"), out.output());
        assertEquals(1, server.stats().continues());
    }

    @Test
    void wrkSmoke() throws Exception {
        requireTool("wrk", "wrk");
        final ProcessOutput out = run(30, "wrk", "-t1", "-c16", "-d2s", base + "/plaintext");
        assertEquals(0, out.exitCode(), out.output());
        final Matcher m = Pattern.compile("(\\d+) requests in").matcher(out.output());
        assertTrue(m.find(), out.output());
        assertTrue(Long.parseLong(m.group(1)) > 1000, out.output());
        assertFalse(out.output().contains("Non-2xx"), out.output());
        assertFalse(out.output().contains("Socket errors"), out.output());
        System.out.println("wrk plaintext (1 thread, 16 connections, 2 s):\n" + out.output());
    }

    @Test
    void h2loadHttp1Smoke() throws Exception {
        requireTool("h2load", "nghttp2-client");
        final ProcessOutput out = run(30, "h2load", "--h1", "-n", "20000", "-c", "16", "-m", "8", base + "/json");
        assertEquals(0, out.exitCode(), out.output());
        assertTrue(out.output().contains("20000 succeeded, 0 failed, 0 errored, 0 timeout"), out.output());
        assertTrue(out.output().contains("status codes: 20000 2xx"), out.output());
        System.out.println("h2load --h1 json (16 connections, 8 pipelined):\n" + out.output());
    }
}

package io.zeroio.protocol.http.server;

import static io.zeroio.protocol.http.HttpTestSupport.awaitNoConnections;
import static io.zeroio.protocol.http.HttpTestSupport.awaitPoolsFull;
import static io.zeroio.protocol.http.HttpTestSupport.connect;
import static io.zeroio.protocol.http.HttpTestSupport.read;
import static io.zeroio.protocol.http.HttpTestSupport.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.zeroio.protocol.http.HttpTestSupport;
import io.zeroio.protocol.http.HttpTestSupport.Response;
import io.zeroio.protocol.http.limits.HttpServerConfig;
import io.zeroio.protocol.http.parse.HttpMethod;
import io.zeroio.protocol.http.response.ZeroHttpReply;
import io.zeroio.runtime.shard.BackendKind;

/** Streamed request bodies: 20 MB uploads (Content-Length and chunked) hashed as they arrive, no slot left behind. */
class BodyStreamTest {
    private static final int SIZE = 20 * 1024 * 1024;
    private static ExecutorService workers;
    private static byte[] data;
    private static String digest;

    @TempDir
    static Path dir;

    @BeforeAll
    static void setUp() throws Exception {
        workers = Executors.newFixedThreadPool(4);
        data = new byte[SIZE];
        new Random(42).nextBytes(data);
        digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    @AfterAll
    static void tearDown() {
        workers.shutdownNow();
    }

    static java.util.stream.Stream<BackendKind> backends() {
        return HttpTestSupport.backends();
    }

    /** /upload hashes the body on a worker (slowly now and then: back-pressure), answers the hex SHA-256 and the size. */
    private static Router router() {
        return new Router()
            .stream(HttpMethod.POST, "/upload", (head, res, body) -> {
                final HttpExchange ex = HttpExchange.defer(res);
                workers.execute(() -> {
                    try {
                        final MessageDigest md = MessageDigest.getInstance("SHA-256");
                        final byte[] buf = new byte[64 * 1024];
                        long n = 0;
                        int chunks = 0;
                        for (BodyStream.Chunk c; (c = body.take(5, TimeUnit.SECONDS)) != null; ) {
                            c.getBytes(buf, 0);
                            md.update(buf, 0, c.length());
                            n += c.length();
                            c.release();
                            if (++chunks % 500 == 0) {
                                Thread.sleep(1); // a slow consumer now and then
                            }
                        }
                        ex.reply(body.isComplete()
                            ? ZeroHttpReply.ok(HexFormat.of().formatHex(md.digest()) + " " + n)
                            : ZeroHttpReply.status(400));
                    } catch (Exception e) {
                        ex.fail(e);
                    }
                });
            })
            .stream(HttpMethod.POST, "/reject", (head, res, body) -> res.text(403, "no")) // answered inline, body dropped
            .get("/plaintext", (req, res) -> res.ok("Hello, World!"));
    }

    private static HttpServer start(BackendKind backend) throws Exception {
        return HttpTestSupport.start(backend, HttpServerConfig.builder().maxBodyBytes(64 * 1024).build(), router());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void curlUploads20MbWithContentLengthAndChunked(BackendKind backend) throws Exception {
        HttpTestSupport.requireTool("curl", "curl");
        final Path file = dir.resolve("upload-" + backend + ".bin");
        Files.write(file, data);
        try (HttpServer server = start(backend)) {
            final String url = "http://127.0.0.1:" + server.port() + "/upload";
            final HttpTestSupport.ProcessOutput cl = HttpTestSupport.run(60, "curl", "-s", "--http1.1",
                "--data-binary", "@" + file, url);
            assertEquals(0, cl.exitCode(), cl.output());
            assertEquals(digest + " " + SIZE, cl.output(), "Content-Length upload hashed as it streamed");
            final HttpTestSupport.ProcessOutput chunked = HttpTestSupport.run(60, "curl", "-s", "--http1.1",
                "-H", "Transfer-Encoding: chunked", "--data-binary", "@" + file, url);
            assertEquals(0, chunked.exitCode(), chunked.output());
            assertEquals(digest + " " + SIZE, chunked.output(), "chunked upload hashed as it streamed");
            final HttpShardHandler h = server.handlers().get(0);
            assertEquals(2L, (long) server.runners().get(0).call(io -> h.streamedBodies()));
            awaitNoConnections(server);
            awaitPoolsFull(server);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void smallBodiesStreamTooAndPipeliningGoesOn(BackendKind backend) throws Exception {
        try (HttpServer server = start(backend); Socket s = connect(server)) {
            send(s, "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"
                + "POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\nT: v\r\n\r\n"
                + "POST /reject HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\n\r\nnope"
                + "GET /plaintext HTTP/1.1\r\nHost: x\r\n\r\n");
            final var in = s.getInputStream();
            assertEquals(sha("hello") + " 5", read(in, false).text());
            assertEquals(sha("abcde") + " 5", read(in, false).text());
            final Response rejected = read(in, false);
            assertEquals(403, rejected.status());
            assertEquals("Hello, World!", read(in, false).text(), "the rejected body was dropped, the connection goes on");
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void brokenBodiesReturnEverySlot(BackendKind backend) throws Exception {
        try (HttpServer server = start(backend)) {
            // a malformed chunk after 1 MB of good ones: 400 + close
            try (Socket s = connect(server)) {
                final OutputStream out = s.getOutputStream();
                out.write("POST /upload HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes());
                for (int k = 0; k < 64; k++) {
                    out.write("4000\r\n".getBytes());
                    out.write(data, k * 16384, 16384);
                    out.write("\r\n".getBytes());
                }
                out.write("zz\r\n".getBytes());
                final Response r = read(s.getInputStream(), false);
                assertEquals(400, r.status());
                assertTrue(HttpTestSupport.closedByServer(s));
            }
            // the client goes away after half of a 2 MB body
            try (Socket s = connect(server)) {
                final OutputStream out = s.getOutputStream();
                out.write("POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 2097152\r\n\r\n".getBytes());
                out.write(data, 0, 1 << 20);
                out.flush();
                Thread.sleep(100);
                s.setSoLinger(true, 0);
            }
            // a body larger than max-stream-body is refused at the head
            try (Socket s = connect(server)) {
                send(s, "POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999\r\n\r\n");
                assertEquals(413, read(s.getInputStream(), false).status());
            }
            awaitNoConnections(server);
            awaitPoolsFull(server);
        }
    }

    private static String sha(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes()));
    }
}

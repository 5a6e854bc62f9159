package io.zeroio.protocol.http.middleware;

import static io.zeroio.protocol.http.HttpTestSupport.awaitNoConnections;
import static io.zeroio.protocol.http.HttpTestSupport.awaitPoolsFull;
import static io.zeroio.protocol.http.HttpTestSupport.connect;
import static io.zeroio.protocol.http.HttpTestSupport.read;
import static io.zeroio.protocol.http.HttpTestSupport.send;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import java.util.zip.Inflater;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.zeroio.protocol.http.HttpTestSupport;
import io.zeroio.protocol.http.HttpTestSupport.Response;
import io.zeroio.protocol.http.limits.HttpServerConfig;
import io.zeroio.protocol.http.parse.HttpMethod;
import io.zeroio.protocol.http.server.HttpServer;
import io.zeroio.protocol.http.server.Router;

/**
 * {@link ZeroCompressionLayer} over a socket: gzip and deflate verified by the JDK's
 * {@link GZIPInputStream} / {@link Inflater} and by {@code curl --compressed}; Accept-Encoding
 * negotiation; everything that must stay plain.
 */
@Timeout(60)
class CompressionMiddlewareTest {
    static final String TEXT = "zero-io compresses this line once, into the TX slot. ".repeat(80); // 4 240 B
    static final byte[] JSON = ("{\"items\":[" + "{\"id\":1,\"name\":\"zero\"},".repeat(100) + "{}]}").getBytes(StandardCharsets.US_ASCII);
    static final byte[] RANDOM = new byte[4096];

    /** 50 000 random hex digits: compresses to about half, more than one 16 KiB TX slot. */
    static final String HEX;
    /** Above max-body (64 KiB): sent plain. */
    static final String HUGE = "all work and no play. ".repeat(4000);

    static {
        final Random random = new Random(7);
        random.nextBytes(RANDOM);
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            b.append("0123456789abcdef".charAt(random.nextInt(16)));
        }
        HEX = b.toString();
    }

    private HttpServer server;
    private Socket socket;
    private ZeroCompressionLayer compression;

    @BeforeEach
    void start() throws Exception {
        compression = ZeroCompressionLayer.builder().threshold(1024).build();
        final Router router = new Router()
            .get("/text", (req, res) -> res.ok(TEXT))
            .get("/small", (req, res) -> res.ok("tiny"))
            .get("/hex", (req, res) -> res.ok(HEX))
            .get("/huge", (req, res) -> res.ok(HUGE))
            .get("/json", (req, res) -> res.json(JSON))
            .get("/binary", (req, res) -> res.bytes(200, "application/octet-stream", TEXT.getBytes(StandardCharsets.US_ASCII)))
            .get("/typed", (req, res) -> res.bytes(200, "Text/HTML; charset=utf-8", TEXT.getBytes(StandardCharsets.US_ASCII)))
            .get("/encoded", (req, res) -> res.status(200).contentType("text/plain").header("Content-Encoding", "br").body(TEXT))
            .get("/random", (req, res) -> res.bytes(200, "text/plain", RANDOM))
            .get("/chunked", (req, res) -> res.status(200).contentType("text/plain").chunked().chunk(TEXT).chunk(TEXT).endChunked())
            .get("/nocontent", (req, res) -> res.send(204))
            .get("/partial", (req, res) -> res.status(206).contentType("text/plain").header("Content-Range", "bytes 0-4239/9999").body(TEXT))
            .get("/notmodified", (req, res) -> res.status(304).contentType("text/plain").end())
            .post("/echo", (req, res) -> res.bytes(200, "text/plain", req.body(), 0, req.bodyLength()));
        router.route(HttpMethod.PUT, "/echo", (req, res) -> res.bytes(200, "text/plain", req.body(), 0, req.bodyLength()));
        server = HttpTestSupport.start(HttpTestSupport.backends().findFirst().orElseThrow(), HttpServerConfig.defaults(),
            Middleware.chain(router, compression));
        socket = connect(server);
    }

    @AfterEach
    void stop() throws Exception {
        socket.close();
        awaitNoConnections(server);
        awaitPoolsFull(server);
        server.close();
    }

    private Response get(String path, String acceptEncoding) throws Exception {
        send(socket, "GET " + path + " HTTP/1.1\r\nHost: t\r\n"
            + (acceptEncoding == null ? "" : "Accept-Encoding: " + acceptEncoding + "\r\n") + "\r\n");
        return read(socket.getInputStream(), false);
    }

    static byte[] gunzip(byte[] body) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
            return in.readAllBytes();
        }
    }

    static byte[] inflate(byte[] body) throws Exception {
        final Inflater inflater = new Inflater(false); // zlib wrapper: HTTP's "deflate"
        inflater.setInput(body);
        final byte[] out = new byte[1 << 20];
        final int n = inflater.inflate(out);
        assertTrue(inflater.finished(), "a complete zlib stream");
        assertEquals(0, inflater.getRemaining(), "nothing after the zlib stream");
        inflater.end();
        return java.util.Arrays.copyOf(out, n);
    }

    @Test
    void gzipAndDeflateRoundTripThroughTheJdk() throws Exception {
        final Response gz = get("/text", "gzip");
        assertEquals(200, gz.status());
        assertEquals("gzip", gz.header("Content-Encoding"));
        assertEquals("Accept-Encoding", gz.header("Vary"));
        assertEquals(gz.body().length, Integer.parseInt(gz.header("Content-Length")));
        assertTrue(gz.body().length < TEXT.length() / 4, "compressed: " + gz.body().length);
        assertEquals(TEXT, new String(gunzip(gz.body()), StandardCharsets.US_ASCII));

        final Response zlib = get("/text", "deflate");
        assertEquals("deflate", zlib.header("Content-Encoding"));
        assertEquals(TEXT, new String(inflate(zlib.body()), StandardCharsets.US_ASCII));

        final Response json = get("/json", "gzip, deflate, br");
        assertEquals("gzip", json.header("Content-Encoding"));
        assertArrayEquals(JSON, gunzip(json.body()));

        final Response typed = get("/typed", "gzip");
        assertEquals("gzip", typed.header("Content-Encoding"), "text/* with parameters and upper case");
        // a body from native memory (the request's receive slot) is compressed too
        send(socket, "POST /echo HTTP/1.1\r\nHost: t\r\nAccept-Encoding: deflate\r\nContent-Length: " + TEXT.length()
            + "\r\n\r\n" + TEXT);
        final Response echo = read(socket.getInputStream(), false);
        assertEquals("deflate", echo.header("Content-Encoding"));
        assertEquals(TEXT, new String(inflate(echo.body()), StandardCharsets.US_ASCII));
        // the same stream again: the per-shard deflaters are reset between responses
        assertEquals(TEXT, new String(gunzip(get("/text", "gzip").body()), StandardCharsets.US_ASCII));
        assertEquals(6, compression.compressedResponses());
        assertTrue(compression.bytesAfter() * 4 < compression.bytesBefore());
    }

    @ParameterizedTest(name = "Accept-Encoding: {0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "gzip|gzip", "deflate|deflate", "GZIP|gzip", "x-gzip|gzip", "gzip, deflate|gzip", "deflate, gzip|gzip",
        "gzip;q=0.5, deflate;q=0.8|deflate", "gzip; q=0.9 ,deflate;q=0.3|gzip", "*|gzip", "*;q=0.2|gzip",
        "gzip;q=0, *|deflate", "gzip;q=0, deflate;q=0|identity", "identity|identity", "br|identity",
        "br, *;q=0|identity", "identity;q=1, gzip;q=0.5|identity", "gzip;q=1.000|gzip", "gzip;q=0.001|gzip",
        "gzip;q=2|identity", "gzip;q=0.1234|identity", "gzip;q=x, deflate|deflate", "'', gzip|gzip", ",,|identity"})
    void acceptEncodingNegotiation(String accept, String expected) throws Exception {
        final Response r = get("/text", accept);
        assertEquals(200, r.status());
        if (expected.equals("identity")) {
            assertNull(r.header("Content-Encoding"), r.head());
            assertEquals(TEXT, r.text());
        } else {
            assertEquals(expected, r.header("Content-Encoding"), r.head());
            final byte[] plain = expected.equals("gzip") ? gunzip(r.body()) : inflate(r.body());
            assertEquals(TEXT, new String(plain, StandardCharsets.US_ASCII));
        }
        assertEquals("Accept-Encoding", r.header("Vary"), "a compressible response varies by Accept-Encoding");
    }

    @Test
    void whatStaysPlain() throws Exception {
        final Response none = get("/text", null);
        assertNull(none.header("Content-Encoding"));
        assertEquals("Accept-Encoding", none.header("Vary"));
        assertEquals(TEXT, none.text());

        final Response small = get("/small", "gzip");
        assertNull(small.header("Content-Encoding"), "below the threshold");
        assertEquals("tiny", small.text());

        final Response binary = get("/binary", "gzip");
        assertNull(binary.header("Content-Encoding"), "type not on the allow-list");
        assertNull(binary.header("Vary"));
        assertEquals(TEXT, binary.text());

        final Response encoded = get("/encoded", "gzip");
        assertEquals("br", encoded.header("Content-Encoding"), "already encoded by the handler");
        assertEquals(TEXT, encoded.text());

        final Response random = get("/random", "gzip");
        assertNull(random.header("Content-Encoding"), "would not shrink");
        assertArrayEquals(RANDOM, random.body());

        final Response chunked = get("/chunked", "gzip");
        assertNull(chunked.header("Content-Encoding"), "chunked bodies are not compressed");
        assertEquals(TEXT + TEXT, chunked.text());

        assertEquals(204, get("/nocontent", "gzip").status());
        final Response partial = get("/partial", "gzip");
        assertEquals(206, partial.status());
        assertNull(partial.header("Content-Encoding"), "a range of the plain representation stays plain");
        assertEquals(TEXT, partial.text());
        final Response notModified = get("/notmodified", "gzip");
        assertEquals(304, notModified.status());
        assertNull(notModified.header("Content-Encoding"));

        send(socket, "HEAD /text HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\n\r\n");
        final Response head = read(socket.getInputStream(), true);
        assertNull(head.header("Content-Encoding"), "HEAD is never compressed");
        assertEquals(Integer.toString(TEXT.length()), head.header("Content-Length"));
        assertEquals(TEXT, get("/text", "identity").text(), "the connection is still in step after HEAD");
        assertEquals(0, compression.compressedResponses());
    }

    @Test
    void compressedBodiesSpanTxSlotsAndMaxBodyIsRespected() throws Exception {
        final Response hex = get("/hex", "gzip");
        assertEquals("gzip", hex.header("Content-Encoding"));
        assertTrue(hex.body().length > 16384 && hex.body().length < HEX.length() * 6 / 10, "size " + hex.body().length);
        assertEquals(HEX, new String(gunzip(hex.body()), StandardCharsets.US_ASCII));
        final Response huge = get("/huge", "gzip");
        assertNull(huge.header("Content-Encoding"), "above max-body");
        assertEquals("Accept-Encoding", huge.header("Vary"));
        assertEquals(HUGE, huge.text());
        // pipelined: three compressed responses leave in order on one connection
        send(socket, ("GET /text HTTP/1.1\r\nHost: t\r\nAccept-Encoding: gzip\r\n\r\n"
            + "GET /hex HTTP/1.1\r\nHost: t\r\nAccept-Encoding: deflate\r\n\r\n").repeat(3));
        for (int i = 0; i < 3; i++) {
            assertEquals(TEXT, new String(gunzip(read(socket.getInputStream(), false).body()), StandardCharsets.US_ASCII));
            assertEquals(HEX, new String(inflate(read(socket.getInputStream(), false).body()), StandardCharsets.US_ASCII));
        }
        assertEquals(7, compression.compressedResponses());
    }

    @Test
    void oneLayerServesSeveralShards() throws Exception {
        final ZeroCompressionLayer shared = ZeroCompressionLayer.defaults();
        try (HttpServer two = HttpServer.start(new java.net.InetSocketAddress("127.0.0.1", 0), 2, HttpServerConfig.defaults(),
            HttpTestSupport.backends().findFirst().orElseThrow(),
            Middleware.chain(new Router().get("/text", (req, res) -> res.ok(TEXT)), shared))) {
            final List<Socket> sockets = new java.util.ArrayList<>();
            try {
                for (int i = 0; i < 12; i++) {
                    sockets.add(connect(two)); // SO_REUSEPORT spreads them over both shards
                }
                for (int round = 0; round < 3; round++) {
                    for (Socket s : sockets) {
                        send(s, "GET /text HTTP/1.1\r\nHost: t\r\nAccept-Encoding: " + (round == 1 ? "deflate" : "gzip") + "\r\n\r\n");
                    }
                    for (Socket s : sockets) {
                        final Response r = read(s.getInputStream(), false);
                        final byte[] plain = round == 1 ? inflate(r.body()) : gunzip(r.body());
                        assertEquals(TEXT, new String(plain, StandardCharsets.US_ASCII));
                    }
                }
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
            assertEquals(36, shared.compressedResponses());
            awaitNoConnections(two);
            awaitPoolsFull(two);
        }
    }

    @Test
    void curlCompressed(@TempDir Path dir) throws Exception {
        HttpTestSupport.requireTool("curl", "curl");
        final String url = "http://127.0.0.1:" + server.port();
        final Path headers = dir.resolve("h");
        final Path body = dir.resolve("b");
        final HttpTestSupport.ProcessOutput out = HttpTestSupport.run(20, "curl", "-sS", "--compressed", "-D", headers.toString(),
            "-o", body.toString(), url + "/text", "-o", dir.resolve("j").toString(), url + "/json");
        assertEquals(0, out.exitCode(), out.output());
        assertTrue(Files.readString(headers).toLowerCase().contains("content-encoding: gzip"), Files.readString(headers));
        assertEquals(TEXT, Files.readString(body));
        assertArrayEquals(JSON, Files.readAllBytes(dir.resolve("j")));
        // curl asking for deflate only
        final HttpTestSupport.ProcessOutput deflate = HttpTestSupport.run(20, "curl", "-sS", "-H", "Accept-Encoding: deflate",
            "--compressed", "-D", "-", url + "/text");
        assertEquals(0, deflate.exitCode(), deflate.output());
        assertTrue(deflate.output().toLowerCase().contains("content-encoding: deflate"), deflate.output());
        assertTrue(deflate.output().endsWith(TEXT), "curl inflated the body");
        assertEquals(3, compression.compressedResponses());
    }

    @Test
    void invalidSettingsNameTheirKey() {
        MiddlewareConfigException e = assertThrows(MiddlewareConfigException.class,
            () -> ZeroCompressionLayer.builder().level(12).build());
        assertEquals("zero-io.http.middleware.compression.level", e.key());
        assertEquals("zero-io.http.middleware.compression.level: must be in 1..9, was 12", e.getMessage());
        e = assertThrows(MiddlewareConfigException.class, () -> ZeroCompressionLayer.builder().encodings(List.of("br")).build());
        assertEquals("zero-io.http.middleware.compression.encodings", e.key());
        e = assertThrows(MiddlewareConfigException.class, () -> ZeroCompressionLayer.builder().contentTypes(List.of("text")).build());
        assertEquals("zero-io.http.middleware.compression.content-types", e.key());
        e = assertThrows(MiddlewareConfigException.class, () -> ZeroCompressionLayer.builder().threshold(-1).build());
        assertEquals("zero-io.http.middleware.compression.threshold", e.key());
    }
}

package io.zeroio.protocol.http.middleware;

import static io.zeroio.protocol.http.HttpTestSupport.awaitNoConnections;
import static io.zeroio.protocol.http.HttpTestSupport.awaitPoolsFull;
import static io.zeroio.protocol.http.HttpTestSupport.connect;
import static io.zeroio.protocol.http.HttpTestSupport.read;
import static io.zeroio.protocol.http.HttpTestSupport.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import io.zeroio.protocol.http.HttpTestSupport;
import io.zeroio.protocol.http.HttpTestSupport.Response;
import io.zeroio.protocol.http.limits.HttpServerConfig;
import io.zeroio.protocol.http.server.HttpServer;
import io.zeroio.protocol.http.server.Router;

/** CORS, bearer/basic authentication and request ids, composed on the inline path, over a socket. */
@Timeout(60)
class MiddlewareTest {
    private HttpServer server;
    private Socket socket;

    @BeforeEach
    void start() throws Exception {
        final RequestId ids = new RequestId("shard0");
        final Cors cors = new Cors(List.of("https://app.example"), "GET, POST", "Authorization, Content-Type", 600);
        final Router router = new Router()
            .get("/public", Middleware.chain((req, res) -> res.ok("public " + ids.current()), ids, cors))
            .get("/private", Middleware.chain((req, res) -> res.ok("secret"), ids, cors,
                BearerAuth.bearer(List.of("t0k3n", "other"), "api")))
            .get("/basic", Middleware.chain((req, res) -> res.ok("basic ok"), BearerAuth.basic("ann", "pa:ss", "site")));
        router.route(io.zeroio.protocol.http.parse.HttpMethod.OPTIONS, "/private", Middleware.chain(
            (req, res) -> res.send(405), ids, cors));
        server = HttpTestSupport.start(HttpTestSupport.backends().findFirst().orElseThrow(), HttpServerConfig.defaults(),
            router);
        socket = connect(server);
    }

    @AfterEach
    void stop() throws Exception {
        socket.close();
        awaitNoConnections(server);
        awaitPoolsFull(server);
        server.close();
    }

    private Response get(String path, String headers) throws Exception {
        send(socket, "GET " + path + " HTTP/1.1\r\nHost: t\r\n" + headers + "\r\n");
        return read(socket.getInputStream(), false);
    }

    @Test
    void corsPreflightSimpleAndForeignOrigins() throws Exception {
        send(socket, "OPTIONS /private HTTP/1.1\r\nHost: t\r\nOrigin: https://app.example\r\n"
            + "Access-Control-Request-Method: GET\r\n\r\n");
        final Response preflight = read(socket.getInputStream(), false);
        assertEquals(204, preflight.status());
        assertEquals("https://app.example", preflight.header("Access-Control-Allow-Origin"));
        assertEquals("GET, POST", preflight.header("Access-Control-Allow-Methods"));
        assertEquals("600", preflight.header("Access-Control-Max-Age"));
        final Response simple = get("/public", "Origin: https://app.example\r\n");
        assertEquals("https://app.example", simple.header("Access-Control-Allow-Origin"));
        assertEquals("Origin", simple.header("Vary"));
        final Response foreign = get("/public", "Origin: https://evil.example\r\n");
        assertEquals(200, foreign.status());
        assertNull(foreign.header("Access-Control-Allow-Origin"));
    }

    @Test
    void bearerAndBasicAuthentication() throws Exception {
        final Response missing = get("/private", "");
        assertEquals(401, missing.status());
        assertEquals("Bearer realm=\"api\"", missing.header("WWW-Authenticate"));
        assertEquals(401, get("/private", "Authorization: Bearer t0k3N\r\n").status());
        assertEquals(401, get("/private", "Authorization: Bearer t0k3n2\r\n").status());
        assertEquals("secret", get("/private", "Authorization: Bearer t0k3n\r\n").text());
        assertEquals("secret", get("/private", "Authorization: Bearer other\r\n").text());
        final String good = Base64.getEncoder().encodeToString("ann:pa:ss".getBytes());
        assertEquals("basic ok", get("/basic", "Authorization: Basic " + good + "\r\n").text());
        final Response bad = get("/basic", "Authorization: Basic " + Base64.getEncoder().encodeToString("ann:x".getBytes()) + "\r\n");
        assertEquals(401, bad.status());
        assertTrue(bad.header("WWW-Authenticate").startsWith("Basic realm=\"site\""));
    }

    @Test
    void requestIdsAreEchoedOrGenerated() throws Exception {
        final Response echoed = get("/public", "X-Request-Id: abc-123\r\n");
        assertEquals("abc-123", echoed.header("X-Request-Id"));
        assertEquals("public abc-123", echoed.text());
        final Response first = get("/public", "");
        final Response second = get("/public", "X-Request-Id: \r\n");
        assertTrue(first.header("X-Request-Id").startsWith("shard0-"), first.head());
        assertTrue(!first.header("X-Request-Id").equals(second.header("X-Request-Id")), "ids differ");
        assertEquals("public " + second.header("X-Request-Id"), second.text());
        final Response tooLong = get("/public", "X-Request-Id: " + "x".repeat(65) + "\r\n");
        assertTrue(tooLong.header("X-Request-Id").startsWith("shard0-"));
    }
}

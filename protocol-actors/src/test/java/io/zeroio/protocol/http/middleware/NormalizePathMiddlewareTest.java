package io.zeroio.protocol.http.middleware;

import static io.zeroio.protocol.http.HttpTestSupport.awaitNoConnections;
import static io.zeroio.protocol.http.HttpTestSupport.awaitPoolsFull;
import static io.zeroio.protocol.http.HttpTestSupport.connect;
import static io.zeroio.protocol.http.HttpTestSupport.read;
import static io.zeroio.protocol.http.HttpTestSupport.send;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.Socket;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import com.typesafe.config.ConfigFactory;

import io.zeroio.protocol.http.HttpTestSupport;
import io.zeroio.protocol.http.HttpTestSupport.Response;
import io.zeroio.protocol.http.limits.HttpServerConfig;
import io.zeroio.protocol.http.middleware.ZeroNormalizePathLayer.TrailingSlash;
import io.zeroio.protocol.http.server.HttpServer;
import io.zeroio.protocol.http.server.Router;

/** {@link ZeroNormalizePathLayer} in front of a {@link Router}, over a socket, in each trailing-slash mode. */
@Timeout(60)
class NormalizePathMiddlewareTest {
    private HttpServer server;
    private Socket socket;

    private void start(ZeroNormalizePathLayer layer) throws Exception {
        final Router router = new Router()
            .get("/api/users", (req, res) -> res.ok("users " + req.target()))
            .get("/api/users/", (req, res) -> res.ok("slash " + req.target()))
            .get("/", (req, res) -> res.ok("root"));
        server = HttpTestSupport.start(HttpTestSupport.backends().findFirst().orElseThrow(), HttpServerConfig.defaults(),
            Middleware.chain(router, layer));
        socket = connect(server);
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null) {
            socket.close();
            awaitNoConnections(server);
            awaitPoolsFull(server);
            server.close();
        }
    }

    private Response get(String target) throws Exception {
        send(socket, "GET " + target + " HTTP/1.1\r\nHost: t\r\n\r\n");
        return read(socket.getInputStream(), false);
    }

    @Test
    void theRouterMatchesTheNormalisedPath() throws Exception {
        start(ZeroNormalizePathLayer.defaults());
        assertEquals("users /api/users", get("/api/users").text());
        assertEquals("users /api/users", get("//api///users").text());
        assertEquals("users /api/users", get("/api/./v1/../users").text());
        assertEquals("users /api/users", get("/%61pi/%75sers").text());
        assertEquals("users /api/users?x=1&next=/../y", get("/api//x/../users?x=1&next=/../y").text());
        assertEquals("slash /api/users/", get("/api/users/.").text(), "keep: the trailing slash stays");
        assertEquals("root", get("/a/..").text());
        final Response escape = get("/api/../../etc/passwd");
        assertEquals(400, escape.status());
        assertEquals("path escapes the root", escape.text());
        assertEquals(400, get("/%2e%2e/x").status());
        assertEquals(404, get("/api%2Fusers").status(), "an encoded slash is not a separator");
        assertEquals("users /api/users", get("/api/users").text(), "the connection serves on after a 400");
    }

    @Test
    void curlPathAsIs() throws Exception {
        HttpTestSupport.requireTool("curl", "curl");
        start(ZeroNormalizePathLayer.defaults());
        final String base = "http://127.0.0.1:" + server.port();
        // --path-as-is: curl sends the dot segments instead of resolving them itself
        final HttpTestSupport.ProcessOutput ok = HttpTestSupport.run(20, "curl", "-sS", "--path-as-is",
            base + "/api/./x/../users", base + "//api//%75sers?a=b");
        assertEquals(0, ok.exitCode(), ok.output());
        assertEquals("users /api/usersusers /api/users?a=b", ok.output());
        final HttpTestSupport.ProcessOutput refused = HttpTestSupport.run(20, "curl", "-sS", "--path-as-is", "-o", "/dev/null",
            "-w", "%{http_code}", base + "/../../etc/passwd");
        assertEquals("400", refused.output());
    }

    @Test
    void trimServesWithoutTheSlash() throws Exception {
        start(ZeroNormalizePathLayer.builder().trailingSlash(TrailingSlash.TRIM).build());
        assertEquals("users /api/users", get("/api/users/").text());
        assertEquals("users /api/users?q", get("/api//users//?q").text());
        assertEquals("root", get("/").text());
    }

    @Test
    void redirectAnswers308WithTheNormalisedTarget() throws Exception {
        start(ZeroNormalizePathLayer.fromConfig(ConfigFactory.parseString(
            "zero-io.http.middleware.normalize-path.trailing-slash = redirect").withFallback(ConfigFactory.load())));
        final Response r = get("/api//./users/?page=2");
        assertEquals(308, r.status());
        assertEquals("/api/users?page=2", r.header("Location"));
        assertEquals("users /api/users?page=2", get(r.header("Location")).text());
        assertEquals("users /api/users", get("/api/./users").text(), "no trailing slash: no redirect");
    }

    @Test
    void configValuesAreChecked() {
        final ZeroNormalizePathLayer d = ZeroNormalizePathLayer.fromConfig(ConfigFactory.load());
        assertEquals(TrailingSlash.KEEP, d.trailingSlash());
        assertEquals(true, d.decodeUnreserved());
        final MiddlewareConfigException e = assertThrows(MiddlewareConfigException.class, () -> ZeroNormalizePathLayer.fromConfig(
            ConfigFactory.parseString("zero-io.http.middleware.normalize-path.trailing-slash = sideways")
                .withFallback(ConfigFactory.load())));
        assertEquals("zero-io.http.middleware.normalize-path.trailing-slash", e.key());
        assertEquals("zero-io.http.middleware.normalize-path.trailing-slash: must be one of keep | trim | redirect, was sideways",
            e.getMessage());
    }
}

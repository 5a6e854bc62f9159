package io.zeroio.protocol.http.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.zeroio.protocol.http.limits.HttpServerConfig;

/** In-place path normalisation on parsed requests, and the redaction of sensitive headers in dumps. */
class PathNormalizerTest {
    private final HttpServerConfig config = HttpServerConfig.defaults();
    private final HttpRequestParser parser = new HttpRequestParser(config);
    private final HttpRequest request = new HttpRequest(config.maxHeaders());

    private void parse(String target, String headers) {
        final byte[] bytes = ("GET " + target + " HTTP/1.1\r\nHost: h\r\n" + headers + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        request.wrap(new UnsafeBuffer(bytes), 0, bytes.length);
        assertEquals(bytes.length, parser.parse(request), target);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "/|/", "/a/b|/a/b", "//a///b//|/a/b/", "/a/./b/.|/a/b/", "/a/b/../c|/a/c", "/a/b/..|/a/", "/a/..|/",
        "/./|/", "/a/%62/%7e%2D%5F%2e|/a/b/~-_.", "/a/%2e%2E/b|/b", "/a%2fb|/a%2Fb", "/a%2Fb/%zz/%4|/a%2Fb/%zz/%4",
        "/%41%5a%30|/AZ0", "/a/.../b|/a/.../b", "/a/..b/.c|/a/..b/.c", "/a/b/c/../../d/./e/..|/a/d/"})
    void normalisesInPlace(String raw, String normal) {
        parse(raw, "");
        final int headLength = request.headLength();
        assertEquals(PathNormalizer.NORMAL, PathNormalizer.normalize(request, true, false));
        assertEquals(normal, request.path().toString());
        assertEquals(normal, request.target().toString());
        assertEquals(headLength, request.headLength(), "the header section does not move");
        assertTrue(request.header("Host").contentEquals("h"), "headers still read where they were");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {"//a//b/?x=1&y=/../|/a/b|x=1&y=/../", "/a/./?|/a|''", "/x/%7e/?q|/x/~|q"})
    void theQueryMovesBehindTheShorterPath(String raw, String path, String query) {
        parse(raw, "");
        assertEquals(PathNormalizer.TRIMMED_SLASH, PathNormalizer.normalize(request, true, true));
        assertEquals(path, request.path().toString());
        assertEquals(query, request.query().toString());
        assertTrue(request.hasQuery());
        assertEquals(path + "?" + query, request.target().toString());
    }

    @Test
    void trimmingNeverTouchesTheRootAndDecodingIsOptional() {
        parse("/", "");
        assertEquals(PathNormalizer.NORMAL, PathNormalizer.normalize(request, true, true));
        assertEquals("/", request.path().toString());
        parse("/a/%62/", "");
        assertEquals(PathNormalizer.TRIMMED_SLASH, PathNormalizer.normalize(request, false, true));
        assertEquals("/a/%62", request.path().toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"/..|/..", "/../etc/passwd|/../etc/passwd", "/a/../..|/a/../..", "/a/b/../../../c|/a/b/../../../c",
        "/%2e%2e/x?q|/../x", "//..//a|//..//a", "/%7e/../%2E.|/~/../.."})
    void climbingAboveTheRootIsRefusedWithOnlyTheDecodingApplied(String raw, String refused) {
        parse(raw, "");
        assertEquals(PathNormalizer.ESCAPES_ROOT, PathNormalizer.normalize(request, true, false));
        assertEquals(refused, request.path().toString());
    }

    @Test
    void absoluteFormAndAsteriskTargets() {
        parse("http://h/a//b/../c?z", "");
        PathNormalizer.normalize(request, true, false);
        assertEquals("/a/c", request.path().toString());
        assertEquals("http://h/a/c?z", request.target().toString());
        final byte[] bytes = "OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
        request.wrap(new UnsafeBuffer(bytes), 0, bytes.length);
        parser.parse(request);
        assertEquals(PathNormalizer.NORMAL, PathNormalizer.normalize(request, true, true));
        assertEquals("*", request.target().toString());
    }

    @Test
    void dumpsRedactSensitiveHeaders() {
        parse("/login", "Authorization: Bearer s3cret-token\r\nCookie: session=abc123\r\nX-Api-Key: k3y\r\nAccept: */*\r\n");
        final String plain = request.toString();
        assertFalse(plain.contains("s3cret-token") || plain.contains("abc123"), plain);
        assertTrue(plain.contains("Authorization: [redacted]") && plain.contains("Cookie: [redacted]"), plain);
        assertTrue(plain.contains("X-Api-Key: k3y") && plain.contains("Accept: */*"), plain);
        request.sensitiveHeaders(SensitiveHeaders.defaultsPlus(List.of("x-api-key")));
        final String marked = request.dump();
        assertFalse(marked.contains("k3y") || marked.contains("s3cret") || marked.contains("abc123"), marked);
        assertTrue(marked.startsWith("GET /login HTTP/1.1\n") && marked.contains("X-Api-Key: [redacted]\n"), marked);
        // a new request starts with the defaults again
        parse("/x", "X-Api-Key: k3y\r\n");
        assertTrue(request.toString().contains("k3y"));
    }
}

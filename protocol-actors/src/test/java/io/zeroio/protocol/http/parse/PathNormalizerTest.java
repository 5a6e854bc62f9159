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

    /** 50 000 random paths against a straightforward String-based reference (decode, split, stack). */
    @Test
    void agreesWithAReferenceOnRandomPaths() {
        final java.util.Random random = new java.util.Random(11);
        final String[] atoms = {"/", "/", ".", "..", "a", "b", "%2e", "%2E", "%41", "%2f", "%7e", "%", "%g1", "~", "-"};
        for (int n = 0; n < 50_000; n++) {
            final StringBuilder p = new StringBuilder("/");
            final int parts = random.nextInt(12);
            for (int i = 0; i < parts; i++) {
                p.append(atoms[random.nextInt(atoms.length)]);
            }
            final String raw = p.toString();
            final boolean trim = random.nextBoolean();
            parse(raw + "?q=" + n, "");
            final int result = PathNormalizer.normalize(request, true, trim);
            final String expected = reference(raw, trim);
            if (expected == null) {
                assertEquals(PathNormalizer.ESCAPES_ROOT, result, raw);
            } else {
                assertTrue(result != PathNormalizer.ESCAPES_ROOT, raw);
                assertEquals(expected, request.path().toString(), raw);
                assertEquals("q=" + n, request.query().toString(), raw);
            }
        }
    }

    /** RFC 3986 §6.2.2 the slow way: decode unreserved %XX (upper-case the rest), collapse '/', resolve dots; null = escapes. */
    private static String reference(String raw, boolean trim) {
        final StringBuilder d = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            final char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && Character.digit(raw.charAt(i + 1), 16) >= 0
                && Character.digit(raw.charAt(i + 2), 16) >= 0) {
                final char v = (char) Integer.parseInt(raw.substring(i + 1, i + 3), 16);
                if (Character.isLetterOrDigit(v) && v < 0x80 || "-._~".indexOf(v) >= 0) {
                    d.append(v);
                } else {
                    d.append('%').append(raw.substring(i + 1, i + 3).toUpperCase(java.util.Locale.ROOT));
                }
                i += 2;
            } else {
                d.append(c);
            }
        }
        final String decoded = d.toString();
        final java.util.ArrayDeque<String> stack = new java.util.ArrayDeque<>();
        final String[] segments = decoded.substring(1).split("/", -1);
        boolean trailing = false;
        for (String seg : segments) {
            trailing = false;
            if (seg.isEmpty()) {
                trailing = true;
                continue;
            }
            if (seg.equals(".")) {
                trailing = true;
            } else if (seg.equals("..")) {
                if (stack.isEmpty()) {
                    return null;
                }
                stack.removeLast();
                trailing = true;
            } else {
                stack.addLast(seg);
            }
        }
        String out = "/" + String.join("/", stack) + (trailing && !stack.isEmpty() ? "/" : "");
        if (trim && out.length() > 1 && out.endsWith("/")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }
}

package io.zeroio.protocol.http.parse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.zeroio.protocol.http.limits.HttpServerConfig;

/** The parser on its own: offsets, views, pipelining, chunked bodies, every refusal status. */
class HttpRequestParserTest {
    private final HttpServerConfig config = HttpServerConfig.builder().maxRequestLineBytes(64).maxHeaderBytes(256)
        .maxHeaders(8).maxBodyBytes(1000).build();
    private final HttpRequestParser parser = new HttpRequestParser(config);
    private final HttpRequest request = new HttpRequest(config.maxHeaders());

    private int parse(String raw) {
        final byte[] bytes = raw.getBytes(StandardCharsets.ISO_8859_1);
        request.wrap(new UnsafeBuffer(bytes), 0, bytes.length);
        return parser.parse(request);
    }

    @Test
    void parsesRequestLineHeadersAndViewsInPlace() {
        final String raw = "GET /a/b?x=1&y=2 HTTP/1.1\r\nHost: h\r\nX-Thing:   spaced value  \r\nAccept: */*\r\n\r\n";
        assertEquals(raw.length(), parse(raw));
        assertEquals(HttpMethod.GET, request.method());
        assertEquals(1, request.versionMinor());
        assertTrue(request.path().contentEquals("/a/b"));
        assertEquals("x=1&y=2", request.query().toString());
        assertEquals("/a/b?x=1&y=2", request.target().toString());
        assertEquals(3, request.headerCount());
        assertTrue(request.header("x-thing").contentEquals("spaced value"));
        assertTrue(request.header("HOST").contentEquals("h"));
        assertNull(request.header("missing"));
        assertTrue(request.isKeepAlive());
        assertEquals(0, request.bodyLength());
        // the view reads the request's own bytes: offset of the path inside the buffer
        assertEquals(4, request.path().offset());
    }

    @Test
    void contentLengthBodyAndPipelinedNext() {
        final String one = "POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello";
        final String two = "GET /q HTTP/1.1\r\nHost: h\r\n\r\n";
        final int n = parse(one + two);
        assertEquals(one.length(), n);
        assertEquals("hello", request.body().getStringWithoutLengthAscii(0, request.bodyLength()));
        final byte[] all = (one + two).getBytes(StandardCharsets.ISO_8859_1);
        request.wrap(new UnsafeBuffer(all), n, all.length - n);
        assertEquals(two.length(), parser.parse(request));
        assertTrue(request.path().contentEquals("/q"));
    }

    @Test
    void incompleteRequestsNeedMore() {
        final String full = "POST /p HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello";
        for (int cut = 0; cut < full.length(); cut++) {
            assertEquals(HttpRequestParser.NEED_MORE, parse(full.substring(0, cut)), "cut at " + cut);
        }
        parse(full.substring(0, full.length() - 2));
        assertTrue(request.isHeadComplete());
        assertEquals(5, request.contentLength());
    }

    @Test
    void chunkedBodyIsDecodedInPlace() {
        final String raw = "POST /c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;ext=1\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nTrailer: x\r\n\r\nNEXT";
        assertEquals(raw.length() - 4, parse(raw));
        assertTrue(request.isChunked());
        assertEquals("hello world", request.body().getStringWithoutLengthAscii(0, request.bodyLength()));
        for (int cut = 60; cut < raw.length() - 4; cut++) {
            assertEquals(HttpRequestParser.NEED_MORE, parse(raw.substring(0, cut)), "cut at " + cut);
        }
    }

    @Test
    void connectionSemantics() {
        parse("GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, close\r\n\r\n");
        assertFalse(request.isKeepAlive());
        parse("GET / HTTP/1.0\r\n\r\n");
        assertFalse(request.isKeepAlive());
        assertEquals(0, request.versionMinor());
        parse("GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n");
        assertTrue(request.isKeepAlive());
        parse("POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
        assertTrue(request.expectsContinue());
    }

    @Test
    void targetForms() {
        assertTrue(parse("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n") > 0);
        assertTrue(request.path().contentEquals("*"));
        assertTrue(parse("GET http://example.com:80/abs/path?q HTTP/1.1\r\nHost: example.com\r\n\r\n") > 0);
        assertTrue(request.path().contentEquals("/abs/path"));
        assertTrue(request.query().contentEquals("q"));
        assertTrue(parse("\r\nGET / HTTP/1.1\r\nHost: h\r\n\r\n") > 0, "one leading empty line is ignored (RFC 9112 §2.2)");
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "GET / HTTP/1.1\\r\\n\\r\\n|400",                                             // no Host
        "GET / HTTP/1.1\\r\\nHost: a\\r\\nHost: b\\r\\n\\r\\n|400",                    // two Hosts
        "GET  / HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n|400",                                // double space
        "GET / HTTP/1.1\\nHost: h\\n\\n|400",                                          // bare LF
        "GET / HTTP/1.1\\r\\nHost: h\\rX: y\\r\\n\\r\\n|400",                          // bare CR
        "GET / HTTP/1.1\\r\\nHost : h\\r\\n\\r\\n|400",                                // space before colon
        "GET / HTTP/1.1\\r\\nHost: h\\r\\n folded\\r\\n\\r\\n|400",                    // obs-fold
        "GET / HTTP/1.1\\r\\nHost: h\\r\\nX: a\\u0000b\\r\\n\\r\\n|400",               // NUL in value
        "GET / HTTP/1.1\\r\\nHost: h\\r\\nNoColon\\r\\n\\r\\n|400",                    // no colon
        "GET /\\u0001 HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n|400",                          // control in target
        "GET x HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n|400",                                 // not a path
        "GET * HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n|400",                                 // * needs OPTIONS
        "GET / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 1\\r\\nContent-Length: 1\\r\\n\\r\\nab|400",
        "GET / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: -1\\r\\n\\r\\n|400",
        "GET / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 1,1\\r\\n\\r\\n|400",
        "GET / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 99999999999999999999999\\r\\n\\r\\n|413",
        "GET / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 1001\\r\\n\\r\\n|413",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nContent-Length: 3\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n|400",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nTransfer-Encoding: gzip, chunked\\r\\n\\r\\n|501",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nTransfer-Encoding: chunked\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n|400",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n-1\\r\\n|400",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nFFFFFFFFFFFF\\r\\n|413",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n3E9\\r\\n|413",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\n3\\r\\nabcX\\r\\n|400",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nTransfer-Encoding: chunked\\r\\n\\r\\nzz\\r\\n|400",
        "POST / HTTP/1.1\\r\\nHost: h\\r\\nExpect: teapot\\r\\n\\r\\n|417",
        "BREW / HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n|501",
        "CONNECT h:443 HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n|501",
        "GET / HTTP/2.0\\r\\nHost: h\\r\\n\\r\\n|505",
        "GET / HTTP/1.2\\r\\nHost: h\\r\\n\\r\\n|505",
        "GET / HTTX/1.1\\r\\nHost: h\\r\\n\\r\\n|400",
        "GET / HTTP/1.1 \\r\\nHost: h\\r\\n\\r\\n|400",
        "G@T / HTTP/1.1\\r\\nHost: h\\r\\n\\r\\n|400",
        "\\u0016\\u0003\\u0001\\u0002\\u0000|400",                                     // a TLS ClientHello
    })
    void refusals(String escaped, int status) {
        final String raw = escaped.replace("\\r", "\r").replace("\\n", "\n").replace("\\u0000", "\u0000")
            .replace("\\u0001", "\u0001").replace("\\u0016", "\u0016").replace("\\u0003", "\u0003")
            .replace("\\u0002", "\u0002");
        assertEquals(-status, parse(raw), raw);
        final HttpParseException e = assertThrows(HttpParseException.class, () -> parser.parseOrThrow(request));
        assertEquals(status, e.status());
    }

    @Test
    void limits() {
        assertEquals(-414, parse("GET /" + "a".repeat(80) + " HTTP/1.1\r\nHost: h\r\n\r\n"));
        assertEquals(-414, parse("GET /" + "a".repeat(80)), "an over-long line is refused before it ends");
        final StringBuilder many = new StringBuilder("GET / HTTP/1.1\r\nHost: h\r\n");
        for (int i = 0; i < 8; i++) {
            many.append("X").append(i).append(": v\r\n");
        }
        assertEquals(-431, parse(many + "\r\n"), "9 fields > max-headers 8");
        assertEquals(-431, parse("GET / HTTP/1.1\r\nHost: h\r\nBig: " + "v".repeat(300) + "\r\n\r\n"));
        assertEquals(-431, parse("GET / HTTP/1.1\r\nHost: h\r\nBig: " + "v".repeat(300)), "refused before the line ends");
        assertEquals(-413, parse("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1001\r\n\r\n"));
        assertEquals(-400, parse("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1;" + "e".repeat(300)
            + "\r\n"), "chunk extension longer than max-chunk-extension");
    }
}

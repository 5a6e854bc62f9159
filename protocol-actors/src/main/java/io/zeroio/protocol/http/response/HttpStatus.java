package io.zeroio.protocol.http.response;

import java.nio.charset.StandardCharsets;

/** Status codes and their reason phrases (RFC 9110 §15), with pre-encoded status lines. */
public final class HttpStatus {
    private static final String[] REASONS = new String[600];
    private static final byte[][] LINES = new byte[600][];

    static {
        reason(100, "Continue");
        reason(101, "Switching Protocols");
        reason(200, "OK");
        reason(201, "Created");
        reason(202, "Accepted");
        reason(204, "No Content");
        reason(206, "Partial Content");
        reason(301, "Moved Permanently");
        reason(302, "Found");
        reason(303, "See Other");
        reason(304, "Not Modified");
        reason(307, "Temporary Redirect");
        reason(308, "Permanent Redirect");
        reason(400, "Bad Request");
        reason(401, "Unauthorized");
        reason(403, "Forbidden");
        reason(404, "Not Found");
        reason(405, "Method Not Allowed");
        reason(406, "Not Acceptable");
        reason(408, "Request Timeout");
        reason(409, "Conflict");
        reason(410, "Gone");
        reason(411, "Length Required");
        reason(412, "Precondition Failed");
        reason(413, "Content Too Large");
        reason(414, "URI Too Long");
        reason(415, "Unsupported Media Type");
        reason(417, "Expectation Failed");
        reason(422, "Unprocessable Content");
        reason(426, "Upgrade Required");
        reason(429, "Too Many Requests");
        reason(431, "Request Header Fields Too Large");
        reason(500, "Internal Server Error");
        reason(501, "Not Implemented");
        reason(502, "Bad Gateway");
        reason(503, "Service Unavailable");
        reason(504, "Gateway Timeout");
        reason(505, "HTTP Version Not Supported");
        for (int code = 100; code < 600; code++) {
            final String r = REASONS[code] == null ? "" : REASONS[code];
            LINES[code] = ("HTTP/1.1 " + code + " " + r + "\r\n").getBytes(StandardCharsets.US_ASCII);
        }
    }

    private HttpStatus() {
    }

    private static void reason(int code, String text) {
        REASONS[code] = text;
    }

    /** The reason phrase of {@code code} ("" for codes without a registered one). */
    public static String reason(int code) {
        check(code);
        return REASONS[code] == null ? "" : REASONS[code];
    }

    /** {@code HTTP/1.1 <code> <reason>\r\n} in ASCII (shared: do not modify). */
    static byte[] statusLine(int code) {
        check(code);
        return LINES[code];
    }

    private static void check(int code) {
        if (code < 100 || code > 599) {
            throw new IllegalArgumentException("HTTP status must be in 100..599, was " + code);
        }
    }
}

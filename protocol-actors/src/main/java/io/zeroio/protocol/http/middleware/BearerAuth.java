package io.zeroio.protocol.http.middleware;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import io.zeroio.protocol.http.parse.AsciiView;
import io.zeroio.protocol.http.parse.HttpRequest;
import io.zeroio.protocol.http.response.ZeroResponse;
import io.zeroio.protocol.http.server.HttpHandler;

/**
 * Bearer (RFC 6750) or Basic (RFC 7617) authentication against fixed credentials: the
 * {@code Authorization} value is compared in place, in time independent of where it differs,
 * with the accepted values encoded once at construction. Missing or wrong credentials get 401
 * with {@code WWW-Authenticate}. For tokens that need a lookup or a signature check, write a
 * middleware of the same shape.
 */
public final class BearerAuth implements Middleware {
    private final byte[][] accepted;
    private final String challenge;

    private BearerAuth(byte[][] accepted, String challenge) {
        this.accepted = accepted;
        this.challenge = challenge;
    }

    /** Accepts {@code Authorization: Bearer <token>} for any of {@code tokens}. */
    public static BearerAuth bearer(List<String> tokens, String realm) {
        final byte[][] a = new byte[tokens.size()][];
        for (int i = 0; i < a.length; i++) {
            a[i] = ("Bearer " + tokens.get(i)).getBytes(StandardCharsets.US_ASCII);
        }
        return new BearerAuth(a, "Bearer realm=\"" + realm + "\"");
    }

    /** Accepts {@code Authorization: Basic base64(user:password)}. */
    public static BearerAuth basic(String user, String password, String realm) {
        final String encoded = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return new BearerAuth(new byte[][] {("Basic " + encoded).getBytes(StandardCharsets.US_ASCII)},
            "Basic realm=\"" + realm + "\", charset=\"UTF-8\"");
    }

    @Override
    public HttpHandler wrap(HttpHandler next) {
        return (request, response) -> handle(request, response, next);
    }

    private void handle(HttpRequest request, ZeroResponse response, HttpHandler next) {
        final AsciiView value = request.header("Authorization");
        if (value != null && accepted(value)) {
            next.handle(request, response);
            return;
        }
        response.status(401).header("WWW-Authenticate", challenge).end();
    }

    private boolean accepted(AsciiView value) {
        boolean ok = false;
        for (byte[] a : accepted) {
            if (a.length == value.length()) {
                int diff = 0;
                for (int i = 0; i < a.length; i++) {
                    diff |= a[i] ^ value.byteAt(i); // no early exit: the time does not tell where it differs
                }
                ok |= diff == 0;
            }
        }
        return ok;
    }
}

package io.zeroio.protocol.http.parse;

/**
 * A request the server must refuse, with the status it gets (400, 413, 414, 417, 431, 501, 505).
 * Only {@link HttpRequestParser#parseOrThrow} throws it: the server's hot path uses the status
 * codes {@link HttpRequestParser#parse} returns (protocol errors are values there, not exceptions).
 */
public final class HttpParseException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;

    /** A refusal with {@code status}. */
    public HttpParseException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status the request gets. */
    public int status() {
        return status;
    }
}

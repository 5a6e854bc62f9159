package io.zeroio.protocol.http.websocket.client;

import io.zeroio.runtime.error.ZeroIoException;

/** Why a WebSocket client connection never opened (after it opened, failures end it with a close code). */
public final class WebSocketClientException extends ZeroIoException {
    private static final long serialVersionUID = 1L;

    /** The failure class. */
    public enum Reason {
        /** The TCP connect failed (refused, unreachable). */
        CONNECT_FAILED,
        /** No 101 within the handshake timeout. */
        TIMEOUT,
        /**
         * The server's answer was not a valid upgrade: status not 101, missing/wrong
         * {@code Upgrade}/{@code Connection}, a wrong {@code Sec-WebSocket-Accept}, an extension or
         * subprotocol we did not offer, a malformed or oversized head.
         */
        BAD_HANDSHAKE,
        /** The connection closed or reset before the handshake completed. */
        CONNECTION_LOST,
        /** No pool slot or connection-table entry was free, or the shard refused the send. */
        NO_RESOURCES
    }

    private final Reason reason;
    private final int errno;

    /** A failure of {@code reason} ({@code errno}: the OS error where there was one, else 0). */
    public WebSocketClientException(Reason reason, String message, int errno) {
        super(reason + ": " + message);
        this.reason = reason;
        this.errno = errno;
    }

    /** The failure class. */
    public Reason reason() {
        return reason;
    }

    /** The OS error number, or 0. */
    public int errno() {
        return errno;
    }
}

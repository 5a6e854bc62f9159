package io.zeroio.pekko;

/** A connection stream failed: connect refused, reset by the peer, receive overrun, shard stopped. */
public final class ZeroIoStreamException extends RuntimeException {
    /** @param message what happened */
    public ZeroIoStreamException(String message) {
        super(message);
    }

    /**
     * @param message what happened
     * @param cause   the underlying error
     */
    public ZeroIoStreamException(String message, Throwable cause) {
        super(message, cause);
    }
}

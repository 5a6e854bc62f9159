package io.zeroio.runtime.error;

/**
 * The shard's connection table is full ({@code max-connections}); the new connection was refused.
 *
 * <p>Thrown by {@code Io.tcpConnect}/{@code udsConnect}, and returned by {@code Event.error()} for
 * the {@code ERROR} event of an accepted connection the shard had to close. It is a
 * {@link SyscallException} only so that {@code Event.error()} keeps one type: {@link #errno()} is
 * {@code EMFILE} (24) by analogy — the table, not the process's descriptor table, is full — and
 * {@link #syscall()} names the operation that was refused ({@code "connect"} or {@code "accept"}).
 */
public final class TooManyConnectionsException extends SyscallException {
    private static final long serialVersionUID = 1L;
    /** The errno the shard reports with a refusal ({@code EMFILE}). */
    public static final int ERRNO = 24;

    private final int maxConnections;

    /** An outgoing connect refused; the configured limit is in the message. */
    public TooManyConnectionsException(int maxConnections) {
        super("connect", ERRNO, "connection table full: max-connections = " + maxConnections
            + " are open on this shard; raise max-connections or add shards");
        this.maxConnections = maxConnections;
    }

    private TooManyConnectionsException(String syscall, int maxConnections, String message) {
        super(syscall, ERRNO, message);
        this.maxConnections = maxConnections;
    }

    /** An incoming connection the listener accepted and the shard then closed for lack of a table entry. */
    public static TooManyConnectionsException accept(int maxConnections) {
        return new TooManyConnectionsException("accept", maxConnections,
            "accept refused: connection table full (max-connections = " + maxConnections
            + " are open on this shard), so the shard closed the accepted connection; raise max-connections "
            + "or add shards (SO_REUSEPORT listeners spread accepts over them)");
    }

    /** The configured {@code max-connections} of the shard that refused. */
    public int maxConnections() {
        return maxConnections;
    }
}

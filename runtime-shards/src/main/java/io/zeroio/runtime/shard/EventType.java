package io.zeroio.runtime.shard;

/** What an {@link Event} reports. */
public enum EventType {
    /** A listener accepted a connection: {@code conn()}, {@code endpoint()}. */
    ACCEPTED,
    /** An outgoing connection completed: {@code conn()}. */
    CONNECTED,
    /** Bytes arrived on a stream connection: {@code conn()}, {@code data()}. */
    DATA,
    /** A datagram arrived: {@code endpoint()}, {@code data()}, {@code peer()}. */
    DATAGRAM,
    /** The peer finished sending (EOF, half-close); the connection can still send. */
    PEER_CLOSED,
    /** The peer reset the connection; it is closed. {@code error()} says how. */
    RESET,
    /** An operation failed: {@code conn()} or {@code endpoint()}, {@code errno()}, {@code error()}. */
    ERROR,
    /** The connection is closed and its id retired; {@code errno()} is 0 for a clean close. */
    DISCONNECTED,
    /** A connection whose send queue was full has room again. */
    WRITABLE,
    /** A timer fired: {@code timerId()}. */
    TIMER
}

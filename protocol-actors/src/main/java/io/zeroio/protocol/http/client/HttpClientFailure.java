package io.zeroio.protocol.http.client;

/** Why a client request got no response. */
public enum HttpClientFailure {
    /** The TCP connect failed (refused, unreachable, timed out). */
    CONNECT_FAILED,
    /** The connection closed or reset before the response was complete. */
    CONNECTION_LOST,
    /** No complete response within the response timeout. */
    TIMEOUT,
    /** The response was malformed or larger than the limits. */
    INVALID_RESPONSE,
    /** No pool slot or connection-table entry was free, or the shard refused the send. */
    NO_RESOURCES
}

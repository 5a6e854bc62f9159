package io.zeroio.protocol.http.response;

/**
 * Told when the response a middleware saw is answered, with the final status: registered with
 * {@link ZeroResponse#onComplete(ResponseObserver, long)} during the handler call (on the shard).
 * For an inline answer the server calls it on the shard right after the handler chain returned;
 * for a deferred request ({@code HttpExchange}, the streams and actors modes) on the shard thread
 * when the answer is handed to the connection, or when the server gives up on it.
 *
 * <p>Meant to be allocation-free: one pre-allocated observer per middleware instance, and the
 * per-request state packed into the primitive {@code token} (a start time, a method ordinal ...):
 * no capturing lambda per request. Called on the shard thread; must not block, and must not
 * throw (an exception is swallowed and counted by the server as an internal error).
 */
@FunctionalInterface
public interface ResponseObserver {
    /**
     * The request was answered.
     *
     * @param token  the value given to {@link ZeroResponse#onComplete(ResponseObserver, long)}
     * @param status the status sent: the handler's (or the deferred answer's), 500 for a handler that
     *               answered nothing, threw, or whose deferred answer failed ({@code fail}, no slot),
     *               503 when a deferred request timed out, the refusal status when the server refused a
     *               streamed body midway; 0 when the connection went away (or the server stopped)
     *               before any answer could be sent
     */
    void onComplete(long token, int status);
}

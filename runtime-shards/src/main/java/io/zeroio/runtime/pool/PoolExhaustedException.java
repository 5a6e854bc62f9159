package io.zeroio.runtime.pool;

/**
 * No slot of the requested size is free. The hot path never throws it: the non-throwing
 * variants return {@link SlotHandle#NONE} or {@code null} and the shard's backpressure cascade
 * reacts; this exception is for callers that asked to be told loudly.
 */
public final class PoolExhaustedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public PoolExhaustedException(String message) {
        super(message);
    }
}

package io.zeroio.runtime.shard;

/**
 * Application code called on the shard thread for every event (the seed's {@code run_sync}
 * mode): 0 allocations is possible here, and blocking is forbidden — it stalls every connection
 * of the shard.
 */
@FunctionalInterface
public interface InlineHandler {
    /** Called once on the shard thread after the shard opened (listen, connect, schedule here). */
    default void onStart(Io io) throws Exception {
    }

    /** Called for every event; the event is valid only during this call. */
    void onEvent(Io io, Event event);

    /**
     * Called by {@link ShardRunner} after the events of each poll were dispatched, also after a poll
     * that returned only because another thread woke the shard ({@link IoHandle#wake()}): the place
     * where a handler services work other threads queued for it (e.g. a lock-free queue they fill
     * before waking the shard). Runs every loop iteration, so it must be cheap when there is nothing
     * to do; the default does nothing.
     */
    default void afterPoll(Io io) {
    }

    /** Called once on the shard thread before the shard closes. */
    default void onStop(Io io) {
    }
}

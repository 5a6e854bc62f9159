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
     * Called once per duty cycle on the shard thread after the events of a poll were dispatched,
     * also when an {@link IoHandle#wake()} from another thread ended the wait without any event:
     * the place to drain work other threads published for this handler (e.g. responses completed
     * on a worker thread). Events its calls raise are delivered to {@link #onEvent} right after it
     * (a loop running a handler must drain {@code nextEvent()} once more after this call). Must not
     * block or allocate on the hot path; default does nothing.
     */
    default void afterPoll(Io io) {
    }

    /** Called once on the shard thread before the shard closes. */
    default void onStop(Io io) {
    }
}

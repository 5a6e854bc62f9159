package io.zeroio.runtime.shard;

/**
 * How a shard waits between messages (the seed's three wakeup strategies).
 */
public enum WakeupStrategy {
    /**
     * Block in the kernel ({@code io_uring_enter} with a {@code FUTEX_WAIT} SQE armed, or
     * {@code Selector.select}); another thread wakes the shard through a three-state word, so
     * wake-ups coalesce and cost one syscall only when the shard really sleeps. The default.
     */
    FUTEX,
    /** Spin, then yield, then block as {@link #FUTEX}; the ladder resets when work arrives. */
    ADAPTIVE,
    /** Never block: busy-poll the completion queue. Owns a whole core. */
    SPIN
}

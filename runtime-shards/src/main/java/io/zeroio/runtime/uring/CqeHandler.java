package io.zeroio.runtime.uring;

/**
 * Receives completions from {@link IoUring#forEachCqe(CqeHandler)} as primitives, so reaping allocates
 * nothing. Implement it on a long-lived object (the shard itself); a capturing lambda would allocate
 * whenever it is created.
 */
public interface CqeHandler {
    /**
     * One completion. The CQE slot is released after this returns (or throws).
     *
     * @param userData the SQE's user_data
     * @param res      the result, or {@code -errno}
     * @param flags    IORING_CQE_F_*; the buffer id is {@code flags >>> IORING_CQE_BUFFER_SHIFT} when
     *                 IORING_CQE_F_BUFFER is set
     */
    void onCqe(long userData, int res, int flags);
}

package io.zeroio.cascade;

/**
 * The seven slot pools of a shard whose fill level feeds the cascade (seed: "FreeStack · FillRing ·
 * RxRing · TxRing · CompletionRing · ScratchPool · PerConn").
 *
 * <p>The cascade keeps one (used, capacity) pair per kind, indexed by {@link #ordinal()}; a kind whose
 * capacity is 0 (a pool the backend does not have, e.g. no fill ring on the NIO backend) is ignored.
 */
public enum PoolKind {
    /** The stack of free buffer slots that RX and TX both draw from. */
    FREE_STACK,
    /** Buffers handed to the kernel for receives (io_uring provided-buffer ring, AF_XDP fill ring). */
    FILL_RING,
    /** Receive completions landed by the kernel and not yet consumed by the handler. */
    RX_RING,
    /** Sends queued for the kernel and not yet completed. */
    TX_RING,
    /** The completion queue (io_uring CQ, AF_XDP completion ring). */
    COMPLETION_RING,
    /** Scratch slots for staging (e.g. TLS records, header assembly). */
    SCRATCH_POOL,
    /** Per-connection state slots (the connection table). */
    PER_CONN;

    /** Number of kinds; sizes per-kind arrays without calling {@code values()} (which clones). */
    static final int COUNT = 7;
}

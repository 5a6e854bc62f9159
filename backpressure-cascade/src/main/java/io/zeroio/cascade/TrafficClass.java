package io.zeroio.cascade;

/**
 * What an operation that wants a pool slot is for. The {@link BudgetPartition} splits pool capacity
 * between these classes and {@link CascadeState#admits(TrafficClass)} decides which of them may proceed
 * under pressure.
 */
public enum TrafficClass {
    /** Receives: buffers the kernel fills with peer data. */
    RX,
    /**
     * Sends that must never starve: handshakes, ACK-class and control frames, close notifications.
     * Shedding these would turn pressure into stalled or broken connections.
     */
    TX_CRITICAL,
    /** Bulk application sends; the first thing shed under pressure. */
    TX_BULK,
    /** Scratch staging space; shed together with bulk sends. */
    SCRATCH;

    /** Number of classes; sizes per-class arrays without calling {@code values()} (which clones). */
    static final int COUNT = 4;
}

package io.zeroio.runtime.pool;

/**
 * A slot handle was used after its lease ended: use-after-release, double release, or a handle
 * from an earlier generation of the slot. Thrown instead of touching whichever lease owns the
 * slot now.
 */
public final class SlotStateException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    SlotStateException(String message) {
        super(message);
    }
}

package io.zeroio.runtime.pool;

/**
 * Static codec for slot handles: one {@code long} naming a pool tier, a slot and the slot's
 * generation, so a lease can cross threads and rings as a primitive (DESIGN.md §3, the seed's
 * 16-byte {@code PayloadLease} becomes 8 bytes here).
 *
 * <pre>
 *  63      56 55                  32 31                               0
 * +----------+----------------------+----------------------------------+
 * |  tier    |  generation (24 bit) |  slot index (32 bit, >= 0)       |
 * +----------+----------------------+----------------------------------+
 * </pre>
 *
 * <p>Generations start at 1 and skip 0 when they wrap, so {@link #NONE} ({@code 0}) is never a
 * valid handle; a handle whose generation no longer matches its slot is stale and every pool
 * operation on it fails fast instead of touching another lease.
 */
public final class SlotHandle {
    /** The "no slot" handle, returned by non-throwing acquire calls when a pool is exhausted. */
    public static final long NONE = 0L;
    /** Largest tier number a handle can carry. */
    public static final int MAX_TIERS = 127;
    static final int GENERATION_BITS = 24;
    static final int GENERATION_MASK = (1 << GENERATION_BITS) - 1;

    private SlotHandle() {
    }

    /** Packs a handle; {@code generation} is masked to 24 bits. */
    public static long pack(int tier, int generation, int slot) {
        return ((long) tier << 56) | ((long) (generation & GENERATION_MASK) << 32) | (slot & 0xFFFF_FFFFL);
    }

    /** The pool tier a handle belongs to. */
    public static int tier(long handle) {
        return (int) (handle >>> 56);
    }

    /** The slot generation the handle was issued for. */
    public static int generation(long handle) {
        return (int) (handle >>> 32) & GENERATION_MASK;
    }

    /** The slot index inside its tier. */
    public static int slot(long handle) {
        return (int) handle;
    }

    /** Next generation after {@code generation}, skipping 0 so that {@link #NONE} stays invalid. */
    static int nextGeneration(int generation) {
        final int next = (generation + 1) & GENERATION_MASK;
        return next == 0 ? 1 : next;
    }

    /** Human-readable form for error messages (allocates; never on the hot path). */
    public static String toString(long handle) {
        return "slot[tier=" + tier(handle) + ", index=" + slot(handle) + ", gen=" + generation(handle) + "]";
    }
}

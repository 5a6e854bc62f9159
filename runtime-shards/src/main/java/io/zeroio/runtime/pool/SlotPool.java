package io.zeroio.runtime.pool;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.agrona.concurrent.UnsafeBuffer;

/**
 * One pool tier: {@code slotCount} slots of {@code slotSize} bytes in one off-heap region that is
 * allocated at boot and never grows.
 *
 * <h2>Ownership and threads</h2>
 * Every operation here is lock-free and safe from any thread: the owning shard checks slots out
 * and the kernel writes them, while a detached {@link OwnedSlot} may be released on a Pekko
 * stream or actor thread. Each slot's lease state is one {@code long} ({@code generation << 32 |
 * refCount}) updated by CAS, so a stale or double release is detected atomically; free slots form
 * a Treiber stack whose head carries an ABA tag.
 *
 * <h2>Cost</h2>
 * checkout = 1 CAS on the free-stack head + 1 store; release = 1 CAS on the slot state (+1 CAS on
 * the head when the count reaches 0), as in the seed's slot lifecycle.
 */
public final class SlotPool implements AutoCloseable {
    private static final VarHandle STATE = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle HEAD;
    private static final VarHandle IN_USE;
    private static final VarHandle PEAK;
    private static final VarHandle COPIES;
    private static final VarHandle LENT;

    static {
        try {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            HEAD = lookup.findVarHandle(SlotPool.class, "head", long.class);
            IN_USE = lookup.findVarHandle(SlotPool.class, "inUse", long.class);
            PEAK = lookup.findVarHandle(SlotPool.class, "peak", long.class);
            COPIES = lookup.findVarHandle(SlotPool.class, "copies", long.class);
            LENT = lookup.findVarHandle(SlotPool.class, "lent", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private static final int EMPTY = -1;

    private final int tier;
    private final int slotSize;
    private final int slotCount;
    private final PoolMemory memory;
    private final long baseAddress;
    /** Per slot: generation in the high 32 bits, reference count in the low 32 bits. */
    private final long[] state;
    /** Free-stack links; written by the pusher before the CAS that publishes them. */
    private final int[] next;
    /** Pre-wrapped writable view per slot: slot addresses never move, so wrap once at boot. */
    private final SendBuffer[] sendBuffers;

    // Tagged head: ABA tag in the high 32 bits, slot index (or EMPTY) in the low 32 bits.
    @SuppressWarnings("unused") private volatile long head;
    @SuppressWarnings("unused") private volatile long inUse;
    @SuppressWarnings("unused") private volatile long peak;
    @SuppressWarnings("unused") private volatile long copies;
    // Written by the owning shard only (opaque add suffices: single writer); read by anyone.
    @SuppressWarnings("unused") private volatile long lent;

    /**
     * Allocates a tier. Called at boot, never on the hot path.
     *
     * @param tier      tier number carried in handles (0..{@value SlotHandle#MAX_TIERS})
     * @param slotSize  bytes per slot, &gt; 0
     * @param slotCount slots, &gt; 0
     * @param hugePages whether to try {@code MAP_HUGETLB} first (falls back silently; see
     *                  {@link #usesHugePages()})
     */
    public SlotPool(int tier, int slotSize, int slotCount, HugePages hugePages) {
        if (tier < 0 || tier > SlotHandle.MAX_TIERS) {
            throw new IllegalArgumentException("pool tier must be in 0.." + SlotHandle.MAX_TIERS + ", was " + tier);
        }
        if (slotSize <= 0 || slotCount <= 0) {
            throw new IllegalArgumentException("pool tier " + tier + ": slot-size and slot-count must be > 0, were "
                + slotSize + " and " + slotCount);
        }
        this.tier = tier;
        this.slotSize = slotSize;
        this.slotCount = slotCount;
        this.memory = PoolMemory.allocate((long) slotSize * slotCount, hugePages);
        this.baseAddress = memory.segment().address();
        this.state = new long[slotCount];
        this.next = new int[slotCount];
        this.sendBuffers = new SendBuffer[slotCount];
        for (int i = 0; i < slotCount; i++) {
            state[i] = (long) 1 << 32; // generation 1, refCount 0
            next[i] = i + 1 < slotCount ? i + 1 : EMPTY;
            sendBuffers[i] = new SendBuffer(this, new UnsafeBuffer(baseAddress + (long) i * slotSize, slotSize));
        }
        HEAD.setRelease(this, 0L); // tag 0, top = slot 0; release publishes state[] and next[]
    }

    /** The tier number carried in this pool's handles. */
    public int tier() {
        return tier;
    }

    /** Bytes per slot. */
    public int slotSize() {
        return slotSize;
    }

    /** Number of slots. */
    public int capacity() {
        return slotCount;
    }

    /** Slots currently leased (checked out and not yet released). */
    public long inUse() {
        return (long) IN_USE.getOpaque(this);
    }

    /** Largest {@link #inUse()} seen since boot or the last {@link #resetPeak()}. */
    public long peak() {
        return (long) PEAK.getOpaque(this);
    }

    /** Resets the peak to the current use. */
    public void resetPeak() {
        PEAK.setOpaque(this, inUse());
    }

    /**
     * Records that {@code delta} leased slots were lent to (positive) or taken back from
     * (negative) the kernel, e.g. an io_uring provided-buffer ring. Lent slots are leased but free
     * from the application's point of view: the kernel fills them on the next receive. Owning
     * shard thread only.
     */
    public void noteLent(int delta) {
        LENT.setOpaque(this, (long) LENT.getOpaque(this) + delta);
    }

    /** Slots lent to the kernel and not yet filled. */
    public long lent() {
        return (long) LENT.getOpaque(this);
    }

    /** Whether the pool memory is backed by huge pages. */
    public boolean usesHugePages() {
        return memory.hugePages();
    }

    /** The whole pool region (for registering it with the kernel). */
    public MemorySegment region() {
        return memory.segment();
    }

    /** Native address of slot {@code index}; no lease check (for kernel buffer rings). */
    public long slotAddress(int index) {
        return baseAddress + (long) index * slotSize;
    }

    /**
     * Checks a slot out (Empty → Reserved). Lock-free; any thread.
     *
     * @return the new lease's handle, or {@link SlotHandle#NONE} when the pool is exhausted
     */
    public long acquire() {
        for (;;) {
            // Acquire pairs with the releasing CAS of whoever pushed the top slot, so next[top]
            // and state[top] written before that push are visible here.
            final long h = (long) HEAD.getAcquire(this);
            final int top = (int) h;
            if (top == EMPTY) {
                return SlotHandle.NONE;
            }
            // Racy read: if top was popped and pushed again meanwhile, the tag changed and the CAS
            // below fails, discarding this value.
            final int after = next[top];
            final long newHead = ((h >>> 32) + 1) << 32 | (after & 0xFFFF_FFFFL);
            if (HEAD.compareAndSet(this, h, newHead)) {
                final long s = (long) STATE.getVolatile(state, top);
                final int gen = (int) (s >>> 32);
                // We own the slot exclusively now; a volatile write makes refCount 1 visible to any
                // thread that later learns the handle through a release/acquire hand-off.
                STATE.setVolatile(state, top, (long) gen << 32 | 1L);
                final long used = (long) IN_USE.getAndAdd(this, 1L) + 1;
                raisePeak(used);
                return SlotHandle.pack(tier, gen, top);
            }
        }
    }

    private void raisePeak(long used) {
        long p = (long) PEAK.getOpaque(this);
        while (used > p) {
            if (PEAK.weakCompareAndSetPlain(this, p, used)) {
                return;
            }
            p = (long) PEAK.getOpaque(this);
        }
    }

    /** Checks out a slot and returns its writable flyweight, or {@code null} when exhausted. */
    public SendBuffer acquireSendBuffer() {
        final long handle = acquire();
        if (handle == SlotHandle.NONE) {
            return null;
        }
        final SendBuffer buffer = sendBuffers[SlotHandle.slot(handle)];
        buffer.reset(handle);
        return buffer;
    }

    /**
     * The pre-allocated writable flyweight of the slot a live handle names, armed for that lease:
     * for a lease from {@link #acquireSendBuffer()} it is the very flyweight that call returned
     * (its length kept); for a lease from {@link #acquire()} it is armed for {@code handle} now
     * (length 0). Allocation-free.
     *
     * <p>The flyweight owns the reference the caller holds: sending or aborting it ends the lease.
     *
     * @throws SlotStateException if the handle is stale or was never leased
     */
    public SendBuffer sendBuffer(long handle) {
        checkLive(handle);
        final SendBuffer buffer = sendBuffers[SlotHandle.slot(handle)];
        if (!buffer.holds(handle)) {
            // NONE (never armed, or sent/aborted since) or a previous lease's handle: either way
            // the live lease is this one, so the flyweight now speaks for it.
            buffer.reset(handle);
        }
        return buffer;
    }

    /**
     * Adds a reference to a live lease (e.g. a second reader, or a send from an RX slot).
     *
     * @throws SlotStateException if the handle is stale or already released
     */
    public void retain(long handle) {
        final int slot = checkIndex(handle);
        final int gen = SlotHandle.generation(handle);
        for (;;) {
            final long s = (long) STATE.getVolatile(state, slot);
            if ((int) (s >>> 32) != gen || (int) s == 0) {
                throw stale("retain", handle, s);
            }
            if (STATE.compareAndSet(state, slot, s, s + 1)) {
                return;
            }
        }
    }

    /**
     * Drops one reference; the last one returns the slot to the free stack and bumps its
     * generation so every older handle becomes stale.
     *
     * @return {@code true} when this call freed the slot
     * @throws SlotStateException on double release or a stale handle
     */
    public boolean release(long handle) {
        final int slot = checkIndex(handle);
        final int gen = SlotHandle.generation(handle);
        for (;;) {
            final long s = (long) STATE.getVolatile(state, slot);
            final int refs = (int) s;
            if ((int) (s >>> 32) != gen || refs == 0) {
                throw stale("release", handle, s);
            }
            final long updated = refs == 1 ? (long) SlotHandle.nextGeneration(gen) << 32 : s - 1;
            if (STATE.compareAndSet(state, slot, s, updated)) {
                if (refs == 1) {
                    // Count down before the slot becomes visible on the free stack, so a racing
                    // acquire can never push inUse above capacity.
                    IN_USE.getAndAdd(this, -1L);
                    push(slot);
                    return true;
                }
                return false;
            }
        }
    }

    private void push(int slot) {
        for (;;) {
            final long h = (long) HEAD.getVolatile(this);
            // Plain store published by the CAS below (a volatile write, hence a release).
            next[slot] = (int) h;
            final long newHead = ((h >>> 32) + 1) << 32 | (slot & 0xFFFF_FFFFL);
            if (HEAD.compareAndSet(this, h, newHead)) {
                return;
            }
        }
    }

    /** Whether {@code handle} names the current, unreleased lease of its slot. */
    public boolean isLive(long handle) {
        if (SlotHandle.tier(handle) != tier) {
            return false;
        }
        final int slot = SlotHandle.slot(handle);
        if (slot < 0 || slot >= slotCount) {
            return false;
        }
        final long s = (long) STATE.getVolatile(state, slot);
        return (int) (s >>> 32) == SlotHandle.generation(handle) && (int) s != 0;
    }

    /** Reference count of the lease (0 when the handle is stale). */
    public int refCount(long handle) {
        final int slot = checkIndex(handle);
        final long s = (long) STATE.getVolatile(state, slot);
        return (int) (s >>> 32) == SlotHandle.generation(handle) ? (int) s : 0;
    }

    /**
     * The native address of a live lease's first byte.
     *
     * @throws SlotStateException if the handle is stale
     */
    public long address(long handle) {
        checkLive(handle);
        return baseAddress + (long) SlotHandle.slot(handle) * slotSize;
    }

    /** The current handle of slot {@code index} if it is leased (used when the kernel names a buffer id). */
    public long handleOf(int index) {
        final long s = (long) STATE.getVolatile(state, index);
        return SlotHandle.pack(tier, (int) (s >>> 32), index);
    }

    /**
     * The pool's one copy helper: copies {@code length} bytes between native addresses and counts
     * the call, so the zero-copy paths can prove they never come here ({@link #copyCount()} stays 0).
     */
    public void copy(long srcAddress, long dstAddress, int length) {
        COPIES.getAndAdd(this, 1L);
        MemorySegment.copy(MemorySegment.NULL.reinterpret(Long.MAX_VALUE), srcAddress,
            MemorySegment.NULL.reinterpret(Long.MAX_VALUE), dstAddress, length);
    }

    /** Counts a copy made through another API (e.g. a heap array into a slot). */
    public void countCopy() {
        COPIES.getAndAdd(this, 1L);
    }

    /** Number of copies made through {@link #copy}/{@link #countCopy} since boot. */
    public long copyCount() {
        return (long) COPIES.getOpaque(this);
    }

    /** Statistics snapshot (allocates; not for the hot path). */
    public PoolStats.Tier stats() {
        return new PoolStats.Tier(tier, slotSize, slotCount, inUse(), lent(), peak(), copyCount());
    }

    private void checkLive(long handle) {
        final int slot = checkIndex(handle);
        final long s = (long) STATE.getVolatile(state, slot);
        if ((int) (s >>> 32) != SlotHandle.generation(handle) || (int) s == 0) {
            throw stale("access", handle, s);
        }
    }

    private int checkIndex(long handle) {
        final int slot = SlotHandle.slot(handle);
        if (SlotHandle.tier(handle) != tier || slot < 0 || slot >= slotCount) {
            throw new SlotStateException("handle " + SlotHandle.toString(handle) + " does not belong to pool tier " + tier);
        }
        return slot;
    }

    private SlotStateException stale(String op, long handle, long s) {
        final int now = (int) (s >>> 32);
        final boolean leased = (int) s != 0;
        final String why;
        if (now != SlotHandle.generation(handle)) {
            // The last release of a lease bumps the generation, so a differing generation is the
            // only trace a released lease leaves: the slot is free now, or leased to someone else.
            why = leased
                ? "this lease was released and the slot reused (now generation " + now + ")"
                : "this lease was released; the slot is free (now generation " + now + ")";
        } else {
            // Same generation but no reference: releases always bump the generation, so this
            // handle was never handed out by acquire() (e.g. handleOf() of a free slot, or forged).
            why = "the slot is free and generation " + now + " was never leased (the handle did not come from acquire())";
        }
        return new SlotStateException(op + " of " + SlotHandle.toString(handle) + " failed: " + why
            + " — a lease may be released exactly once, and never used after release");
    }

    /** Frees the pool memory. Idempotent. Only after every lease has ended. */
    @Override
    public void close() {
        memory.close();
    }
}

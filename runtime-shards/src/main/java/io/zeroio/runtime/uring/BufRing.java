package io.zeroio.runtime.uring;

import io.zeroio.runtime.os.Memory;
import io.zeroio.runtime.os.NativeIoException;
import io.zeroio.runtime.uring.ffi.IoUringBuf;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * A provided-buffer ring registered with IORING_REGISTER_PBUF_RING (io_uring_register_buf_ring(3)):
 * receives with IOSQE_BUFFER_SELECT and this ring's group id take a buffer from it, and the CQE names the
 * buffer id it used.
 *
 * <p>The ring memory ({@code entries × 16} bytes, page-aligned, mmapped) is owned here; the buffers it
 * points at are owned by the caller (the shard's slot pool) — the ring only carries their addresses.
 * The application is the ring's only producer: {@link #add} writes entries past the tail and
 * {@link #advance} publishes them. Owned by the ring's thread; not thread-safe. After {@link #close()}
 * any use throws {@link IllegalStateException}.
 */
public final class BufRing implements AutoCloseable {
    private static final VarHandle U16 = ValueLayout.JAVA_SHORT.varHandle().withInvokeExactBehavior();

    private final IoUring ring;
    private final int bgid;
    private final int entries;
    private final int mask;
    private final Arena arena;
    private final MemorySegment mem;
    private int tail; // our copy of the 16-bit tail: the kernel never writes it
    private boolean closed;

    private BufRing(IoUring ring, int bgid, int entries, Arena arena, MemorySegment mem) {
        this.ring = ring;
        this.bgid = bgid;
        this.entries = entries;
        this.mask = entries - 1;
        this.arena = arena;
        this.mem = mem;
    }

    static BufRing register(IoUring ring, int bgid, int entries) throws NativeIoException {
        if (entries < 1 || entries > 32768 || Integer.bitCount(entries) != 1) {
            throw new IllegalArgumentException("buffer ring entries must be a power of two in [1, 32768]: " + entries);
        }
        if (bgid < 0 || bgid > 0xFFFF) {
            throw new IllegalArgumentException("buffer group id must fit 16 bits: " + bgid);
        }
        long bytes = Memory.roundToPage(entries * IoUringBuf.SIZE);
        Arena arena = Arena.ofShared();
        boolean ok = false;
        try {
            // The kernel requires page alignment (io_uring/kbuf.c); mmap gives it, and zeroed memory is
            // an initialised ring (tail 0), as io_uring_buf_ring_init(3) would make it.
            long addr = Memory.mapAnonymous(bytes);
            MemorySegment mem = MemorySegment.ofAddress(addr).reinterpret(bytes, arena,
                    s -> Memory.munmapQuietly(addr, bytes));
            ring.registerPbufRing(bgid, entries, addr);
            ok = true;
            return new BufRing(ring, bgid, entries, arena, mem);
        } finally {
            if (!ok) {
                arena.close();
            }
        }
    }

    /**
     * Writes one entry {@code offsetInBatch} places past the current tail without publishing it
     * (io_uring_buf_ring_add(3)). Allocation-free.
     *
     * @param address       the buffer's address
     * @param length        its length
     * @param bid           the buffer id the CQE will report (16 bits)
     * @param offsetInBatch 0 for the first buffer of a batch, 1 for the next, ...
     */
    public void add(long address, int length, int bid, int offsetInBatch) {
        long at = (long) ((tail + offsetInBatch) & mask) * IoUringBuf.SIZE;
        mem.set(ValueLayout.JAVA_LONG, at + IoUringBuf.ADDR, address);
        mem.set(ValueLayout.JAVA_INT, at + IoUringBuf.LEN, length);
        mem.set(ValueLayout.JAVA_SHORT, at + IoUringBuf.BID, (short) bid);
    }

    /**
     * Publishes {@code count} entries written by {@link #add} (io_uring_buf_ring_advance(3)).
     * Allocation-free.
     *
     * @param count entries to publish
     */
    public void advance(int count) {
        tail = (tail + count) & 0xFFFF;
        // Store-release: the entries written by add() must be visible before the kernel sees the new
        // tail; the kernel reads it with smp_load_acquire (io_uring/kbuf.c), and liburing's
        // io_uring_buf_ring_advance uses io_uring_smp_store_release for the same reason.
        U16.setRelease(mem, IoUringBuf.RING_TAIL, (short) tail);
    }

    /**
     * Gives one buffer back to the kernel: {@code add(address, length, bid, 0); advance(1)}.
     *
     * @param address the buffer's address
     * @param length  its length
     * @param bid     its id
     */
    public void recycle(long address, int length, int bid) {
        add(address, length, bid, 0);
        advance(1);
    }

    /**
     * The mask for ring indices, {@code entries - 1} (io_uring_buf_ring_mask(3)).
     *
     * @return the mask
     */
    public int mask() {
        return mask;
    }

    /**
     * The number of entries.
     *
     * @return entries
     */
    public int entries() {
        return entries;
    }

    /**
     * The buffer group id SQEs name in {@code buf_group}.
     *
     * @return the group id
     */
    public int bgid() {
        return bgid;
    }

    /**
     * Unregisters the ring (IORING_UNREGISTER_PBUF_RING) if its io_uring is still open, and unmaps the
     * ring memory. Idempotent. The caller's buffers are untouched.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        ring.unregisterPbufRing(this);
        arena.close();
    }
}

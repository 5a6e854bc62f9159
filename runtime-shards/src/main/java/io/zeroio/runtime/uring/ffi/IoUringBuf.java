package io.zeroio.runtime.uring.ffi;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct io_uring_buf} (one provided buffer) and {@code struct io_uring_buf_ring}: the ring is an
 * array of {@code io_uring_buf} whose first entry's {@code resv} field doubles as the ring's 16-bit tail
 * (io_uring_register_buf_ring(3)).
 */
public final class IoUringBuf {
    /** {@code struct io_uring_buf} (16 bytes). */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("addr"),
            JAVA_INT.withName("len"),
            JAVA_SHORT.withName("bid"),
            JAVA_SHORT.withName("resv")).withName("io_uring_buf");
    /** {@code struct io_uring_buf_ring}: the anonymous header struct overlaid on {@code bufs[0]}. */
    public static final StructLayout RING_LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("resv1"),
            JAVA_INT.withName("resv2"),
            JAVA_SHORT.withName("resv3"),
            JAVA_SHORT.withName("tail")).withName("io_uring_buf_ring");

    /** {@code sizeof(struct io_uring_buf)}. */
    public static final long SIZE = LAYOUT.byteSize();
    /** u64 addr. */
    public static final long ADDR = Layouts.offset(LAYOUT, "addr");
    /** u32 len. */
    public static final long LEN = Layouts.offset(LAYOUT, "len");
    /** u16 bid: the id reported in the CQE. */
    public static final long BID = Layouts.offset(LAYOUT, "bid");
    /** u16 tail of the buffer ring, at the start of the ring memory. */
    public static final long RING_TAIL = Layouts.offset(RING_LAYOUT, "tail");

    private IoUringBuf() {
    }
}

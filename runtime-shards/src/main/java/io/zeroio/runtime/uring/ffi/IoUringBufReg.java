package io.zeroio.runtime.uring.ffi;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/** {@code struct io_uring_buf_reg}: argument of IORING_(UN)REGISTER_PBUF_RING. {@code flags} was {@code pad} before 6.4. */
public final class IoUringBufReg {
    /** The layout (40 bytes). */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("ring_addr"),
            JAVA_INT.withName("ring_entries"),
            JAVA_SHORT.withName("bgid"),
            JAVA_SHORT.withName("flags"),
            MemoryLayout.sequenceLayout(3, JAVA_LONG).withName("resv")).withName("io_uring_buf_reg");

    /** u64 ring_addr: page-aligned ring memory. */
    public static final long RING_ADDR = Layouts.offset(LAYOUT, "ring_addr");
    /** u32 ring_entries: a power of two up to 32768. */
    public static final long RING_ENTRIES = Layouts.offset(LAYOUT, "ring_entries");
    /** u16 bgid: the buffer group id SQEs name in buf_group. */
    public static final long BGID = Layouts.offset(LAYOUT, "bgid");
    /** u16 flags (IOU_PBUF_RING_*). */
    public static final long FLAGS = Layouts.offset(LAYOUT, "flags");

    private IoUringBufReg() {
    }
}

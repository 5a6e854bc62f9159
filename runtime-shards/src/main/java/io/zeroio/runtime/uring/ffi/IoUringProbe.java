package io.zeroio.runtime.uring.ffi;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/** {@code struct io_uring_probe} and {@code struct io_uring_probe_op} (IORING_REGISTER_PROBE). */
public final class IoUringProbe {
    /** {@code struct io_uring_probe} header (16 bytes); {@code ops[]} follows. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_BYTE.withName("last_op"),
            JAVA_BYTE.withName("ops_len"),
            JAVA_SHORT.withName("resv"),
            MemoryLayout.sequenceLayout(3, JAVA_INT).withName("resv2")).withName("io_uring_probe");
    /** {@code struct io_uring_probe_op} (8 bytes). */
    public static final StructLayout OP_LAYOUT = MemoryLayout.structLayout(
            JAVA_BYTE.withName("op"),
            JAVA_BYTE.withName("resv"),
            JAVA_SHORT.withName("flags"),
            JAVA_INT.withName("resv2")).withName("io_uring_probe_op");

    /** Offset of {@code ops[0]}: the header size. */
    public static final long OPS = LAYOUT.byteSize();
    /** u8 last_op. */
    public static final long LAST_OP = Layouts.offset(LAYOUT, "last_op");
    /** u8 ops_len. */
    public static final long OPS_LEN = Layouts.offset(LAYOUT, "ops_len");
    /** Size of one {@code io_uring_probe_op}. */
    public static final long OP_SIZE = OP_LAYOUT.byteSize();
    /** u8 op within an entry. */
    public static final long OP_OP = Layouts.offset(OP_LAYOUT, "op");
    /** u16 flags within an entry (IO_URING_OP_SUPPORTED). */
    public static final long OP_FLAGS = Layouts.offset(OP_LAYOUT, "flags");

    private IoUringProbe() {
    }
}

package io.zeroio.runtime.uring.ffi;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct io_uring_cqe}, the 16-byte completion queue entry (32 with IORING_SETUP_CQE32). */
public final class IoUringCqe {
    /** The layout. */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("user_data"),
            JAVA_INT.withName("res"),
            JAVA_INT.withName("flags")).withName("io_uring_cqe");

    /** {@code sizeof(struct io_uring_cqe)}. */
    public static final long SIZE = LAYOUT.byteSize();
    /** u64 user_data copied from the SQE. */
    public static final long USER_DATA = Layouts.offset(LAYOUT, "user_data");
    /** s32 res: the result, or -errno. */
    public static final long RES = Layouts.offset(LAYOUT, "res");
    /** u32 flags: IORING_CQE_F_*, buffer id in the upper 16 bits. */
    public static final long FLAGS = Layouts.offset(LAYOUT, "flags");

    private IoUringCqe() {
    }
}

package io.zeroio.runtime.uring.ffi;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct io_uring_getevents_arg}: io_uring_enter(2)'s argument with IORING_ENTER_EXT_ARG, carrying
 * a wait timeout. {@code min_wait_usec} was {@code pad} before 6.12.
 */
public final class IoUringGeteventsArg {
    /** The layout (24 bytes). */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("sigmask"),
            JAVA_INT.withName("sigmask_sz"),
            JAVA_INT.withName("min_wait_usec"),
            JAVA_LONG.withName("ts")).withName("io_uring_getevents_arg");

    /** {@code sizeof(struct io_uring_getevents_arg)}, the argsz io_uring_enter expects. */
    public static final long SIZE = LAYOUT.byteSize();
    /** u64 sigmask pointer. */
    public static final long SIGMASK = Layouts.offset(LAYOUT, "sigmask");
    /** u32 sigmask_sz. */
    public static final long SIGMASK_SZ = Layouts.offset(LAYOUT, "sigmask_sz");
    /** u32 min_wait_usec. */
    public static final long MIN_WAIT_USEC = Layouts.offset(LAYOUT, "min_wait_usec");
    /** u64 pointer to a {@code struct __kernel_timespec}. */
    public static final long TS = Layouts.offset(LAYOUT, "ts");

    private IoUringGeteventsArg() {
    }
}

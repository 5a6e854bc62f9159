package io.zeroio.runtime.uring.ffi;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** {@code struct __kernel_timespec} (linux/time_types.h): 64-bit seconds and nanoseconds. */
public final class KernelTimespec {
    /** The layout (16 bytes). */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_LONG.withName("tv_sec"),
            JAVA_LONG.withName("tv_nsec")).withName("__kernel_timespec");

    /** {@code sizeof(struct __kernel_timespec)}. */
    public static final long SIZE = LAYOUT.byteSize();
    /** s64 tv_sec. */
    public static final long TV_SEC = Layouts.offset(LAYOUT, "tv_sec");
    /** s64 tv_nsec. */
    public static final long TV_NSEC = Layouts.offset(LAYOUT, "tv_nsec");

    private KernelTimespec() {
    }
}

package io.zeroio.runtime.uring.ffi;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct io_uring_rsrc_register} (IORING_REGISTER_FILES2 / BUFFERS2) and
 * {@code struct io_uring_files_update} (IORING_REGISTER_FILES_UPDATE).
 */
public final class IoUringRsrcRegister {
    /** {@code struct io_uring_rsrc_register} (32 bytes). */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("nr"),
            JAVA_INT.withName("flags"),
            JAVA_LONG.withName("resv2"),
            JAVA_LONG.withName("data"),
            JAVA_LONG.withName("tags")).withName("io_uring_rsrc_register");
    /** {@code struct io_uring_files_update} (16 bytes). */
    public static final StructLayout FILES_UPDATE_LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("offset"),
            JAVA_INT.withName("resv"),
            JAVA_LONG.withName("fds")).withName("io_uring_files_update");

    /** {@code sizeof(struct io_uring_rsrc_register)}: the nr_args of FILES2/BUFFERS2. */
    public static final long SIZE = LAYOUT.byteSize();
    /** u32 nr. */
    public static final long NR = Layouts.offset(LAYOUT, "nr");
    /** u32 flags (IORING_RSRC_REGISTER_SPARSE). */
    public static final long FLAGS = Layouts.offset(LAYOUT, "flags");
    /** u64 data: pointer to the fds / iovecs (0 for sparse). */
    public static final long DATA = Layouts.offset(LAYOUT, "data");
    /** u64 tags pointer. */
    public static final long TAGS = Layouts.offset(LAYOUT, "tags");
    /** u32 offset of the first slot to update. */
    public static final long UPDATE_OFFSET = Layouts.offset(FILES_UPDATE_LAYOUT, "offset");
    /** u64 pointer to the new fds (s32 each). */
    public static final long UPDATE_FDS = Layouts.offset(FILES_UPDATE_LAYOUT, "fds");

    private IoUringRsrcRegister() {
    }
}

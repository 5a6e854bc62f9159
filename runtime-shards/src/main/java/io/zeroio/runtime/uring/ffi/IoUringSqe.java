package io.zeroio.runtime.uring.ffi;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;
import static java.lang.foreign.ValueLayout.JAVA_SHORT;

/**
 * {@code struct io_uring_sqe}, the 64-byte submission queue entry (io_uring_enter(2)). Unions that C
 * leaves anonymous are named {@code $anon_*}; only the members this project uses are spelled out, the
 * rest share their offsets.
 */
public final class IoUringSqe {
    /** The layout (64 bytes; 128 with IORING_SETUP_SQE128, the extra half is command data). */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_BYTE.withName("opcode"),
            JAVA_BYTE.withName("flags"),
            JAVA_SHORT.withName("ioprio"),
            JAVA_INT.withName("fd"),
            MemoryLayout.unionLayout(
                    JAVA_LONG.withName("off"),
                    JAVA_LONG.withName("addr2"),
                    MemoryLayout.structLayout(
                            JAVA_INT.withName("cmd_op"),
                            JAVA_INT.withName("__pad1")).withName("$anon_cmd")).withName("$anon_off"),
            MemoryLayout.unionLayout(
                    JAVA_LONG.withName("addr"),
                    JAVA_LONG.withName("splice_off_in")).withName("$anon_addr"),
            JAVA_INT.withName("len"),
            MemoryLayout.unionLayout(
                    JAVA_INT.withName("rw_flags"),
                    JAVA_INT.withName("poll32_events"),
                    JAVA_INT.withName("msg_flags"),
                    JAVA_INT.withName("timeout_flags"),
                    JAVA_INT.withName("accept_flags"),
                    JAVA_INT.withName("cancel_flags"),
                    JAVA_INT.withName("futex_flags")).withName("$anon_op_flags"),
            JAVA_LONG.withName("user_data"),
            MemoryLayout.unionLayout(
                    JAVA_SHORT.withName("buf_index"),
                    JAVA_SHORT.withName("buf_group")).withName("$anon_buf"),
            JAVA_SHORT.withName("personality"),
            MemoryLayout.unionLayout(
                    JAVA_INT.withName("splice_fd_in"),
                    JAVA_INT.withName("file_index"),
                    MemoryLayout.structLayout(
                            JAVA_SHORT.withName("addr_len"),
                            JAVA_SHORT.withName("__pad3")).withName("$anon_addr_len")).withName("$anon_file"),
            MemoryLayout.structLayout(
                    JAVA_LONG.withName("addr3"),
                    JAVA_LONG.withName("__pad2")).withName("$anon_addr3")).withName("io_uring_sqe");

    /** {@code sizeof(struct io_uring_sqe)}. */
    public static final long SIZE = LAYOUT.byteSize();
    /** u8 opcode. */
    public static final long OPCODE = Layouts.offset(LAYOUT, "opcode");
    /** u8 IOSQE_* flags. */
    public static final long FLAGS = Layouts.offset(LAYOUT, "flags");
    /** u16 ioprio: also recv/send/accept flags (IORING_RECV_MULTISHOT, IORING_ACCEPT_MULTISHOT). */
    public static final long IOPRIO = Layouts.offset(LAYOUT, "ioprio");
    /** s32 fd (futex2 flags for FUTEX_WAIT/WAKE). */
    public static final long FD = Layouts.offset(LAYOUT, "fd");
    /** u64 off / addr2 (futex value, accept's addrlen pointer, connect's addrlen). */
    public static final long OFF = Layouts.offset(LAYOUT, "off");
    /** u64 addr (buffer, msghdr, sockaddr, timespec, futex word, cancel's user_data). */
    public static final long ADDR = Layouts.offset(LAYOUT, "addr");
    /** u32 len. */
    public static final long LEN = Layouts.offset(LAYOUT, "len");
    /** u32 per-opcode flags union (rw_flags, msg_flags, timeout_flags, accept_flags, ...). */
    public static final long OP_FLAGS = Layouts.offset(LAYOUT, "rw_flags");
    /** u64 user_data, returned in the CQE. */
    public static final long USER_DATA = Layouts.offset(LAYOUT, "user_data");
    /** u16 buf_index / buf_group. */
    public static final long BUF_GROUP = Layouts.offset(LAYOUT, "buf_group");
    /** u16 personality. */
    public static final long PERSONALITY = Layouts.offset(LAYOUT, "personality");
    /** u32 file_index / splice_fd_in; u16 addr_len for SEND_ZC to an address. */
    public static final long FILE_INDEX = Layouts.offset(LAYOUT, "file_index");
    /** u64 addr3 (futex mask). */
    public static final long ADDR3 = Layouts.offset(LAYOUT, "addr3");

    private IoUringSqe() {
    }
}

package io.zeroio.runtime.uring.ffi;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.ValueLayout.JAVA_INT;

/**
 * {@code struct io_uring_recvmsg_out}: the header multishot RECVMSG writes at the start of each provided
 * buffer, followed by the source address ({@code msg_namelen} bytes of the template), the control data
 * ({@code msg_controllen} bytes) and the payload.
 */
public final class IoUringRecvmsgOut {
    /** The layout (16 bytes). */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("namelen"),
            JAVA_INT.withName("controllen"),
            JAVA_INT.withName("payloadlen"),
            JAVA_INT.withName("flags")).withName("io_uring_recvmsg_out");

    /** {@code sizeof(struct io_uring_recvmsg_out)}. */
    public static final long SIZE = LAYOUT.byteSize();
    /** u32 namelen: the real source address length (may exceed the template's room). */
    public static final long NAMELEN = Layouts.offset(LAYOUT, "namelen");
    /** u32 controllen: control bytes written. */
    public static final long CONTROLLEN = Layouts.offset(LAYOUT, "controllen");
    /** u32 payloadlen: the datagram's full length (more than the buffer held if truncated). */
    public static final long PAYLOADLEN = Layouts.offset(LAYOUT, "payloadlen");
    /** u32 flags: recvmsg msg_flags (MSG_TRUNC, MSG_CTRUNC). */
    public static final long FLAGS = Layouts.offset(LAYOUT, "flags");

    private IoUringRecvmsgOut() {
    }
}

package io.zeroio.runtime.uring;

import io.zeroio.runtime.uring.ffi.IoUringRecvmsgOut;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Reads the buffers multishot RECVMSG fills (liburing's io_uring_recvmsg_validate / _name / _payload,
 * io_uring_prep_recvmsg_multishot(3)): {@code [io_uring_recvmsg_out][name: template msg_namelen bytes]
 * [control: template msg_controllen bytes][payload]}. Sizes come from the msghdr template given to the
 * SQE, not from the header. Allocation-free.
 */
public final class RecvmsgOut {
    private RecvmsgOut() {
    }

    /**
     * Whether a completion's buffer holds at least the header, name and control areas.
     *
     * @param cqeRes        the CQE's res (bytes used in the buffer)
     * @param msgNamelen    the template's msg_namelen
     * @param msgControllen the template's msg_controllen
     * @return {@code true} when the buffer is well-formed
     */
    public static boolean valid(int cqeRes, int msgNamelen, int msgControllen) {
        return cqeRes >= payloadOffset(msgNamelen, msgControllen);
    }

    /**
     * Offset of the source address within the buffer.
     *
     * @return the header size
     */
    public static long nameOffset() {
        return IoUringRecvmsgOut.SIZE;
    }

    /**
     * Offset of the control data.
     *
     * @param msgNamelen the template's msg_namelen
     * @return the offset
     */
    public static long controlOffset(int msgNamelen) {
        return IoUringRecvmsgOut.SIZE + msgNamelen;
    }

    /**
     * Offset of the payload.
     *
     * @param msgNamelen    the template's msg_namelen
     * @param msgControllen the template's msg_controllen
     * @return the offset
     */
    public static long payloadOffset(int msgNamelen, int msgControllen) {
        return IoUringRecvmsgOut.SIZE + msgNamelen + msgControllen;
    }

    /**
     * Payload bytes present in the buffer.
     *
     * @param cqeRes        the CQE's res
     * @param msgNamelen    the template's msg_namelen
     * @param msgControllen the template's msg_controllen
     * @return payload length
     */
    public static int payloadLength(int cqeRes, int msgNamelen, int msgControllen) {
        return (int) (cqeRes - payloadOffset(msgNamelen, msgControllen));
    }

    /**
     * The real source address length ({@code namelen}); when larger than the template's room the name
     * was truncated.
     *
     * @param buf  the buffer
     * @param base offset of the buffer start within {@code buf}
     * @return namelen
     */
    public static int namelen(MemorySegment buf, long base) {
        return buf.get(ValueLayout.JAVA_INT_UNALIGNED, base + IoUringRecvmsgOut.NAMELEN);
    }

    /**
     * Control bytes written ({@code controllen}).
     *
     * @param buf  the buffer
     * @param base offset of the buffer start
     * @return controllen
     */
    public static int controllen(MemorySegment buf, long base) {
        return buf.get(ValueLayout.JAVA_INT_UNALIGNED, base + IoUringRecvmsgOut.CONTROLLEN);
    }

    /**
     * The datagram's full length ({@code payloadlen}); larger than {@link #payloadLength} when truncated.
     *
     * @param buf  the buffer
     * @param base offset of the buffer start
     * @return payloadlen
     */
    public static int payloadlen(MemorySegment buf, long base) {
        return buf.get(ValueLayout.JAVA_INT_UNALIGNED, base + IoUringRecvmsgOut.PAYLOADLEN);
    }

    /**
     * recvmsg's {@code msg_flags} (MSG_TRUNC, MSG_CTRUNC).
     *
     * @param buf  the buffer
     * @param base offset of the buffer start
     * @return flags
     */
    public static int flags(MemorySegment buf, long base) {
        return buf.get(ValueLayout.JAVA_INT_UNALIGNED, base + IoUringRecvmsgOut.FLAGS);
    }
}

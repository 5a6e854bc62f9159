package io.zeroio.runtime.os;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;

import static java.lang.foreign.MemoryLayout.PathElement.groupElement;

/**
 * {@code struct msghdr}, {@code struct iovec} and {@code struct cmsghdr} (sendmsg(2), recvmsg(2),
 * cmsg(3)) for LP64 Linux, with allocation-free writers over caller memory.
 */
public final class MsgHdr {
    /** {@code struct iovec} (16 bytes). */
    public static final StructLayout IOVEC = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG.withName("iov_base"),
            ValueLayout.JAVA_LONG.withName("iov_len")).withName("iovec");
    /** {@code struct msghdr} (56 bytes). */
    public static final StructLayout MSGHDR = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG.withName("msg_name"),
            ValueLayout.JAVA_INT.withName("msg_namelen"),
            MemoryLayout.paddingLayout(4),
            ValueLayout.JAVA_LONG.withName("msg_iov"),
            ValueLayout.JAVA_LONG.withName("msg_iovlen"),
            ValueLayout.JAVA_LONG.withName("msg_control"),
            ValueLayout.JAVA_LONG.withName("msg_controllen"),
            ValueLayout.JAVA_INT.withName("msg_flags"),
            MemoryLayout.paddingLayout(4)).withName("msghdr");
    /** {@code struct cmsghdr} header (16 bytes); data follows at {@link #cmsgData(long)}. */
    public static final StructLayout CMSGHDR = MemoryLayout.structLayout(
            ValueLayout.JAVA_LONG.withName("cmsg_len"),
            ValueLayout.JAVA_INT.withName("cmsg_level"),
            ValueLayout.JAVA_INT.withName("cmsg_type")).withName("cmsghdr");

    /** Offset of {@code msg_name}. */
    public static final long MSG_NAME = MSGHDR.byteOffset(groupElement("msg_name"));
    /** Offset of {@code msg_namelen}. */
    public static final long MSG_NAMELEN = MSGHDR.byteOffset(groupElement("msg_namelen"));
    /** Offset of {@code msg_iov}. */
    public static final long MSG_IOV = MSGHDR.byteOffset(groupElement("msg_iov"));
    /** Offset of {@code msg_iovlen}. */
    public static final long MSG_IOVLEN = MSGHDR.byteOffset(groupElement("msg_iovlen"));
    /** Offset of {@code msg_control}. */
    public static final long MSG_CONTROL = MSGHDR.byteOffset(groupElement("msg_control"));
    /** Offset of {@code msg_controllen}. */
    public static final long MSG_CONTROLLEN = MSGHDR.byteOffset(groupElement("msg_controllen"));
    /** Offset of {@code msg_flags}. */
    public static final long MSG_FLAGS = MSGHDR.byteOffset(groupElement("msg_flags"));
    /** Offset of {@code iov_base}. */
    public static final long IOV_BASE = IOVEC.byteOffset(groupElement("iov_base"));
    /** Offset of {@code iov_len}. */
    public static final long IOV_LEN = IOVEC.byteOffset(groupElement("iov_len"));

    private MsgHdr() {
    }

    /**
     * Fills a {@code msghdr} ({@code msg_flags} = 0). Allocation-free.
     *
     * @param msghdr     native memory of at least 56 bytes
     * @param name       address of the sockaddr (0 for none)
     * @param namelen    its length (for a recvmsg template: the room reserved for the source address)
     * @param iov        address of the iovec array (0 for none)
     * @param iovlen     iovec count
     * @param control    address of the control buffer (0 for none)
     * @param controllen its length
     */
    public static void set(MemorySegment msghdr, long name, int namelen, long iov, long iovlen,
                           long control, long controllen) {
        msghdr.set(ValueLayout.JAVA_LONG, MSG_NAME, name);
        msghdr.set(ValueLayout.JAVA_INT, MSG_NAMELEN, namelen);
        msghdr.set(ValueLayout.JAVA_INT, MSG_NAMELEN + 4, 0);
        msghdr.set(ValueLayout.JAVA_LONG, MSG_IOV, iov);
        msghdr.set(ValueLayout.JAVA_LONG, MSG_IOVLEN, iovlen);
        msghdr.set(ValueLayout.JAVA_LONG, MSG_CONTROL, control);
        msghdr.set(ValueLayout.JAVA_LONG, MSG_CONTROLLEN, controllen);
        msghdr.set(ValueLayout.JAVA_LONG, MSG_FLAGS, 0L); // msg_flags and the trailing padding
    }

    /**
     * Writes element {@code index} of an iovec array. Allocation-free.
     *
     * @param iovs   the iovec array
     * @param index  element index
     * @param base   buffer address
     * @param length buffer length
     */
    public static void setIovec(MemorySegment iovs, long index, long base, long length) {
        long at = index * IOVEC.byteSize();
        iovs.set(ValueLayout.JAVA_LONG, at + IOV_BASE, base);
        iovs.set(ValueLayout.JAVA_LONG, at + IOV_LEN, length);
    }

    /**
     * {@code CMSG_ALIGN}: rounds up to the alignment of {@code size_t}.
     *
     * @param length a length
     * @return the aligned length
     */
    public static long cmsgAlign(long length) {
        return (length + 7) & ~7L;
    }

    /**
     * {@code CMSG_SPACE}: bytes a control message with {@code dataLength} bytes of data occupies.
     *
     * @param dataLength payload bytes
     * @return header + aligned payload
     */
    public static long cmsgSpace(long dataLength) {
        return CMSGHDR.byteSize() + cmsgAlign(dataLength);
    }

    /**
     * {@code CMSG_LEN}: the value for {@code cmsg_len}.
     *
     * @param dataLength payload bytes
     * @return header + payload
     */
    public static long cmsgLen(long dataLength) {
        return CMSGHDR.byteSize() + dataLength;
    }

    /**
     * {@code CMSG_DATA}: offset of a control message's data from its header.
     *
     * @param cmsgOffset offset of the {@code cmsghdr}
     * @return offset of its data
     */
    public static long cmsgData(long cmsgOffset) {
        return cmsgOffset + CMSGHDR.byteSize();
    }
}

package io.zeroio.runtime.uring.ffi;

import java.lang.foreign.MemoryLayout;
import java.lang.foreign.StructLayout;

import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * {@code struct io_uring_params} with {@code struct io_sqring_offsets} and
 * {@code struct io_cqring_offsets} (io_uring_setup(2)): passed in with flags and sizes, returned with the
 * ring geometry and the offsets of head, tail, mask, ... within the mmapped rings.
 */
public final class IoUringParams {
    /** {@code struct io_sqring_offsets} (40 bytes). {@code user_addr} was {@code resv2} before 6.5. */
    public static final StructLayout SQRING_OFFSETS = MemoryLayout.structLayout(
            JAVA_INT.withName("head"),
            JAVA_INT.withName("tail"),
            JAVA_INT.withName("ring_mask"),
            JAVA_INT.withName("ring_entries"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("dropped"),
            JAVA_INT.withName("array"),
            JAVA_INT.withName("resv1"),
            JAVA_LONG.withName("user_addr")).withName("io_sqring_offsets");
    /** {@code struct io_cqring_offsets} (40 bytes). */
    public static final StructLayout CQRING_OFFSETS = MemoryLayout.structLayout(
            JAVA_INT.withName("head"),
            JAVA_INT.withName("tail"),
            JAVA_INT.withName("ring_mask"),
            JAVA_INT.withName("ring_entries"),
            JAVA_INT.withName("overflow"),
            JAVA_INT.withName("cqes"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("resv1"),
            JAVA_LONG.withName("user_addr")).withName("io_cqring_offsets");
    /** {@code struct io_uring_params} (120 bytes). */
    public static final StructLayout LAYOUT = MemoryLayout.structLayout(
            JAVA_INT.withName("sq_entries"),
            JAVA_INT.withName("cq_entries"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("sq_thread_cpu"),
            JAVA_INT.withName("sq_thread_idle"),
            JAVA_INT.withName("features"),
            JAVA_INT.withName("wq_fd"),
            MemoryLayout.sequenceLayout(3, JAVA_INT).withName("resv"),
            SQRING_OFFSETS.withName("sq_off"),
            CQRING_OFFSETS.withName("cq_off")).withName("io_uring_params");

    /** u32 sq_entries (out: the rounded-up SQ size). */
    public static final long SQ_ENTRIES = Layouts.offset(LAYOUT, "sq_entries");
    /** u32 cq_entries (in with IORING_SETUP_CQSIZE; out: the CQ size). */
    public static final long CQ_ENTRIES = Layouts.offset(LAYOUT, "cq_entries");
    /** u32 IORING_SETUP_* flags. */
    public static final long FLAGS = Layouts.offset(LAYOUT, "flags");
    /** u32 SQPOLL thread CPU (with IORING_SETUP_SQ_AFF). */
    public static final long SQ_THREAD_CPU = Layouts.offset(LAYOUT, "sq_thread_cpu");
    /** u32 SQPOLL idle milliseconds. */
    public static final long SQ_THREAD_IDLE = Layouts.offset(LAYOUT, "sq_thread_idle");
    /** u32 IORING_FEAT_* (out). */
    public static final long FEATURES = Layouts.offset(LAYOUT, "features");
    /** u32 wq_fd (with IORING_SETUP_ATTACH_WQ). */
    public static final long WQ_FD = Layouts.offset(LAYOUT, "wq_fd");
    /** SQ ring: offset of the head index (kernel-written). */
    public static final long SQ_OFF_HEAD = Layouts.offset(LAYOUT, "sq_off.head");
    /** SQ ring: offset of the tail index (application-written). */
    public static final long SQ_OFF_TAIL = Layouts.offset(LAYOUT, "sq_off.tail");
    /** SQ ring: offset of the ring mask. */
    public static final long SQ_OFF_RING_MASK = Layouts.offset(LAYOUT, "sq_off.ring_mask");
    /** SQ ring: offset of the entry count. */
    public static final long SQ_OFF_RING_ENTRIES = Layouts.offset(LAYOUT, "sq_off.ring_entries");
    /** SQ ring: offset of the IORING_SQ_* flags. */
    public static final long SQ_OFF_FLAGS = Layouts.offset(LAYOUT, "sq_off.flags");
    /** SQ ring: offset of the dropped counter. */
    public static final long SQ_OFF_DROPPED = Layouts.offset(LAYOUT, "sq_off.dropped");
    /** SQ ring: offset of the SQE index array. */
    public static final long SQ_OFF_ARRAY = Layouts.offset(LAYOUT, "sq_off.array");
    /** CQ ring: offset of the head index (application-written). */
    public static final long CQ_OFF_HEAD = Layouts.offset(LAYOUT, "cq_off.head");
    /** CQ ring: offset of the tail index (kernel-written). */
    public static final long CQ_OFF_TAIL = Layouts.offset(LAYOUT, "cq_off.tail");
    /** CQ ring: offset of the ring mask. */
    public static final long CQ_OFF_RING_MASK = Layouts.offset(LAYOUT, "cq_off.ring_mask");
    /** CQ ring: offset of the entry count. */
    public static final long CQ_OFF_RING_ENTRIES = Layouts.offset(LAYOUT, "cq_off.ring_entries");
    /** CQ ring: offset of the overflow counter. */
    public static final long CQ_OFF_OVERFLOW = Layouts.offset(LAYOUT, "cq_off.overflow");
    /** CQ ring: offset of the CQE array. */
    public static final long CQ_OFF_CQES = Layouts.offset(LAYOUT, "cq_off.cqes");
    /** CQ ring: offset of the IORING_CQ_* flags. */
    public static final long CQ_OFF_FLAGS = Layouts.offset(LAYOUT, "cq_off.flags");

    private IoUringParams() {
    }
}

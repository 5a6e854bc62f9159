/**
 * The io_uring kernel ABI in jextract's shape, written by hand (jextract is not available here):
 * struct layouts with field offsets ({@code IoUringSqe}, {@code IoUringCqe}, {@code IoUringParams}, ...),
 * the constants of {@code <linux/io_uring.h>} and {@code <linux/futex.h>} ({@link
 * io.zeroio.runtime.uring.ffi.IoUringConstants}), and the three system calls ({@link
 * io.zeroio.runtime.uring.ffi.IoUringSyscalls}).
 *
 * <p>Names follow the C header exactly so they can be checked: {@code AbiOffsetsTest} compiles a C
 * program against the installed kernel headers and compares every offset, size and constant used here.
 * liburing is not used; its static-inline helpers are re-written in {@code io.zeroio.runtime.uring}.
 */
package io.zeroio.runtime.uring.ffi;

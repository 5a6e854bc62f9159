/**
 * liburing's helpers re-written in Java over the kernel ABI of {@code io.zeroio.runtime.uring.ffi}:
 * {@link io.zeroio.runtime.uring.IoUring} (one ring: SQE preparation, submit-and-wait in one
 * io_uring_enter call, allocation-free completion reaping), {@link io.zeroio.runtime.uring.BufRing}
 * (provided-buffer rings), {@link io.zeroio.runtime.uring.UserData} (packing what the kernel carries
 * back) and {@link io.zeroio.runtime.uring.RecvmsgOut} (multishot RECVMSG buffers).
 *
 * <p>A ring is owned by one thread (a shard); nothing here is thread-safe, and nothing on the
 * submit/reap path allocates, locks or copies.
 */
package io.zeroio.runtime.uring;

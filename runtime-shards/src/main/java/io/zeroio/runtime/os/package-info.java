/**
 * The libc and socket layer a shard uses, bound through FFM ({@code java.lang.foreign}).
 *
 * <p>Every failing call throws {@link io.zeroio.runtime.os.NativeIoException} naming the call, the
 * errno and, for the common cases, the fix. errno is read through
 * {@code Linker.Option.captureCallState("errno")} into a {@link io.zeroio.runtime.os.CallState}, a small
 * thread-confined native area. Calls used on a shard's hot path ({@code close}, {@code shutdown},
 * {@code setsockopt} of an int, eventfd {@code write}/{@code read}, futex wake) take the caller's
 * {@code CallState} explicitly and allocate nothing; cold calls use
 * {@link io.zeroio.runtime.os.CallState#current()}.
 *
 * <p>Linux only (x86-64 and aarch64); constants are the kernel's generic values and are checked
 * against the C headers by {@code AbiOffsetsTest}.
 */
package io.zeroio.runtime.os;

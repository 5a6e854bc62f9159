package io.zeroio.runtime.os;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * Raw system calls through libc's variadic {@code long syscall(long number, ...)} (syscall(2)), for the
 * calls glibc has no wrapper for: io_uring_setup/enter/register and futex.
 *
 * <p>All six arguments are passed as 64-bit {@code long}s: glibc's {@code syscall} reads six
 * {@code long} variadic arguments and the kernel's {@code SYSCALL_DEFINE} wrappers truncate each to its
 * declared type, so passing ints widened to long (and pointers as addresses) is exact and leaves no
 * undefined upper register bits. Unused arguments are ignored by the kernel.
 */
public final class Syscall {
    /** io_uring_setup(2); the same number on every architecture (unified syscall table since 5.1). */
    public static final long SYS_IO_URING_SETUP = 425;
    /** io_uring_enter(2). */
    public static final long SYS_IO_URING_ENTER = 426;
    /** io_uring_register(2). */
    public static final long SYS_IO_URING_REGISTER = 427;
    /** futex(2): 202 on x86-64, 98 on aarch64 (asm-generic). */
    public static final long SYS_FUTEX = isAarch64() ? 98 : 202;

    private static final MethodHandle SYSCALL6 = Libc.LINKER.downcallHandle(
            Libc.symbol("syscall"),
            FunctionDescriptor.of(ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG,
                    ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG, ValueLayout.JAVA_LONG),
            Linker.Option.firstVariadicArg(1), Libc.CAPTURE_ERRNO);

    private Syscall() {
    }

    private static boolean isAarch64() {
        String arch = System.getProperty("os.arch", "");
        return arch.equals("aarch64") || arch.equals("arm64");
    }

    /**
     * Invokes {@code syscall(nr, a1, ..., a6)}. Allocation-free.
     *
     * @param cs the calling thread's call state; receives errno on failure
     * @param nr the syscall number
     * @param a1 argument 1
     * @param a2 argument 2
     * @param a3 argument 3
     * @param a4 argument 4
     * @param a5 argument 5
     * @param a6 argument 6
     * @return the kernel's result, or -1 with errno in {@code cs}
     */
    public static long invoke(CallState cs, long nr, long a1, long a2, long a3, long a4, long a5, long a6) {
        try {
            return (long) SYSCALL6.invokeExact(cs.capture, nr, a1, a2, a3, a4, a5, a6);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

}

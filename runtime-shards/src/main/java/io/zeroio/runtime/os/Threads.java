package io.zeroio.runtime.os;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.BitSet;

/** CPU affinity and thread identity of the calling thread: sched_setaffinity(2), sched_getcpu(3), gettid(2). */
public final class Threads {
    /** glibc's CPU_SETSIZE: the CPUs a {@code cpu_set_t} (128 bytes, kept in the scratch area) can name. */
    public static final int CPU_SETSIZE = 1024;
    private static final long MASK_BYTES = CPU_SETSIZE / 8;

    private static final MethodHandle SETAFFINITY = Libc.errnoCall("sched_setaffinity",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
    private static final MethodHandle GETAFFINITY = Libc.errnoCall("sched_getaffinity",
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS));
    private static final MethodHandle GETCPU = Libc.plainCall("sched_getcpu", FunctionDescriptor.of(ValueLayout.JAVA_INT));
    private static final MethodHandle GETTID = Libc.plainCall("gettid", FunctionDescriptor.of(ValueLayout.JAVA_INT));

    private Threads() {
    }

    /**
     * Pins the calling thread to one CPU (sched_setaffinity(2) with pid 0 = this thread).
     *
     * @param cpu the CPU number
     * @throws NativeIoException on failure (EINVAL: CPU not online or not allowed)
     */
    public static void pinCurrentThread(int cpu) throws NativeIoException {
        BitSet set = new BitSet();
        set.set(cpu);
        setAffinity(set);
    }

    /**
     * Sets the calling thread's CPU affinity.
     *
     * @param cpus the allowed CPUs (bits below {@link #CPU_SETSIZE})
     * @throws NativeIoException on failure
     */
    public static void setAffinity(BitSet cpus) throws NativeIoException {
        if (cpus.length() > CPU_SETSIZE) {
            throw new IllegalArgumentException("CPU number above " + CPU_SETSIZE + ": " + cpus);
        }
        CallState cs = CallState.current();
        MemorySegment mask = cs.scratch.asSlice(0, MASK_BYTES);
        mask.fill((byte) 0);
        for (int cpu = cpus.nextSetBit(0); cpu >= 0; cpu = cpus.nextSetBit(cpu + 1)) {
            long word = cpu >>> 6;
            long bits = mask.get(ValueLayout.JAVA_LONG, word * 8) | (1L << (cpu & 63));
            mask.set(ValueLayout.JAVA_LONG, word * 8, bits); // cpu_set_t is an array of unsigned long
        }
        int rc;
        try {
            rc = (int) SETAFFINITY.invokeExact(cs.capture, 0, MASK_BYTES, mask);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (rc < 0) {
            throw new NativeIoException("sched_setaffinity", cs.errno(), "CPUs " + cpus);
        }
    }

    /**
     * The calling thread's CPU affinity (sched_getaffinity(2)).
     *
     * @return the allowed CPUs
     * @throws NativeIoException on failure
     */
    public static BitSet getAffinity() throws NativeIoException {
        CallState cs = CallState.current();
        MemorySegment mask = cs.scratch.asSlice(0, MASK_BYTES);
        mask.fill((byte) 0);
        int rc;
        try {
            rc = (int) GETAFFINITY.invokeExact(cs.capture, 0, MASK_BYTES, mask);
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
        if (rc < 0) {
            throw new NativeIoException("sched_getaffinity", cs.errno());
        }
        return BitSet.valueOf(mask.toArray(ValueLayout.JAVA_LONG));
    }

    /**
     * The CPU the calling thread runs on now (sched_getcpu(3), vDSO-backed).
     *
     * @return the CPU number
     */
    public static int currentCpu() {
        try {
            return (int) GETCPU.invokeExact();
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }

    /**
     * The kernel thread id of the calling thread (gettid(2)).
     *
     * @return the tid
     */
    public static int gettid() {
        try {
            return (int) GETTID.invokeExact();
        } catch (Throwable t) {
            throw Libc.rethrow(t);
        }
    }
}

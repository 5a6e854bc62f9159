package io.zeroio.runtime.shard;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.VarHandle;

import io.zeroio.runtime.error.Errors;
import io.zeroio.runtime.error.ZeroIoException;

/** Pins the calling thread to one CPU with {@code sched_setaffinity(0, ...)} (sched_setaffinity(2)). */
public final class CpuAffinity {
    private static final StructLayout CAPTURE = Linker.Option.captureStateLayout();
    private static final VarHandle ERRNO = CAPTURE.varHandle(java.lang.foreign.MemoryLayout.PathElement.groupElement("errno"));
    private static final MethodHandle SET;
    private static final MethodHandle GETCPU;

    static {
        final Linker linker = Linker.nativeLinker();
        SET = linker.downcallHandle(linker.defaultLookup().findOrThrow("sched_setaffinity"),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG, ValueLayout.ADDRESS),
            Linker.Option.captureCallState("errno"));
        GETCPU = linker.downcallHandle(linker.defaultLookup().findOrThrow("sched_getcpu"),
            FunctionDescriptor.of(ValueLayout.JAVA_INT));
    }

    private CpuAffinity() {
    }

    /** Pins the calling thread to {@code cpu}. */
    public static void pin(int cpu) throws ZeroIoException {
        final int online = Runtime.getRuntime().availableProcessors();
        if (cpu < 0 || cpu >= 1024) {
            throw new IllegalArgumentException("cpu must be in 0..1023, was " + cpu);
        }
        try (Arena arena = Arena.ofConfined()) {
            final MemorySegment mask = arena.allocate(128);
            mask.set(ValueLayout.JAVA_BYTE, cpu / 8, (byte) (1 << (cpu % 8)));
            final MemorySegment state = arena.allocate(CAPTURE);
            final int rc = (int) SET.invokeExact(state, 0, 128L, mask);
            if (rc != 0) {
                final int errno = (int) ERRNO.get(state, 0L);
                throw Errors.of("sched_setaffinity", errno, "cannot pin the shard thread to CPU " + cpu
                    + " (" + online + " CPUs available to this JVM); pick a CPU in the process's cpuset or set cpu = -1");
            }
        } catch (ZeroIoException | RuntimeException e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }

    /** The CPU the calling thread runs on now ({@code sched_getcpu(3)}). */
    public static int currentCpu() {
        try {
            return (int) GETCPU.invokeExact();
        } catch (Throwable t) {
            throw new IllegalStateException(t);
        }
    }
}

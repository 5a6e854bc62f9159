package io.zeroio.runtime.pool;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * {@code mmap(MAP_PRIVATE|MAP_ANONYMOUS|MAP_HUGETLB|MAP_POPULATE)} for pool regions (mmap(2)).
 * Fails soft (returns {@code null}) so {@link HugePages#AUTO} can fall back: the kernel answers
 * ENOMEM when {@code /proc/sys/vm/nr_hugepages} has too few pages reserved.
 */
final class HugePageMapper {
    private static final int PROT_READ = 0x1;
    private static final int PROT_WRITE = 0x2;
    private static final int MAP_PRIVATE = 0x02;
    private static final int MAP_ANONYMOUS = 0x20;
    private static final int MAP_POPULATE = 0x08000;
    private static final int MAP_HUGETLB = 0x40000;
    private static final long HUGE_PAGE = 2L * 1024 * 1024;
    private static final long MAP_FAILED = -1L;

    private static final MethodHandle MMAP;
    private static final MethodHandle MUNMAP;

    static {
        final Linker linker = Linker.nativeLinker();
        MMAP = linker.downcallHandle(linker.defaultLookup().findOrThrow("mmap"),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG,
                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_LONG));
        MUNMAP = linker.downcallHandle(linker.defaultLookup().findOrThrow("munmap"),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    }

    private HugePageMapper() {
    }

    /** A huge-page mapping of at least {@code bytes}, or {@code null} when the kernel refuses. */
    static MemorySegment tryMap(long bytes) {
        final long size = (bytes + HUGE_PAGE - 1) & -HUGE_PAGE;
        try {
            final MemorySegment addr = (MemorySegment) MMAP.invokeExact(MemorySegment.NULL, size,
                PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB | MAP_POPULATE, -1, 0L);
            if (addr.address() == MAP_FAILED) {
                return null;
            }
            return addr.reinterpret(size);
        } catch (Throwable t) {
            return null;
        }
    }

    static void unmap(MemorySegment segment) {
        try {
            final int rc = (int) MUNMAP.invokeExact(segment, segment.byteSize());
            assert rc == 0;
        } catch (Throwable t) {
            throw new IllegalStateException("munmap of a pool region failed", t);
        }
    }
}

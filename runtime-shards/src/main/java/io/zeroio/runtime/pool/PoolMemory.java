package io.zeroio.runtime.pool;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The off-heap region behind one pool tier, allocated once at boot: huge pages through
 * {@code mmap(MAP_HUGETLB)} where asked for and available, else page-aligned memory from a shared
 * {@link Arena}. Pages are touched at allocation (by the allocating thread, so Linux first-touch
 * places them on that thread's NUMA node: allocate on the pinned shard thread).
 */
final class PoolMemory implements AutoCloseable {
    private static final long PAGE = 4096;

    private final MemorySegment segment;
    private final boolean hugePages;
    private final Arena arena;
    private boolean closed;

    private PoolMemory(MemorySegment segment, boolean hugePages, Arena arena) {
        this.segment = segment;
        this.hugePages = hugePages;
        this.arena = arena;
    }

    static PoolMemory allocate(long bytes, HugePages mode) {
        if (mode != HugePages.OFF) {
            final MemorySegment huge = HugePageMapper.tryMap(bytes);
            if (huge != null) {
                return new PoolMemory(huge, true, null);
            }
            if (mode == HugePages.ON) {
                throw new IllegalStateException("pool huge-pages = on, but mmap(MAP_HUGETLB) of " + bytes
                    + " bytes failed: reserve pages with `echo N > /proc/sys/vm/nr_hugepages` or set huge-pages = auto");
            }
        }
        final Arena arena = Arena.ofShared();
        final MemorySegment segment = arena.allocate(bytes, PAGE); // zero-filled: pages are touched here
        return new PoolMemory(segment, false, arena);
    }

    MemorySegment segment() {
        return segment;
    }

    boolean hugePages() {
        return hugePages;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (arena != null) {
            arena.close();
        } else {
            HugePageMapper.unmap(segment);
        }
    }
}

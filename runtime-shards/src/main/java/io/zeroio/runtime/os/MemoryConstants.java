package io.zeroio.runtime.os;

/**
 * mmap(2) / madvise(2) constants (asm-generic/mman-common.h, linux/mman.h), named as in C and
 * checked against the headers by {@code AbiOffsetsTest}.
 */
public final class MemoryConstants {
    private MemoryConstants() {
    }

    /** Pages may not be accessed. */
    public static final int PROT_NONE = 0x0;
    /** Pages may be read. */
    public static final int PROT_READ = 0x1;
    /** Pages may be written. */
    public static final int PROT_WRITE = 0x2;
    /** Pages may be executed. */
    public static final int PROT_EXEC = 0x4;

    /** Share the mapping (required for io_uring ring mappings). */
    public static final int MAP_SHARED = 0x01;
    /** Private copy-on-write mapping. */
    public static final int MAP_PRIVATE = 0x02;
    /** Place exactly at addr. */
    public static final int MAP_FIXED = 0x10;
    /** Not backed by a file; zero-filled. */
    public static final int MAP_ANONYMOUS = 0x20;
    /** Lock the pages (like mlock). */
    public static final int MAP_LOCKED = 0x2000;
    /** Do not reserve swap. */
    public static final int MAP_NORESERVE = 0x4000;
    /** Pre-fault the pages now (no page faults on first touch). */
    public static final int MAP_POPULATE = 0x8000;
    /** Back with huge pages (needs vm.nr_hugepages). */
    public static final int MAP_HUGETLB = 0x40000;
    /** Shift of the huge page size (log2) within the flags. */
    public static final int MAP_HUGE_SHIFT = 26;
    /** 2 MiB huge pages. */
    public static final int MAP_HUGE_2MB = 21 << MAP_HUGE_SHIFT;
    /** 1 GiB huge pages. */
    public static final int MAP_HUGE_1GB = 30 << MAP_HUGE_SHIFT;

    /** No special treatment. */
    public static final int MADV_NORMAL = 0;
    /** Expect random access. */
    public static final int MADV_RANDOM = 1;
    /** Expect sequential access. */
    public static final int MADV_SEQUENTIAL = 2;
    /** Will need these pages. */
    public static final int MADV_WILLNEED = 3;
    /** Free the pages now; anonymous private pages read back as zero. */
    public static final int MADV_DONTNEED = 4;
    /** Free lazily. */
    public static final int MADV_FREE = 8;
    /** Do not inherit across fork. */
    public static final int MADV_DONTFORK = 10;
    /** Inherit across fork (undo DONTFORK). */
    public static final int MADV_DOFORK = 11;
    /** Prefer transparent huge pages. */
    public static final int MADV_HUGEPAGE = 14;
    /** Avoid transparent huge pages. */
    public static final int MADV_NOHUGEPAGE = 15;
    /** Exclude from core dumps. */
    public static final int MADV_DONTDUMP = 16;
    /** Pre-fault writable pages. */
    public static final int MADV_POPULATE_WRITE = 23;
}

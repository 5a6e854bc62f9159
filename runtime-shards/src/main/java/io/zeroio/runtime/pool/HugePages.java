package io.zeroio.runtime.pool;

/** Whether pool memory is backed by huge pages ({@code MAP_HUGETLB}). */
public enum HugePages {
    /** Try huge pages, fall back to normal pages when none are reserved. */
    AUTO,
    /** Require huge pages; fail at boot when the kernel has none to give. */
    ON,
    /** Normal pages. */
    OFF
}

package io.zeroio.runtime.shard;

/** Which kernel interface a shard drives. */
public enum BackendKind {
    /** io_uring where it is available, else NIO. */
    AUTO,
    /** io_uring through FFM; fails at open when the kernel refuses it. */
    IO_URING,
    /** Portable {@code java.nio} selector backend: same API, runs anywhere. */
    NIO
}

package io.zeroio.runtime.shard;

import io.zeroio.runtime.error.ZeroIoException;

/** Bridge to the io_uring backend. */
final class UringSupport {
    private UringSupport() {
    }

    static boolean available() {
        return false;
    }

    static String unavailableReason() {
        return "io_uring backend not built yet";
    }

    static ShardBackend open(Config config) throws ZeroIoException {
        throw Backends.unavailable(unavailableReason());
    }
}

package io.zeroio.runtime.shard;

import io.zeroio.runtime.error.ZeroIoException;
import io.zeroio.runtime.uring.UringBackend;

/** Bridge to the io_uring backend: probes once whether the kernel lets this process use it. */
final class UringSupport {
    private UringSupport() {
    }

    static boolean available() {
        return UringBackend.isSupported();
    }

    static String unavailableReason() {
        return UringBackend.unsupportedReason();
    }

    static ShardBackend open(Config config) throws ZeroIoException {
        if (!available()) {
            throw Backends.unavailable(unavailableReason());
        }
        return new UringBackend(config);
    }
}

package io.zeroio.runtime.shard;

import io.zeroio.runtime.error.BackendUnavailableException;
import io.zeroio.runtime.error.ZeroIoException;
import io.zeroio.runtime.nio.NioBackend;

/** Chooses and opens a shard's backend, and pins shard threads. */
final class Backends {
    private Backends() {
    }

    static ShardBackend create(Config config) throws ZeroIoException {
        return switch (config.backend()) {
            case NIO -> new NioBackend();
            case IO_URING -> UringSupport.open(config);
            case AUTO -> UringSupport.available() ? UringSupport.open(config) : new NioBackend();
        };
    }

    static void pinCurrentThread(int cpu) throws ZeroIoException {
        CpuAffinity.pin(cpu);
    }

    /** Why io_uring cannot run here, or null when it can. */
    static String uringUnavailableReason() {
        return UringSupport.unavailableReason();
    }

    static BackendUnavailableException unavailable(String reason) {
        return new BackendUnavailableException("backend = io-uring requested, but io_uring is unavailable: " + reason
            + " — set backend = nio (or auto) to use the portable selector backend", null);
    }
}

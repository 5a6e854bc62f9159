package io.zeroio.runtime.shard;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The backends every shared test runs over: NIO always, io_uring where the kernel allows it (CI: always). */
public final class Backends4Test {
    private Backends4Test() {
    }

    /** Method source for parameterized tests. */
    public static Stream<BackendKind> all() {
        final List<BackendKind> kinds = new ArrayList<>();
        if (UringSupport.available() || "true".equals(System.getenv("CI"))) {
            kinds.add(BackendKind.IO_URING); // on CI an unavailable io_uring must fail loudly, not skip
        }
        kinds.add(BackendKind.NIO);
        return kinds.stream();
    }

    /** A small test configuration. */
    public static Config config(BackendKind kind) {
        return Config.builder().name("test-shard-" + kind).backend(kind)
            .pools(new io.zeroio.runtime.pool.PoolTier(2048, 1024))
            .rxBufferCount(256).maxConnections(256).build();
    }
}

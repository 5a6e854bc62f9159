package io.zeroio.runtime.shard;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code ShardRunner.close()} sets the stop flag and then wakes the shard; the shard may leave its
 * loop on a poll timeout and close (freeing its wake word) in between. Waking a closed shard must
 * therefore be a no-op, not an "Already closed" failure in the closer.
 */
class IoHandleAfterCloseTest {
    @ParameterizedTest
    @MethodSource("io.zeroio.runtime.shard.Backends4Test#all")
    void wakingAClosedShardIsANoOp(BackendKind kind) throws Exception {
        final IoHandle handle;
        try (Io io = Io.open(Backends4Test.config(kind))) {
            handle = io.handle();
            handle.wake();
        }
        assertDoesNotThrow(handle::wake);
        assertDoesNotThrow(handle::wake);
    }
}

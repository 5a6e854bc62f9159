package io.zeroio.pekko.shard;

import io.zeroio.cascade.CascadeState;

/**
 * A shard's backpressure cascade changed state (element of {@code ZeroIo#cascadeTransitions()}).
 *
 * @param shard        shard index
 * @param from         state before
 * @param to           state after
 * @param utilisation  pool utilisation (percent) that caused the move
 * @param prefetch     per-connection lease prefetch the shard grants from now on
 */
public record CascadeTransition(int shard, CascadeState from, CascadeState to, double utilisation, int prefetch) {
}

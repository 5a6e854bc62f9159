/**
 * The four-state backpressure cascade of a zero-io shard.
 *
 * <p>Seven slot pools ({@link io.zeroio.cascade.PoolKind}) report how full they are; the fullest one
 * decides the shard's {@link io.zeroio.cascade.CascadeState}: Healthy &lt; 60 %, Warning 60–80 %,
 * Critical 80–95 % (shed bulk TX), Drain &ge; 95 % (close idle connections). Each state has an
 * admission rule per {@link io.zeroio.cascade.TrafficClass} and an RX demand rule, and pool capacity is
 * partitioned between the traffic classes by a {@link io.zeroio.cascade.BudgetPartition}
 * (60 % RX, 10 % TX critical, 25 % TX bulk, 5 % scratch).
 *
 * <p>The entry point is {@link io.zeroio.cascade.BackpressureCascade}: one instance per shard, written
 * only by that shard's thread, readable by any thread. Nothing on its update and admit paths
 * allocates, locks or blocks.
 */
package io.zeroio.cascade;

package io.zeroio.pekko.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.Test;

import com.typesafe.config.ConfigFactory;

import io.zeroio.pekko.ZeroIo;
import io.zeroio.pekko.javadsl.Lease;
import io.zeroio.runtime.pool.SlotPool;

/**
 * The lease registry's exactly-once rule under races: user threads releasing (or transferring)
 * leases while the runtime reclaims the same entries. Every slot must go back to its pool exactly
 * once: a double release would throw from the pool or drive its in-use count below the baseline.
 */
class LeaseRegistryRaceTest {
    @Test
    void releaseTransferAndReclaimRaceReleaseEverySlotExactlyOnce() throws Exception {
        final ActorSystem<Void> system = ActorSystem.create(Behaviors.empty(), "race",
            ConfigFactory.parseString("zero-io.shards = 1\nzero-io.metrics.enabled = off").withFallback(ConfigFactory.load()));
        try {
            final ZeroIoShard shard = ZeroIo.get(system).shard(0);
            final SlotPool pool = shard.pools().tier(0);
            final long baseline = pool.inUse();
            final int leases = 8;
            final AtomicLong failures = new AtomicLong();
            final AtomicLong transferred = new AtomicLong();
            for (int round = 0; round < 2000; round++) {
                final ConnPort port = shard.newPort();
                // this thread plays the shard's producer role: write, publish
                for (int i = 0; i < leases; i++) {
                    final long h = pool.acquire();
                    assertTrue(port.canWrite());
                    port.write(h, 0, 16);
                }
                final List<Lease> delivered = new ArrayList<>();
                for (Lease l; (l = port.poll()) != null; ) {
                    delivered.add(l);
                }
                assertEquals(leases, delivered.size());
                final CyclicBarrier start = new CyclicBarrier(3);
                final int r = round;
                final Thread users = Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                        for (int i = 0; i < delivered.size(); i++) {
                            final Lease l = delivered.get(i);
                            if ((i + r) % 3 == 0) {
                                final long h = l.transfer(); // a sink taking it over: it now owns the reference
                                if (h != 0L) {
                                    transferred.incrementAndGet();
                                    pool.release(h);
                                }
                            } else {
                                try {
                                    l.release();
                                } catch (IllegalStateException secondRelease) {
                                    // the other releaser won: the lease refuses a second release
                                }
                            }
                        }
                    } catch (Throwable t) {
                        failures.incrementAndGet();
                    }
                });
                final Thread more = Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                        for (int i = delivered.size() - 1; i >= 0; i--) {
                            if ((i + r) % 3 != 0) {
                                try {
                                    delivered.get(i).release();
                                } catch (IllegalStateException secondRelease) {
                                    // the lease object refuses a second release: expected for the loser
                                }
                            }
                        }
                    } catch (Throwable t) {
                        failures.incrementAndGet();
                    }
                });
                start.await(5, TimeUnit.SECONDS);
                port.reclaimAll(); // the runtime reclaiming what user code still holds
                users.join();
                more.join();
                assertEquals(baseline, pool.inUse(), "round " + round + ": every slot back exactly once");
            }
            assertEquals(0, failures.get(), "no double release reached the pool");
            assertTrue(transferred.get() > 0, "some transfers won the race");
        } finally {
            system.terminate();
            system.getWhenTerminated().toCompletableFuture().get(20, TimeUnit.SECONDS);
        }
    }
}

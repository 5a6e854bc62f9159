package io.zeroio.pekko;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.pekko.Done;
import org.apache.pekko.NotUsed;
import org.apache.pekko.actor.AbstractExtensionId;
import org.apache.pekko.actor.ClassicActorSystemProvider;
import org.apache.pekko.actor.CoordinatedShutdown;
import org.apache.pekko.actor.ExtendedActorSystem;
import org.apache.pekko.actor.Extension;
import org.apache.pekko.actor.ExtensionIdProvider;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.BoundedSourceQueue;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.BroadcastHub;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.apache.pekko.stream.javadsl.Source;

import io.zeroio.pekko.metrics.ShardMetrics;
import io.zeroio.pekko.shard.CascadeTransition;
import io.zeroio.pekko.shard.ZeroIoShard;
import io.zeroio.pekko.javadsl.BindStage;
import io.zeroio.pekko.javadsl.ConnectionStage;
import io.zeroio.pekko.javadsl.IncomingConnection;
import io.zeroio.pekko.javadsl.IslandSink;
import io.zeroio.pekko.javadsl.Lease;
import io.zeroio.pekko.javadsl.Outgoing;
import io.zeroio.pekko.javadsl.OutgoingConnection;
import io.zeroio.pekko.javadsl.ServerBinding;

/**
 * The zero-io Pekko extension: {@code ZeroIo.get(system)} starts {@code zero-io.shards} shard threads
 * (dedicated platform threads, pinned when {@code zero-io.pin-cpus = on}; never dispatcher
 * threads) configured from {@code zero-io { … }}, and offers connections in the shape of Pekko's
 * {@code Tcp}: {@link #bind} is a {@code Source} of {@link IncomingConnection}s with a materialized
 * {@link ServerBinding}, {@link #outgoingConnection} a {@code Flow}. Elements are {@link Lease}s on
 * the pool slots the kernel wrote (received) and {@link Outgoing} elements the producer wrote
 * (sent).
 *
 * <h2>Lifecycle</h2>
 * The shards follow the ActorSystem: {@code CoordinatedShutdown} unbinds listeners
 * ({@code service-unbind}), closes every connection gracefully within
 * {@code zero-io.shutdown.drain-timeout} ({@code service-requests-done}), then stops the shards
 * ({@code before-actor-system-terminate}), reclaiming every lease so no slot leaks.
 */
public final class ZeroIo implements Extension {

    /** The extension id. */
    public static final Id ID = new Id();

    /** The extension of {@code system} (started on first use). Works for classic and typed systems. */
    public static ZeroIo get(ClassicActorSystemProvider system) {
        return ID.get(system.classicSystem());
    }

    /** The id (Java API: {@code ZeroIo.get(system)}). */
    public static final class Id extends AbstractExtensionId<ZeroIo> implements ExtensionIdProvider {
        Id() {
        }

        @Override
        public ZeroIo createExtension(ExtendedActorSystem system) {
            return new ZeroIo(system);
        }

        @Override
        public Id lookup() {
            return ID;
        }
    }

    private final ExtendedActorSystem system;
    private final ZeroIoSettings settings;
    private final List<ZeroIoShard> shards;
    private final AtomicInteger nextShard = new AtomicInteger();
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final BoundedSourceQueue<CascadeTransition> transitionQueue;
    private final Source<CascadeTransition, NotUsed> transitions;
    private final ShardMetrics metrics;

    private ZeroIo(ExtendedActorSystem system) {
        this.system = system;
        this.settings = ZeroIoSettings.from(system.settings().config());
        final Materializer mat = Materializer.matFromSystem(system);
        final Pair<BoundedSourceQueue<CascadeTransition>, Source<CascadeTransition, NotUsed>> hub =
            Source.<CascadeTransition>queue(256)
                .toMat(BroadcastHub.of(CascadeTransition.class, 256), Keep.both())
                .run(mat);
        this.transitionQueue = hub.first();
        this.transitions = hub.second();
        final List<ZeroIoShard> list = new ArrayList<>(settings.shards());
        try {
            for (int i = 0; i < settings.shards(); i++) {
                final ZeroIoShard s = new ZeroIoShard(i, system.name(), settings, this::publishTransition);
                s.start();
                list.add(s);
            }
        } catch (RuntimeException e) {
            for (ZeroIoShard s : list) {
                s.stop(Duration.ofSeconds(2));
            }
            throw e;
        }
        this.shards = List.copyOf(list);
        this.metrics = settings.metricsEnabled() ? ShardMetrics.start(system, shards, settings.metricsInterval()) : null;
        registerShutdown();
    }

    private void publishTransition(CascadeTransition t) {
        transitionQueue.offer(t); // lock-free; dropped when no one listens and the buffer is full
    }

    private void registerShutdown() {
        final CoordinatedShutdown cs = CoordinatedShutdown.get(system);
        cs.addTask(CoordinatedShutdown.PhaseServiceRequestsDone(), "zero-io-drain", this::drainConnections);
        cs.addTask(CoordinatedShutdown.PhaseBeforeActorSystemTerminate(), "zero-io-stop-shards", () -> {
            stopShards();
            return CompletableFuture.completedFuture(Done.getInstance());
        });
        system.registerOnTermination(this::stopShards);
    }

    /** CoordinatedShutdown: close every connection gracefully, wait (bounded) until they are gone. */
    private CompletionStage<Done> drainConnections() {
        final Duration timeout = settings.drainTimeout();
        final List<CompletableFuture<Integer>> all = new ArrayList<>();
        for (ZeroIoShard s : shards) {
            all.add(s.closeAllGracefully(timeout));
        }
        // handleAsync: the wait below must not run on a shard thread (which completes those futures)
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).handleAsync((x, t) -> {
            final long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() - deadline < 0 && openConnections() > 0) {
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return Done.getInstance();
        });
    }

    private void stopShards() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        if (metrics != null) {
            metrics.stop();
        }
        for (ZeroIoShard s : shards) {
            s.stop(settings.drainTimeout());
        }
        transitionQueue.complete();
    }

    // ------------------------------------------------------------------ javadsl

    /**
     * Listens on {@code host:port} (port 0: ephemeral) on every shard and emits accepted
     * connections. The materialized {@link ServerBinding} completes once bound (or fails naming
     * the address and the errno). Cancelling the source unbinds.
     */
    public Source<IncomingConnection, CompletionStage<ServerBinding>> bind(String host, int port) {
        return bind(new InetSocketAddress(host, port));
    }

    /** {@link #bind(String, int)} for an address ({@link InetSocketAddress} or {@link UnixDomainSocketAddress}). */
    public Source<IncomingConnection, CompletionStage<ServerBinding>> bind(SocketAddress address) {
        return Source.fromGraph(new BindStage(shards, address, settings.acceptBuffer()));
    }

    /** Listens on a Unix domain socket at {@code path} (which must not exist), on shard 0. */
    public Source<IncomingConnection, CompletionStage<ServerBinding>> bindUnix(Path path) {
        return bind(UnixDomainSocketAddress.of(path));
    }

    /**
     * A client connection to {@code host:port} per materialization, on the next shard
     * (round-robin). The materialized value completes once connected, or fails.
     */
    public Flow<Outgoing, Lease, CompletionStage<OutgoingConnection>> outgoingConnection(String host, int port) {
        return outgoingConnection(new InetSocketAddress(host, port), nextShardIndex());
    }

    /**
     * A client connection to {@code remote} ({@link InetSocketAddress} or
     * {@link UnixDomainSocketAddress}) on shard {@code shard}: choose the shard when the producer
     * writes {@code SendBuffer}s from that shard's pools ({@link #shard(int)}).
     */
    public Flow<Outgoing, Lease, CompletionStage<OutgoingConnection>> outgoingConnection(SocketAddress remote, int shard) {
        return Flow.fromGraph(new ConnectionStage(shards.get(shard), remote));
    }

    /** A client connection to the Unix domain socket at {@code path}. */
    public Flow<Outgoing, Lease, CompletionStage<OutgoingConnection>> outgoingUnixConnection(Path path) {
        return outgoingConnection(UnixDomainSocketAddress.of(path), nextShardIndex());
    }

    /**
     * The per-shard stream-island mode (the seed's {@code run_per_core}): binds like {@link #bind},
     * routes each accepted connection by the shard that owns it to that shard's island (an
     * {@link IslandSink}, its own actor), where it is joined with {@code handler}; all connections
     * of one shard run fused in one interpreter. Returns the binding.
     */
    public CompletionStage<ServerBinding> bindIslands(String host, int port, Flow<Lease, Outgoing, ?> handler) {
        final int n = shards.size();
        final Materializer mat = Materializer.matFromSystem(system);
        return bind(host, port).toMat(org.apache.pekko.stream.javadsl.Sink.fromGraph(
            org.apache.pekko.stream.javadsl.GraphDSL.create(b -> {
                final var partition = b.add(org.apache.pekko.stream.javadsl.Partition.<IncomingConnection>create(
                    n, c -> c.shard()));
                for (int i = 0; i < n; i++) {
                    final var island = b.add(org.apache.pekko.stream.javadsl.Sink.fromGraph(new IslandSink(handler))
                        .async().named("zero-io-island-" + i));
                    b.from(partition.out(i)).to(island);
                }
                return new org.apache.pekko.stream.SinkShape<>(partition.in());
            })), Keep.left()).run(mat);
    }

    /**
     * A UDP socket bound to {@code host:port} (on the next shard) as a flow: push
     * {@link Outgoing#to} datagrams, pull received {@link io.zeroio.pekko.javadsl.Datagram}s. The
     * materialized value completes with the bound address.
     */
    public Flow<Outgoing, io.zeroio.pekko.javadsl.Datagram, CompletionStage<InetSocketAddress>> udpBind(String host, int port) {
        return Flow.fromGraph(new io.zeroio.pekko.javadsl.DatagramStage(shards.get(nextShardIndex()),
            new InetSocketAddress(host, port)));
    }

    /** Every cascade transition of every shard from the moment of subscription (a broadcast). */
    public Source<CascadeTransition, NotUsed> cascadeTransitions() {
        return transitions;
    }

    // ------------------------------------------------------------------ observation

    /** The validated settings. */
    public ZeroIoSettings settings() {
        return settings;
    }

    /** The shards. */
    public List<ZeroIoShard> shards() {
        return shards;
    }

    /** Shard {@code i} (e.g. to check out {@code SendBuffer}s from its pools). */
    public ZeroIoShard shard(int i) {
        return shards.get(i);
    }

    /** Open connections over all shards. */
    public int openConnections() {
        int n = 0;
        for (ZeroIoShard s : shards) {
            n += s.openConnections();
        }
        return n;
    }

    /** Slots held by the application over all shards (0 = every pool back to full capacity). */
    public long heldSlots() {
        long n = 0;
        for (ZeroIoShard s : shards) {
            n += s.isStopped() ? Math.max(0, s.heldAtClose()) : s.poolStats().held();
        }
        return n;
    }

    private int nextShardIndex() {
        return Math.floorMod(nextShard.getAndIncrement(), shards.size());
    }
}

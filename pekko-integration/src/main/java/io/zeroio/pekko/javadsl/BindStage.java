package io.zeroio.pekko.javadsl;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnixDomainSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.pekko.Done;
import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.SourceShape;
import org.apache.pekko.stream.stage.AbstractGraphStageWithMaterializedValue;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStageLogic;

import io.zeroio.pekko.shard.ConnPort;
import io.zeroio.pekko.shard.ListenerPort;
import io.zeroio.pekko.shard.PortListener;
import io.zeroio.pekko.shard.ZeroIoShard;

/**
 * {@code Source<IncomingConnection, CompletionStage<ServerBinding>>}: listens on every shard (TCP:
 * SO_REUSEPORT so the kernel spreads connections over shards; Unix socket: shard 0) and emits
 * accepted connections as downstream pulls. Cancelling the source unbinds.
 */
public final class BindStage extends AbstractGraphStageWithMaterializedValue<SourceShape<IncomingConnection>,
    CompletionStage<ServerBinding>> {

    private static final Object SIGNAL = new Object();

    private final Outlet<IncomingConnection> out = Outlet.create("ZeroIoBind.out");
    private final SourceShape<IncomingConnection> shape = SourceShape.of(out);
    private final List<ZeroIoShard> shards;
    private final SocketAddress address;
    private final int acceptBuffer;

    /** Internal: {@code address} is an {@link InetSocketAddress} or a {@link UnixDomainSocketAddress}. */
    public BindStage(List<ZeroIoShard> shards, SocketAddress address, int acceptBuffer) {
        this.shards = shards;
        this.address = address;
        this.acceptBuffer = acceptBuffer;
    }

    @Override
    public SourceShape<IncomingConnection> shape() {
        return shape;
    }

    @Override
    public Pair<GraphStageLogic, CompletionStage<ServerBinding>> createLogicAndMaterializedValuePair(Attributes attrs) {
        final CompletableFuture<ServerBinding> binding = new CompletableFuture<>();
        return Pair.create(new Logic(binding), binding);
    }

    private final class Logic extends GraphStageLogic implements PortListener {
        private final CompletableFuture<ServerBinding> binding;
        private final ListenerPort lp = ListenerPort.create(shards.size(), acceptBuffer);
        private final CompletableFuture<Done> unbound = new CompletableFuture<>();
        private AsyncCallback<Object> callback;
        private AsyncCallback<Throwable> bindFailed;
        private final java.util.concurrent.atomic.AtomicBoolean unbinding = new java.util.concurrent.atomic.AtomicBoolean();

        Logic(CompletableFuture<ServerBinding> binding) {
            super(shape);
            this.binding = binding;
            setHandler(out, new AbstractOutHandler() {
                @Override
                public void onPull() {
                    tryPush();
                }

                @Override
                public void onDownstreamFinish(Throwable cause) {
                    unbind();
                    completeStage();
                }
            });
        }

        @Override
        public void preStart() {
            callback = createAsyncCallback(x -> onSignal());
            bindFailed = createAsyncCallback(this::onBindFailed);
            final AsyncCallback<SocketAddress> bound = createAsyncCallback(this::onBound);
            lp.attach(this);
            final CompletableFuture<SocketAddress> all;
            if (address instanceof UnixDomainSocketAddress uds) {
                all = shards.get(0).listenUds(lp, Path.of(uds.getPath().toString()));
            } else {
                final InetSocketAddress inet = (InetSocketAddress) address;
                final boolean reuse = shards.size() > 1;
                all = shards.get(0).listenTcp(lp, inet, reuse).thenCompose(first -> {
                    final InetSocketAddress resolved = new InetSocketAddress(inet.getAddress(),
                        ((InetSocketAddress) first).getPort());
                    CompletableFuture<SocketAddress> chain = CompletableFuture.completedFuture(first);
                    for (int i = 1; i < shards.size(); i++) {
                        final ZeroIoShard s = shards.get(i);
                        chain = chain.thenCompose(x -> s.listenTcp(lp, resolved, true)).thenApply(x -> first);
                    }
                    return chain;
                });
            }
            all.whenComplete((a, t) -> {
                if (t != null) {
                    bindFailed.invoke(t instanceof java.util.concurrent.CompletionException && t.getCause() != null
                        ? t.getCause() : t);
                } else {
                    bound.invoke(a);
                }
            });
        }

        private void onBound(SocketAddress a) {
            binding.complete(new ServerBinding(a, this::unbindFromOutside, unbound));
        }

        private void onBindFailed(Throwable t) {
            unbind();
            binding.completeExceptionally(t);
            failStage(t);
        }

        @Override
        public void signal() {
            callback.invoke(SIGNAL);
        }

        private void onSignal() {
            if (isAvailable(out)) {
                tryPush();
            }
        }

        private void tryPush() {
            ConnPort p = lp.poll();
            if (p == null) {
                if (lp.isUnbound()) {
                    completeStage();
                    return;
                }
                lp.requestSignal();
                p = lp.poll();
                if (p == null) {
                    return;
                }
            }
            push(out, new IncomingConnection(p, lp.localAddress()));
        }

        private CompletionStage<Done> unbindFromOutside() {
            unbind();
            return unbound;
        }

        private void unbind() {
            if (!unbinding.compareAndSet(false, true)) {
                return; // any thread (ServerBinding.unbind) or the stage itself
            }
            final CompletableFuture<?>[] all = new CompletableFuture<?>[shards.size()];
            for (int i = 0; i < all.length; i++) {
                all[i] = shards.get(i).unlisten(lp);
            }
            CompletableFuture.allOf(all).whenComplete((x, t) -> {
                unbound.complete(Done.getInstance());
                lp.signalAfterUnbind();
            });
        }

        @Override
        public void postStop() {
            unbind();
            // connections accepted but never emitted: close them
            for (ConnPort p; (p = lp.poll()) != null; ) {
                p.abort();
                p.consumerDone();
            }
            if (!binding.isDone()) {
                binding.completeExceptionally(new IllegalStateException("bind stream stopped before binding"));
            }
        }
    }
}

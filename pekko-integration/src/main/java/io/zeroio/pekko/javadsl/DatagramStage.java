package io.zeroio.pekko.javadsl;

import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.apache.pekko.japi.Pair;
import org.apache.pekko.stream.Attributes;
import org.apache.pekko.stream.FlowShape;
import org.apache.pekko.stream.Inlet;
import org.apache.pekko.stream.Outlet;
import org.apache.pekko.stream.stage.AbstractGraphStageWithMaterializedValue;
import org.apache.pekko.stream.stage.AbstractInHandler;
import org.apache.pekko.stream.stage.AbstractOutHandler;
import org.apache.pekko.stream.stage.AsyncCallback;
import org.apache.pekko.stream.stage.GraphStageLogic;

import io.zeroio.pekko.shard.ConnPort;
import io.zeroio.pekko.shard.PortListener;
import io.zeroio.pekko.shard.ZeroIoShard;

/**
 * A bound UDP socket as a {@code Flow<Outgoing, Datagram>}: pushes are datagrams to send
 * ({@link Outgoing#to}), pulls are received {@link Datagram}s. UDP has no flow control: when the
 * consumer holds every registry entry, further datagrams are dropped and counted (RX drops).
 * The materialized value completes with the bound address.
 */
public final class DatagramStage extends AbstractGraphStageWithMaterializedValue<FlowShape<Outgoing, Datagram>,
    CompletionStage<InetSocketAddress>> {

    private static final Object SIGNAL = new Object();

    private final Inlet<Outgoing> in = Inlet.create("ZeroIoUdp.send");
    private final Outlet<Datagram> out = Outlet.create("ZeroIoUdp.receive");
    private final FlowShape<Outgoing, Datagram> shape = FlowShape.of(in, out);
    private final ZeroIoShard shard;
    private final InetSocketAddress address;

    /** Internal: binds {@code address} on {@code shard} per materialization. */
    public DatagramStage(ZeroIoShard shard, InetSocketAddress address) {
        this.shard = shard;
        this.address = address;
    }

    @Override
    public FlowShape<Outgoing, Datagram> shape() {
        return shape;
    }

    @Override
    public Pair<GraphStageLogic, CompletionStage<InetSocketAddress>> createLogicAndMaterializedValuePair(Attributes attrs) {
        final CompletableFuture<InetSocketAddress> bound = new CompletableFuture<>();
        final ConnPort port = shard.newPort();
        return Pair.create(new Logic(port, bound), bound);
    }

    private final class Logic extends GraphStageLogic implements PortListener {
        private final ConnPort port;
        private final CompletableFuture<InetSocketAddress> bound;
        private AsyncCallback<Object> callback;
        private Outgoing pending;

        Logic(ConnPort port, CompletableFuture<InetSocketAddress> bound) {
            super(shape);
            this.port = port;
            this.bound = bound;
            setHandler(in, new AbstractInHandler() {
                @Override
                public void onPush() {
                    pending = grab(in);
                    offerPending();
                }

                @Override
                public void onUpstreamFinish() {
                    if (pending == null && isClosed(out)) {
                        completeStage();
                    }
                }
            });
            setHandler(out, new AbstractOutHandler() {
                @Override
                public void onPull() {
                    tryPush();
                }

                @Override
                public void onDownstreamFinish(Throwable cause) {
                    completeStage();
                }
            });
        }

        @Override
        public void preStart() {
            callback = createAsyncCallback(x -> onSignal());
            final AsyncCallback<Throwable> failed = createAsyncCallback(this::failStage);
            port.attach(this);
            shard.bindUdp(port, address).whenComplete((a, t) -> {
                if (t != null) {
                    final Throwable cause = t.getCause() != null ? t.getCause() : t;
                    bound.completeExceptionally(cause);
                    failed.invoke(cause);
                } else {
                    bound.complete((InetSocketAddress) a);
                }
            });
            pull(in);
        }

        @Override
        public void signal() {
            callback.invoke(SIGNAL);
        }

        private void onSignal() {
            if (port.failure() != null) {
                failStage(port.failure());
                return;
            }
            if (pending != null) {
                offerPending();
            }
            if (isAvailable(out)) {
                tryPush();
            }
        }

        private void offerPending() {
            if (!port.offer(pending)) {
                port.requestSignal();
                if (!port.offer(pending)) {
                    return;
                }
            }
            pending = null;
            if (isClosed(in)) {
                if (isClosed(out)) {
                    completeStage();
                }
            } else {
                pull(in);
            }
        }

        private void tryPush() {
            Datagram d = port.pollDatagram();
            if (d == null) {
                port.requestSignal();
                d = port.pollDatagram();
                if (d == null) {
                    return;
                }
            }
            push(out, d);
        }

        @Override
        public void postStop() {
            if (pending != null) {
                ZeroIoShard.discard(pending);
            }
            port.consumerDone();
        }
    }
}

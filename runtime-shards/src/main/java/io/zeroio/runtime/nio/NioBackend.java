package io.zeroio.runtime.nio;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.MembershipKey;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import io.zeroio.runtime.error.Errors;
import io.zeroio.runtime.error.ZeroIoException;
import io.zeroio.runtime.pool.Pools;
import io.zeroio.runtime.pool.SlotHandle;
import io.zeroio.runtime.pool.SlotPool;
import io.zeroio.runtime.shard.CompletionSink;
import io.zeroio.runtime.shard.Config;
import io.zeroio.runtime.shard.PeerAddress;
import io.zeroio.runtime.shard.ShardBackend;

/**
 * The portable backend: a {@code java.nio} {@link Selector}, chosen where io_uring is not
 * available (other kernels and OSes, {@code io_uring_disabled}, seccomp) or by configuration.
 * Same shard, same events, same tests; reads still land in pool slots (each slot has a
 * pre-made direct {@link ByteBuffer} view) and writes leave from them.
 *
 * <p>Differences from io_uring, by nature of NIO: one syscall per read and per write; a datagram
 * source is a {@link SocketAddress} the JDK allocates; SO_INCOMING_CPU and TCP_INFO read -1.
 * Shard thread only, except {@link #wakeKernel()}.
 */
public final class NioBackend implements ShardBackend {
    private static final int MAX_ENDPOINTS = 256;
    private static final int KIND_LISTENER = 1;
    private static final int KIND_UDP = 2;
    private static final int KIND_CONN = 3;
    private static final int ECONNRESET = 104;
    private static final int ECONNREFUSED = 111;
    private static final int EAGAIN = 11;
    private static final int EIO = 5;

    private final Selector selector;
    private CompletionSink sink;
    private Pools pools;
    private SlotPool rx;
    private ByteBuffer[][] views;
    private final SelectableChannel[] endpoints = new SelectableChannel[MAX_ENDPOINTS];
    private final int[] endpointKind = new int[MAX_ENDPOINTS];
    private final Attachment[] endpointTags = new Attachment[MAX_ENDPOINTS];
    private final SelectionKey[] endpointKeys = new SelectionKey[MAX_ENDPOINTS];
    /** UDP endpoints whose OP_READ is off because the shard refused an RX slot (counted in starvedCount). */
    private final boolean[] endpointStarved = new boolean[MAX_ENDPOINTS];
    private final List<MembershipKey> memberships = new ArrayList<>();
    private SocketChannel[] channels;
    private SelectionKey[] keys;
    private Attachment[] connTags;
    private ByteBuffer[] pendingWrite;
    private int[] pendingTotal;
    /** Connections whose OP_READ is off because the shard refused an RX slot. */
    private boolean[] starved;
    /** Starved connections plus starved UDP endpoints. */
    private int starvedCount;
    private final Ready ready = new Ready();
    private boolean closed;

    /** Opens the selector. */
    public NioBackend() throws ZeroIoException {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new ZeroIoException("Selector.open failed: " + e.getMessage(), e);
        }
    }

    @Override
    public String name() {
        return "nio";
    }

    @Override
    public void attach(CompletionSink completionSink, Config config, Pools shardPools) {
        this.sink = completionSink;
        this.pools = shardPools;
        this.rx = shardPools.tier(0);
        this.views = new ByteBuffer[shardPools.tierCount()][];
        for (int t = 0; t < shardPools.tierCount(); t++) {
            final SlotPool p = shardPools.tier(t);
            final MemorySegment region = p.region();
            views[t] = new ByteBuffer[p.capacity()];
            for (int s = 0; s < p.capacity(); s++) {
                views[t][s] = region.asSlice((long) s * p.slotSize(), p.slotSize()).asByteBuffer();
            }
        }
        final int n = config.maxConnections();
        channels = new SocketChannel[n];
        keys = new SelectionKey[n];
        connTags = new Attachment[n];
        pendingWrite = new ByteBuffer[n];
        pendingTotal = new int[n];
        starved = new boolean[n];
        for (int i = 0; i < n; i++) {
            connTags[i] = new Attachment(KIND_CONN, i);
        }
    }

    // ------------------------------------------------------------------ endpoints

    @Override
    public int tcpListen(InetSocketAddress address, int backlog, boolean reusePort) throws ZeroIoException {
        try {
            final ServerSocketChannel ch = ServerSocketChannel.open();
            try {
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                if (reusePort) {
                    ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                }
                ch.bind(address, backlog);
                ch.configureBlocking(false);
                return register(ch, KIND_LISTENER, SelectionKey.OP_ACCEPT);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (java.net.BindException e) {
            throw Errors.of("bind", 98, "cannot listen on " + address + ": " + e.getMessage()
                + "; another socket listens there: choose another port or enable SO_REUSEPORT");
        } catch (IOException e) {
            throw new ZeroIoException("listen on " + address + " failed: " + e, e);
        }
    }

    @Override
    public int udsListen(Path path, int backlog) throws ZeroIoException {
        try {
            final ServerSocketChannel ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            try {
                ch.bind(UnixDomainSocketAddress.of(path), backlog);
                ch.configureBlocking(false);
                return register(ch, KIND_LISTENER, SelectionKey.OP_ACCEPT);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (java.net.BindException e) {
            throw Errors.of("bind", 98, "cannot listen on " + path + ": " + e.getMessage() + "; remove the stale socket file");
        } catch (IOException e) {
            throw new ZeroIoException("listen on unix:" + path + " failed: " + e, e);
        }
    }

    @Override
    public int udpBind(InetSocketAddress address, boolean reusePort) throws ZeroIoException {
        try {
            final DatagramChannel ch = DatagramChannel.open(address.getAddress() instanceof java.net.Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET);
            try {
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                if (reusePort) {
                    ch.setOption(StandardSocketOptions.SO_REUSEPORT, true);
                }
                ch.bind(address);
                ch.configureBlocking(false);
                return register(ch, KIND_UDP, SelectionKey.OP_READ);
            } catch (IOException | RuntimeException e) {
                ch.close();
                throw e;
            }
        } catch (java.net.BindException e) {
            throw Errors.of("bind", 98, "cannot bind UDP " + address + ": " + e.getMessage());
        } catch (IOException e) {
            throw new ZeroIoException("UDP bind " + address + " failed: " + e, e);
        }
    }

    private int register(SelectableChannel ch, int kind, int ops) throws IOException {
        for (int e = 0; e < MAX_ENDPOINTS; e++) {
            if (endpoints[e] == null) {
                endpoints[e] = ch;
                endpointKind[e] = kind;
                endpointTags[e] = new Attachment(kind, e);
                endpointKeys[e] = ch.register(selector, ops, endpointTags[e]);
                endpointStarved[e] = false;
                return e;
            }
        }
        throw new IOException("too many endpoints on one shard (max " + MAX_ENDPOINTS + ")");
    }

    @Override
    public SocketAddress localAddress(int endpoint) throws ZeroIoException {
        try {
            final SelectableChannel ch = endpoint(endpoint);
            if (ch instanceof ServerSocketChannel s) {
                return s.getLocalAddress();
            }
            return ((DatagramChannel) ch).getLocalAddress();
        } catch (IOException e) {
            throw new ZeroIoException("getsockname failed: " + e, e);
        }
    }

    private SelectableChannel endpoint(int endpoint) {
        if (endpoint < 0 || endpoint >= MAX_ENDPOINTS || endpoints[endpoint] == null) {
            throw new IllegalArgumentException("no open endpoint " + endpoint);
        }
        return endpoints[endpoint];
    }

    @Override
    public void closeEndpoint(int endpoint) {
        final SelectableChannel ch = endpoint(endpoint);
        endpoints[endpoint] = null;
        endpointKeys[endpoint] = null;
        if (endpointStarved[endpoint]) {
            endpointStarved[endpoint] = false;
            starvedCount--;
        }
        try {
            ch.close();
        } catch (IOException ignored) {
            // closing a listener cannot lose data
        }
    }

    @Override
    public void multicast(int endpoint, InetAddress group, NetworkInterface nif, boolean join) throws ZeroIoException {
        final DatagramChannel ch = (DatagramChannel) endpoint(endpoint);
        try {
            final NetworkInterface dev = nif != null ? nif : NetworkInterface.getByName("lo");
            if (join) {
                ch.setOption(StandardSocketOptions.IP_MULTICAST_IF, dev);
                ch.setOption(StandardSocketOptions.IP_MULTICAST_LOOP, true);
                memberships.add(ch.join(group, dev));
            } else {
                for (int k = memberships.size() - 1; k >= 0; k--) {
                    final MembershipKey m = memberships.get(k);
                    if (m.channel() == ch && m.group().equals(group)) {
                        m.drop();
                        memberships.remove(k);
                    }
                }
            }
        } catch (IOException e) {
            throw new ZeroIoException("multicast " + (join ? "join " : "leave ") + group + " failed: " + e, e);
        }
    }

    // ------------------------------------------------------------------ connections

    @Override
    public void connect(int conn, SocketAddress remote) throws ZeroIoException {
        try {
            final SocketChannel ch = remote instanceof UnixDomainSocketAddress
                ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
            ch.configureBlocking(false);
            if (!(remote instanceof UnixDomainSocketAddress)) {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            channels[conn] = ch;
            boolean done;
            try {
                done = ch.connect(remote);
            } catch (IOException e) {
                keys[conn] = ch.register(selector, 0, connTags[conn]);
                sink.onConnected(conn, -errnoOf(e, ECONNREFUSED));
                return;
            }
            keys[conn] = ch.register(selector, done ? 0 : SelectionKey.OP_CONNECT, connTags[conn]);
            if (done) {
                sink.onConnected(conn, 0);
            }
        } catch (IOException e) {
            throw new ZeroIoException("connect to " + remote + " failed: " + e, e);
        }
    }

    private void accepted(int endpoint) {
        final ServerSocketChannel server = (ServerSocketChannel) endpoints[endpoint];
        while (sink.hasRoom(2)) {
            final SocketChannel ch;
            try {
                ch = server.accept();
            } catch (IOException e) {
                sink.onEndpointError(endpoint, -errnoOf(e, EIO));
                return;
            }
            if (ch == null) {
                return;
            }
            final int i = sink.onAccepted(endpoint);
            try {
                if (i < 0) {
                    ch.close();
                    continue;
                }
                ch.configureBlocking(false);
                if (!(ch.getLocalAddress() instanceof UnixDomainSocketAddress)) {
                    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                }
                channels[i] = ch;
                keys[i] = ch.register(selector, SelectionKey.OP_READ, connTags[i]);
            } catch (IOException e) {
                if (i >= 0) {
                    sink.onReceiveError(i, -errnoOf(e, EIO));
                }
            }
        }
    }

    @Override
    public void startReceive(int conn) {
        final SelectionKey k = keys[conn];
        if (k != null && k.isValid()) {
            k.interestOps(k.interestOps() | SelectionKey.OP_READ);
        }
    }

    /**
     * The application's pause: it also forgets a starvation, so {@link #resumeStarved} does not
     * resume a connection the application paused (only {@link #startReceive} does).
     */
    @Override
    public void pauseReceive(int conn) {
        if (starved[conn]) {
            starved[conn] = false;
            starvedCount--;
        }
        stopReading(conn);
    }

    private void stopReading(int conn) {
        final SelectionKey k = keys[conn];
        if (k != null && k.isValid()) {
            k.interestOps(k.interestOps() & ~SelectionKey.OP_READ);
        }
    }

    private void readable(int conn) {
        final long h = sink.acquireRxSlot();
        if (h == SlotHandle.NONE) {
            // Out of RX budget: stop reading until the shard would grant a slot again (see
            // resumeStarved). Leaving OP_READ on would make every select return this still-readable
            // socket at once, and the shard would spin refusing it.
            stopReading(conn);
            if (!starved[conn]) {
                starved[conn] = true;
                starvedCount++;
            }
            return;
        }
        final ByteBuffer view = views[0][SlotHandle.slot(h)];
        view.clear();
        int n;
        try {
            n = channels[conn].read(view);
        } catch (IOException e) {
            rx.release(h);
            sink.onReceiveError(conn, -errnoOf(e, ECONNRESET));
            return;
        }
        if (n > 0) {
            sink.onData(conn, h, 0, n);
        } else {
            rx.release(h);
            if (n < 0) {
                stopReading(conn);
                sink.onEndOfStream(conn);
            }
        }
    }

    @Override
    public int send(int conn, long address, int length) {
        final ByteBuffer view = viewOf(address, length);
        try {
            channels[conn].write(view);
        } catch (IOException e) {
            return -errnoOf(e, ECONNRESET);
        }
        if (!view.hasRemaining()) {
            return length;
        }
        pendingWrite[conn] = view;
        pendingTotal[conn] = length;
        keys[conn].interestOps(keys[conn].interestOps() | SelectionKey.OP_WRITE);
        return CompletionSink.PENDING;
    }

    private void writable(int conn) {
        final ByteBuffer view = pendingWrite[conn];
        if (view == null) {
            keys[conn].interestOps(keys[conn].interestOps() & ~SelectionKey.OP_WRITE);
            return;
        }
        int result;
        try {
            channels[conn].write(view);
            if (view.hasRemaining()) {
                return;
            }
            result = pendingTotal[conn];
        } catch (IOException e) {
            result = -errnoOf(e, ECONNRESET);
        }
        pendingWrite[conn] = null;
        if (keys[conn].isValid()) {
            keys[conn].interestOps(keys[conn].interestOps() & ~SelectionKey.OP_WRITE);
        }
        sink.onSent(conn, result);
    }

    private void connectable(int conn) {
        int result = 0;
        try {
            channels[conn].finishConnect();
            keys[conn].interestOps(0);
        } catch (IOException e) {
            result = -errnoOf(e, ECONNREFUSED);
        }
        sink.onConnected(conn, result);
    }

    /** The pre-made view of the slot holding {@code address}, positioned on {@code length} bytes. */
    private ByteBuffer viewOf(long address, int length) {
        for (int t = 0; t < views.length; t++) {
            final SlotPool p = pools.tier(t);
            final long base = p.slotAddress(0);
            final long rel = address - base;
            if (rel >= 0 && rel < (long) p.capacity() * p.slotSize()) {
                final int slot = (int) (rel / p.slotSize());
                final int offset = (int) (rel - (long) slot * p.slotSize());
                final ByteBuffer v = views[t][slot];
                v.limit(offset + length).position(offset);
                return v;
            }
        }
        throw new IllegalArgumentException("address is not inside a pool slot");
    }

    @Override
    public void sendDatagram(int endpoint, PeerAddress to, long handle, long address, int length) {
        sendDatagram(endpoint, to.toSocketAddress(), handle, address, length);
    }

    @Override
    public void sendDatagram(int endpoint, SocketAddress to, long handle, long address, int length) {
        int result;
        try {
            final int n = ((DatagramChannel) endpoints[endpoint]).send(viewOf(address, length), to);
            result = n == 0 ? -EAGAIN : n;
        } catch (IOException e) {
            result = -errnoOf(e, EIO);
        }
        sink.onDatagramSent(endpoint, handle, result);
    }

    private void datagrams(int endpoint) {
        final DatagramChannel ch = (DatagramChannel) endpoints[endpoint];
        while (sink.hasRoom(1)) {
            final long h = sink.acquireRxSlot();
            if (h == SlotHandle.NONE) {
                // As for a stream (readable): stop selecting the endpoint until a slot would be granted.
                final SelectionKey k = endpointKeys[endpoint];
                if (k != null && k.isValid()) {
                    k.interestOps(0);
                }
                if (!endpointStarved[endpoint]) {
                    endpointStarved[endpoint] = true;
                    starvedCount++;
                }
                return;
            }
            final ByteBuffer view = views[0][SlotHandle.slot(h)];
            view.clear();
            final SocketAddress from;
            try {
                from = ch.receive(view);
            } catch (IOException e) {
                rx.release(h);
                sink.onEndpointError(endpoint, -errnoOf(e, EIO));
                return;
            }
            if (from == null) {
                rx.release(h);
                return;
            }
            sink.onDatagramObject(endpoint, h, 0, view.position(), from);
        }
    }

    @Override
    public void shutdownOutput(int conn) {
        try {
            channels[conn].shutdownOutput();
        } catch (IOException ignored) {
            // the peer is gone; the close that follows reports it
        }
    }

    @Override
    public void close(int conn) {
        final SocketChannel ch = channels[conn];
        channels[conn] = null;
        pendingWrite[conn] = null;
        if (starved[conn]) {
            starved[conn] = false;
            starvedCount--;
        }
        if (keys[conn] != null) {
            keys[conn].cancel();
            keys[conn] = null;
        }
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // nothing left to flush on an abortive close
            }
        }
        sink.onClosed(conn);
    }

    @Override
    public int incomingCpu(int conn) {
        return -1;
    }

    @Override
    public void tcpInfo(int conn, long[] out) {
        out[0] = -1;
        out[1] = -1;
    }

    // ------------------------------------------------------------------ reaping

    @Override
    public int submitAndReap(long waitNanos) {
        if (starvedCount > 0) {
            resumeStarved();
        }
        ready.count = 0;
        try {
            if (waitNanos <= 0) {
                selector.selectNow(ready);
            } else {
                selector.select(ready, Math.max(1, (waitNanos + 999_999) / 1_000_000));
            }
        } catch (ClosedChannelException e) {
            return 0;
        } catch (IOException e) {
            throw new IllegalStateException("selector failed", e);
        }
        return ready.count;
    }

    /**
     * Re-arms reading on starved connections and UDP endpoints, but only while the shard would
     * actually grant an RX slot ({@link CompletionSink#rxSlotAvailable()}: pool not exhausted, and
     * the cascade's RX budget not spent unless HEALTHY). Re-arming on mere free slots spun the shard:
     * the socket is selected at once, the read refused again, and so on. If more are resumed than
     * slots remain, the extra ones are refused once and starve again: bounded, no spin.
     */
    private void resumeStarved() {
        for (int i = 0; i < starved.length && starvedCount > 0 && sink.rxSlotAvailable(); i++) {
            if (starved[i]) {
                starved[i] = false;
                starvedCount--;
                startReceive(i);
            }
        }
        for (int e = 0; e < MAX_ENDPOINTS && starvedCount > 0 && sink.rxSlotAvailable(); e++) {
            if (endpointStarved[e]) {
                endpointStarved[e] = false;
                starvedCount--;
                final SelectionKey k = endpointKeys[e];
                if (k != null && k.isValid()) {
                    k.interestOps(SelectionKey.OP_READ);
                }
            }
        }
    }

    @Override
    public void wakeKernel() {
        selector.wakeup();
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int e = 0; e < MAX_ENDPOINTS; e++) {
            if (endpoints[e] != null) {
                closeEndpoint(e);
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing to release beyond the selector's own fds
        }
    }

    private static int errnoOf(IOException e, int fallback) {
        final String m = String.valueOf(e.getMessage());
        if (m.contains("refused")) {
            return ECONNREFUSED;
        }
        if (m.contains("reset") || m.contains("Broken pipe")) {
            return ECONNRESET;
        }
        return fallback;
    }

    /** Identifies a key's owner without boxing: endpoint or connection, and its index. */
    private static final class Attachment {
        final int kind;
        final int index;

        Attachment(int kind, int index) {
            this.kind = kind;
            this.index = index;
        }
    }

    /** Selected-key consumer: a long-lived object, so selecting allocates no iterator or lambda. */
    private final class Ready implements Consumer<SelectionKey> {
        int count;

        @Override
        public void accept(SelectionKey key) {
            if (!key.isValid()) {
                return;
            }
            final Attachment a = (Attachment) key.attachment();
            final int ops = key.readyOps();
            count++;
            switch (a.kind) {
                case KIND_LISTENER -> accepted(a.index);
                case KIND_UDP -> datagrams(a.index);
                default -> {
                    final int i = a.index;
                    if ((ops & SelectionKey.OP_CONNECT) != 0) {
                        connectable(i);
                        return;
                    }
                    if ((ops & SelectionKey.OP_WRITE) != 0 && keys[i] == key) {
                        writable(i);
                    }
                    if ((ops & SelectionKey.OP_READ) != 0 && keys[i] == key && key.isValid() && sink.hasRoom(2)) {
                        readable(i);
                    }
                }
            }
        }
    }
}

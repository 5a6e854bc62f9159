package io.zeroio.pekko.shard;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

import org.agrona.collections.Int2ObjectHashMap;
import org.agrona.collections.Long2ObjectHashMap;
import org.agrona.collections.ObjectHashSet;
import org.jctools.queues.MpscUnboundedArrayQueue;

import io.zeroio.cascade.CascadeState;
import io.zeroio.cascade.TrafficClass;
import io.zeroio.pekko.ZeroIoSettings;
import io.zeroio.pekko.ZeroIoStreamException;
import io.zeroio.pekko.javadsl.Lease;
import io.zeroio.pekko.javadsl.Outgoing;
import io.zeroio.runtime.pool.PoolStats;
import io.zeroio.runtime.pool.Pools;
import io.zeroio.runtime.pool.SendBuffer;
import io.zeroio.runtime.pool.SlotPool;
import io.zeroio.runtime.shard.Config;
import io.zeroio.runtime.shard.Event;
import io.zeroio.runtime.shard.EventType;
import io.zeroio.runtime.shard.Io;

/**
 * One shard of the {@code ZeroIo} extension: a dedicated platform thread (never a dispatcher
 * thread), pinned when configured, that owns an {@link Io} and runs its duty cycle:
 * <ol>
 *   <li>{@code io.poll}: submit/reap, wait per the wakeup strategy when idle;</li>
 *   <li>dispatch events to connection ports (received payloads go into the port's lease ring, with
 *       one slot reference retained; no allocation);</li>
 *   <li>service ports scheduled by stream stages and sessions through a lock-free MPSC queue
 *       (outgoing elements, demand returned by releases, close requests);</li>
 *   <li>signal consumers that asked to be woken (one {@code AsyncCallback} per wake-up, not per
 *       message);</li>
 *   <li>run control tasks (bind, connect, unbind, statistics), which may allocate.</li>
 * </ol>
 * Other threads reach it only through {@link ConnPort#schedule()}, {@link #submit} and
 * {@code io.handle().wake()}.
 */
public final class ZeroIoShard {
    private static final long POLL_NANOS = 50_000_000L;

    private final int index;
    private final ZeroIoSettings settings;
    private final Config config;
    private final Thread thread;
    private final int ringCapacity;
    private final MpscUnboundedArrayQueue<ConnPort> attention = new MpscUnboundedArrayQueue<>(1024);
    private final MpscUnboundedArrayQueue<Consumer<Io>> tasks = new MpscUnboundedArrayQueue<>(64);
    private final Long2ObjectHashMap<ConnPort> byConn = new Long2ObjectHashMap<>();
    private final ObjectHashSet<ConnPort> live = new ObjectHashSet<>();
    private final Int2ObjectHashMap<ListenerPort> listeners = new Int2ObjectHashMap<>();
    private final Int2ObjectHashMap<ConnPort> udpPorts = new Int2ObjectHashMap<>();
    private final ConnPort[] notify;
    private final ShardCounters counters = new ShardCounters();
    private final CompletableFuture<Io> started = new CompletableFuture<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();
    private final Consumer<CascadeTransition> transitions;
    private int notifyCount;
    private volatile boolean running = true;
    private volatile Io io;
    private volatile Pools pools;
    private volatile int prefetchNow;
    private volatile long heldAtClose = -1;
    private CascadeState lastState = CascadeState.HEALTHY;

    /**
     * Creates (does not start) shard {@code index}.
     *
     * @param transitions told of every cascade transition, on the shard thread (must not block)
     */
    public ZeroIoShard(int index, String systemName, ZeroIoSettings settings, Consumer<CascadeTransition> transitions) {
        this.index = index;
        this.settings = settings;
        this.config = settings.shardConfig(systemName, index);
        this.transitions = transitions;
        this.ringCapacity = Integer.highestOneBit(Math.max(8, settings.prefetch() * 2) - 1) << 1;
        this.notify = new ConnPort[config.maxConnections() + 1];
        this.prefetchNow = settings.prefetch();
        this.thread = Thread.ofPlatform().name(config.name()).daemon(true).unstarted(this::run);
    }

    /** Starts the thread and waits until the shard is open. */
    public void start() {
        thread.start();
        try {
            started.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            final Throwable c = e.getCause();
            throw c instanceof RuntimeException r ? r : new ZeroIoStreamException("shard " + index + " failed to start", c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZeroIoStreamException("interrupted while starting shard " + index, e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new ZeroIoStreamException("shard " + index + " did not start within 30 s", e);
        }
    }

    // ------------------------------------------------------------------ any thread

    /** Shard index. */
    public int index() {
        return index;
    }

    /** The shard thread. */
    public Thread thread() {
        return thread;
    }

    /** The runtime-shards configuration it runs with. */
    public Config config() {
        return config;
    }

    /** Backend name ("io_uring" or "nio"). */
    public String backendName() {
        return io.backendName();
    }

    /** Traffic counters. */
    public ShardCounters counters() {
        return counters;
    }

    /** Pool statistics now (allocates). */
    public PoolStats poolStats() {
        return pools.stats();
    }

    /** The shard's pools (thread-safe statistics and release). */
    public Pools pools() {
        return pools;
    }

    /** The cascade state now. */
    public CascadeState cascadeState() {
        return io.cascade().state();
    }

    /** The shard's cascade (drops and transitions readable from any thread). */
    public io.zeroio.cascade.BackpressureCascade cascade() {
        return io.cascade();
    }

    /** Open connections (a racy but untorn read). */
    public int openConnections() {
        return io.openConnections();
    }

    /** The per-connection lease prefetch granted in the current cascade state. */
    public int prefetchNow() {
        return prefetchNow;
    }

    /** Slots still held by the application after the shard closed (0 = no leak), or -1 while running. */
    public long heldAtClose() {
        return heldAtClose;
    }

    /** Whether the shard thread has finished. */
    public boolean isStopped() {
        return stopped.isDone();
    }

    /** A writable slot of this shard for a producer on any thread, or null when the pools are exhausted. */
    public SendBuffer sendBuffer(int minSize) {
        return pools.acquireSendBuffer(minSize);
    }

    /** A new port for a connection of this shard (any thread). */
    public ConnPort newPort() {
        return new ConnPort(this, ringCapacity, settings.outgoingBuffer(), 2 * settings.rxBufferCount() + 64);
    }

    /** Runs {@code task} on the shard thread (control path; allocates). */
    public <T> CompletableFuture<T> submit(Function<Io, T> task) {
        final CompletableFuture<T> result = new CompletableFuture<>();
        if (!running) {
            result.completeExceptionally(new ZeroIoStreamException("shard " + index + " is stopped"));
            return result;
        }
        tasks.offer(io -> {
            try {
                result.complete(task.apply(io));
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        wake();
        return result;
    }

    void enqueue(ConnPort port) {
        attention.offer(port);
        wake();
    }

    private void wake() {
        final Io shard = io;
        if (shard != null) {
            shard.handle().wake();
        }
    }

    long slotAddress(long handle) {
        return pools.poolOf(handle).address(handle);
    }

    void releaseSlot(long handle) {
        pools.poolOf(handle).release(handle);
    }

    /** Releases everything left in an orphaned port's out queue (whoever calls it, each element once). */
    static void discardOutgoing(ConnPort port) {
        for (Outgoing o; (o = port.outgoing.poll()) != null; ) {
            discard(o);
        }
    }

    /** Releases whatever slot an element holds (an element that will never be sent). Any thread. */
    public static void discard(Outgoing o) {
        switch (o) {
            case Outgoing.Send s -> {
                if (s.buffer().isOpen()) {
                    s.buffer().abort();
                }
            }
            case Lease l -> {
                try {
                    final long h = l.transfer();
                    if (h != 0L) {
                        l.port().shard.releaseSlot(h);
                    }
                } catch (IllegalStateException alreadyGone) {
                    // released or transferred before: nothing held
                }
            }
            case Outgoing.Bytes b -> {
                // heap bytes: nothing to release
            }
            case Outgoing.To to -> discard(to.payload());
        }
    }

    // ------------------------------------------------------------------ control operations (any thread)

    /** Listens on TCP for {@code lp}; completes with the bound address. */
    public CompletableFuture<java.net.SocketAddress> listenTcp(ListenerPort lp, InetSocketAddress address, boolean reusePort) {
        return submit(io -> {
            try {
                final int ep = io.tcpListen(address, 1024, reusePort);
                lp.endpoints[index] = ep;
                listeners.put(ep, lp);
                final java.net.SocketAddress bound = io.localAddress(ep);
                if (lp.localAddress() == null) {
                    lp.localAddress(bound);
                }
                return bound;
            } catch (io.zeroio.runtime.error.ZeroIoException e) {
                throw new ZeroIoStreamException("bind " + address + " failed: " + e.getMessage(), e);
            }
        });
    }

    /** Listens on a Unix domain socket for {@code lp}. */
    public CompletableFuture<java.net.SocketAddress> listenUds(ListenerPort lp, Path path) {
        return submit(io -> {
            try {
                final int ep = io.udsListen(path);
                lp.endpoints[index] = ep;
                listeners.put(ep, lp);
                lp.localAddress(java.net.UnixDomainSocketAddress.of(path));
                return lp.localAddress();
            } catch (io.zeroio.runtime.error.ZeroIoException e) {
                throw new ZeroIoStreamException("bind " + path + " failed: " + e.getMessage(), e);
            }
        });
    }

    /** Binds a UDP socket for {@code port}; completes with the bound address. */
    public CompletableFuture<java.net.SocketAddress> bindUdp(ConnPort port, InetSocketAddress address) {
        return submit(io -> {
            try {
                final int ep = io.udpBind(address);
                port.udpEndpoint = ep;
                udpPorts.put(ep, port);
                live.add(port);
                port.markConnected();
                return io.localAddress(ep);
            } catch (io.zeroio.runtime.error.ZeroIoException e) {
                throw new ZeroIoStreamException("udp bind " + address + " failed: " + e.getMessage(), e);
            }
        });
    }

    /** Stops accepting for {@code lp} on this shard (accepted connections stay open). */
    public CompletableFuture<Boolean> unlisten(ListenerPort lp) {
        return submit(io -> {
            final int ep = lp.endpoints[index];
            if (ep >= 0) {
                lp.endpoints[index] = -1;
                listeners.remove(ep);
                io.closeEndpoint(ep);
            }
            lp.markUnbound();
            return Boolean.TRUE;
        });
    }

    /** Connects {@code port} to a TCP address or a Unix socket path. */
    public void connect(ConnPort port, java.net.SocketAddress remote) {
        submit(io -> {
            live.add(port);
            try {
                final long conn = remote instanceof InetSocketAddress inet ? io.tcpConnect(inet)
                    : io.udsConnect(Path.of(((java.net.UnixDomainSocketAddress) remote).getPath().toString()));
                port.conn = conn;
                port.registered = true;
                byConn.put(conn, port);
                service(io, port);
            } catch (Exception e) {
                port.markFailed(new ZeroIoStreamException("connect " + remote + " failed: " + e.getMessage(), e));
                port.markClosed();
                port.signalAlways();
                if (port.consumerDoneFlag()) {
                    finalizePort(port);
                }
            }
            return null;
        }).exceptionally(t -> {
            port.markFailed(t);
            port.markClosed();
            port.signalAlways();
            return null;
        });
    }

    /** Closes every connection gracefully (CoordinatedShutdown), within the drain timeout. */
    public CompletableFuture<Integer> closeAllGracefully(Duration timeout) {
        return submit(io -> {
            int n = 0;
            for (ConnPort p : live) {
                if (p.conn != 0 && !p.isClosed() && !p.closeRequested) {
                    p.closeRequested = true;
                    io.closeGraceful(p.conn, timeout);
                    n++;
                }
            }
            return n;
        });
    }

    /** Stops the loop: reclaims every lease, closes the Io, joins the thread (bounded). Idempotent. */
    public void stop(Duration timeout) {
        running = false;
        wake();
        try {
            stopped.get(timeout.toMillis() + 5000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("shard " + config.name() + " did not stop in time", e);
        }
    }

    // ------------------------------------------------------------------ the loop (shard thread)

    private void run() {
        final Io shard;
        try {
            shard = Io.open(config);
        } catch (Throwable t) {
            started.completeExceptionally(t);
            stopped.complete(null);
            return;
        }
        pools = shard.pools();
        shard.cascade().addListener(this::onTransition);
        io = shard;
        started.complete(shard);
        try {
            while (running) {
                shard.poll(POLL_NANOS);
                for (Event ev; (ev = shard.nextEvent()) != null; ) {
                    dispatch(shard, ev);
                }
                serviceScheduled(shard);
                flushNotifies();
                runTasks(shard);
                adjustDemand(shard);
            }
        } catch (Throwable t) {
            System.getLogger(ZeroIoShard.class.getName()).log(System.Logger.Level.ERROR,
                "zero-io shard " + config.name() + " stopped on an unexpected failure; its connections are closed", t);
            if (t instanceof Error e) {
                throw e;
            }
        } finally {
            shutdownPorts(shard);
            shard.close();
            heldAtClose = shard.pools().stats().held();
            stopped.complete(null);
        }
    }

    private void runTasks(Io shard) {
        for (Consumer<Io> t; (t = tasks.poll()) != null; ) {
            t.accept(shard);
        }
    }

    private void serviceScheduled(Io shard) {
        for (ConnPort p; (p = attention.poll()) != null; ) {
            p.clearScheduled();
            service(shard, p);
        }
    }

    private void flushNotifies() {
        for (int i = 0; i < notifyCount; i++) {
            final ConnPort p = notify[i];
            notify[i] = null;
            p.notifyPending = false;
            p.signalIfWanted();
        }
        notifyCount = 0;
    }

    private void markNotify(ConnPort p) {
        if (!p.notifyPending && notifyCount < notify.length) {
            p.notifyPending = true;
            notify[notifyCount++] = p;
        }
    }

    private void dispatch(Io shard, Event ev) {
        final EventType type = ev.type();
        switch (type) {
            case DATA -> onData(shard, ev);
            case ACCEPTED -> onAccepted(shard, ev.conn(), ev.endpoint());
            case CONNECTED -> {
                final ConnPort p = byConn.get(ev.conn());
                if (p != null) {
                    p.markConnected();
                    p.signalAlways();
                    service(shard, p);
                }
            }
            case PEER_CLOSED -> {
                final ConnPort p = byConn.get(ev.conn());
                if (p != null) {
                    if (p.spillCount > 0) {
                        p.peerClosedDeferred = true; // published once the spill drained (service)
                    } else {
                        p.markPeerClosed();
                        p.signalAlways();
                    }
                }
            }
            case RESET, ERROR -> {
                final ConnPort p = ev.conn() == 0 ? null : byConn.get(ev.conn());
                if (p != null) {
                    p.markFailed(new ZeroIoStreamException("connection " + (type == EventType.RESET ? "reset" : "failed"),
                        ev.error()));
                    p.signalAlways();
                }
            }
            case DISCONNECTED -> {
                final ConnPort p = byConn.remove(ev.conn());
                if (p != null) {
                    p.registered = false;
                    if (p.spillCount > 0 && !p.consumerDoneFlag()) {
                        p.closedDeferred = true; // published once the spill drained (service)
                    } else {
                        p.markClosed();
                        p.signalAlways();
                    }
                    if (p.consumerDoneFlag()) {
                        finalizePort(p);
                    } else {
                        service(shard, p); // releases anything queued to send
                    }
                }
            }
            case WRITABLE -> {
                final ConnPort p = byConn.get(ev.conn());
                if (p != null) {
                    p.txBlocked = false;
                    service(shard, p);
                }
            }
            case DATAGRAM -> onDatagram(ev);
            default -> {
                // TIMER is not used by ports
            }
        }
    }

    private void onAccepted(Io shard, long conn, int endpoint) {
        final ListenerPort lp = listeners.get(endpoint);
        if (lp == null) {
            shard.close(conn);
            return;
        }
        final ConnPort p = newPort();
        p.conn = conn;
        p.markConnected();
        if (!lp.accepted.offer(p)) {
            shard.close(conn); // accept buffer full: refuse
            return;
        }
        p.registered = true;
        byConn.put(conn, p);
        live.add(p);
        lp.signal();
    }

    private void onData(Io shard, Event ev) {
        final ConnPort p = byConn.get(ev.conn());
        final int length = ev.length();
        counters.received(length);
        if (p == null || p.inboundCancelledRequested() || p.consumerDoneFlag()) {
            return; // the Io releases the slot at the next poll
        }
        final long h = ev.slot();
        final SlotPool pool = pools.poolOf(h);
        pool.retain(h); // the ring's reference; the event's own is released by the Io at the next poll
        if (p.spillCount == 0 && p.canWrite()) {
            p.write(h, ev.offset(), length);
            markNotify(p);
        } else if (!p.spill(h, ev.offset(), length)) {
            pool.release(h);
            p.markFailed(new ZeroIoStreamException("receive overrun: the consumer holds every lease of the connection"));
            shard.close(p.conn);
            p.signalAlways();
            return;
        }
        checkPause(shard, p);
    }

    private void onDatagram(Event ev) {
        final ConnPort p = udpPorts.get(ev.endpoint());
        counters.received(ev.length());
        if (p == null || p.consumerDoneFlag()) {
            return;
        }
        if (!p.canWrite()) {
            io.cascade().recordDrop(TrafficClass.RX); // UDP: no flow control, the consumer is behind
            return;
        }
        final long h = ev.slot();
        pools.poolOf(h).retain(h);
        p.peer(ev.peer().toSocketAddress()); // one small object per datagram (the sender), shard thread
        p.write(h, ev.offset(), ev.length());
        markNotify(p);
    }

    private void serviceUdp(Io shard, ConnPort p) {
        if (p.consumerDoneFlag()) {
            discardOutgoing(p);
            udpPorts.remove(p.udpEndpoint);
            shard.closeEndpoint(p.udpEndpoint);
            p.markClosed();
            finalizePort(p);
            return;
        }
        for (Outgoing o; (o = p.outgoing.poll()) != null; ) {
            if (!(o instanceof Outgoing.To to)) {
                discard(o);
                counters.shed();
                continue;
            }
            sendDatagram(shard, p, to);
        }
        p.signalIfWanted();
    }

    private void sendDatagram(Io shard, ConnPort p, Outgoing.To to) {
        final Outgoing payload = to.payload();
        if (payload instanceof Outgoing.Send s && pools.tier(s.buffer().pool().tier()) == s.buffer().pool()) {
            final int n = s.buffer().length();
            if (shard.udpSend(p.udpEndpoint, to.target(), s.buffer())) {
                counters.sent(n);
            } else {
                counters.shed();
            }
            return;
        }
        // a lease, bytes or another shard's slot: one counted copy into a slot of this shard
        final int n;
        final SendBuffer b;
        switch (payload) {
            case Lease l -> {
                n = l.length();
                b = shard.sendBuffer(n);
                if (b != null) {
                    b.pool().copy(l.address(), b.address(), n);
                }
                discard(l);
            }
            case Outgoing.Bytes bytes -> {
                n = bytes.bytes().length();
                b = shard.sendBuffer(n);
                if (b != null) {
                    final ByteBuffer src = bytes.bytes().asByteBuffer();
                    b.buffer().putBytes(0, src, src.position(), n);
                    b.pool().countCopy();
                }
            }
            case Outgoing.Send s -> {
                n = s.buffer().length();
                b = shard.sendBuffer(n);
                if (b != null) {
                    b.pool().copy(s.buffer().address(), b.address(), n);
                }
                s.buffer().abort();
            }
            case Outgoing.To nested -> {
                discard(nested);
                counters.shed();
                return;
            }
        }
        if (b == null) {
            shard.cascade().recordDrop(TrafficClass.TX_BULK);
            counters.shed();
        } else if (shard.udpSend(p.udpEndpoint, to.target(), b.length(n))) {
            counters.sent(n);
        } else {
            counters.shed();
        }
    }

    private void checkPause(Io shard, ConnPort p) {
        if (!p.rxPaused && p.outstanding() + p.spillCount >= prefetchNow && !p.inboundCancelledRequested()) {
            p.rxPaused = true; // volatile store, then re-read `released` (volatile) below: see ConnPort
            shard.pauseReceive(p.conn);
            if (p.outstanding() + p.spillCount < prefetchNow) {
                p.rxPaused = false;
                shard.resumeReceive(p.conn);
            }
        }
    }

    /** Everything a port may need after its consumer or the shard changed something. */
    private void service(Io shard, ConnPort p) {
        if (p.finalized) {
            return;
        }
        if (p.udpEndpoint >= 0) {
            serviceUdp(shard, p);
            return;
        }
        // spilled payloads move into registry entries the consumer freed; a peer close or close
        // seen meanwhile is published only after them, so the consumer never ends before its data
        if (p.spillCount > 0 && p.unspill()) {
            markNotify(p);
        }
        if (p.spillCount == 0 && (p.peerClosedDeferred || p.closedDeferred)) {
            if (p.peerClosedDeferred) {
                p.peerClosedDeferred = false;
                p.markPeerClosed();
            }
            if (p.closedDeferred) {
                p.closedDeferred = false;
                p.markClosed();
            }
            p.signalAlways();
        }
        if (p.conn == 0 && !p.isClosed()) {
            return; // an outgoing connection not issued yet: its elements wait for CONNECTED
        }
        if (!p.isClosed()) {
            if (p.abortRequestedFlag() && !p.closeRequested) {
                p.closeRequested = true;
                shard.close(p.conn);
            }
            if (p.isConnected()) {
                drainOutgoing(shard, p);
            }
            if (p.outputFinishedRequested() && p.outgoing.isEmpty() && !p.closeRequested) {
                p.closeRequested = true;
                shard.closeGraceful(p.conn, settings.drainTimeout());
            }
            if (p.rxPaused) {
                if (p.inboundCancelledRequested() || p.outstanding() + p.spillCount < prefetchNow) {
                    p.rxPaused = false;
                    shard.resumeReceive(p.conn);
                }
            } else {
                checkPause(shard, p);
            }
            if (p.consumerDoneFlag() && !p.closeRequested) {
                if (p.failure() != null || p.abortRequestedFlag()) {
                    p.closeRequested = true;
                    shard.close(p.conn);
                } else if (p.outgoing.isEmpty()) {
                    // graceful only once everything the consumer queued went to the kernel queue
                    // (a graceful close refuses new sends); else the next WRITABLE gets here again
                    p.closeRequested = true;
                    shard.closeGraceful(p.conn, settings.drainTimeout());
                }
            }
        } else {
            discardOutgoing(p);
            if (p.consumerDoneFlag() && (p.isClosed() || !p.registered)) {
                finalizePort(p);
                return;
            }
        }
        p.signalIfWanted();
    }

    private void drainOutgoing(Io shard, ConnPort p) {
        while (!p.txBlocked) {
            if (shard.sendQueueRemaining(p.conn) == 0) {
                p.txBlocked = true; // a WRITABLE event resumes
                return;
            }
            final Outgoing o = p.outgoing.poll();
            if (o == null) {
                return;
            }
            send(shard, p, o);
        }
    }

    private void send(Io shard, ConnPort p, Outgoing o) {
        switch (o) {
            case Lease l -> sendLease(shard, p, l);
            case Outgoing.Send s -> sendBuffer(shard, p, s.buffer(), s.critical());
            case Outgoing.Bytes b -> sendBytes(shard, p, b.bytes());
            case Outgoing.To to -> {
                discard(to); // datagrams belong to UDP flows
                counters.shed();
            }
        }
    }

    private void sendLease(Io shard, ConnPort p, Lease l) {
        final int length = l.length();
        final long h;
        try {
            h = l.transfer();
        } catch (IllegalStateException e) {
            counters.shed();
            return;
        }
        if (h == 0L) {
            counters.shed(); // reclaimed meanwhile (its connection ended)
            return;
        }
        final ZeroIoShard from = l.port().shard;
        if (from == this) {
            // zero copy: the kernel sends from the slot it received into (one more reference, ours dropped)
            if (shard.sendLease(p.conn, h, l.offset(), length)) {
                counters.sent(length);
            } else {
                counters.shed();
            }
            releaseSlot(h);
        } else {
            final SendBuffer b = shard.sendBuffer(length);
            if (b == null) {
                shard.cascade().recordDrop(TrafficClass.TX_BULK);
                counters.shed();
            } else {
                b.pool().copy(from.slotAddress(h) + l.offset(), b.address(), length); // counted cross-shard copy
                if (shard.send(p.conn, b.length(length))) {
                    counters.sent(length);
                } else {
                    counters.shed();
                }
            }
            from.releaseSlot(h);
        }
    }

    private void sendBuffer(Io shard, ConnPort p, SendBuffer b, boolean critical) {
        final int length = b.length();
        if (pools.tierCount() > b.pool().tier() && pools.tier(b.pool().tier()) == b.pool()) {
            final boolean ok = critical ? shard.sendCritical(p.conn, b) : shard.send(p.conn, b);
            if (ok) {
                counters.sent(length);
            } else {
                counters.shed();
            }
            return;
        }
        // a slot of another shard: one counted copy into ours
        final SendBuffer mine = shard.sendBuffer(length);
        if (mine == null) {
            b.abort();
            shard.cascade().recordDrop(critical ? TrafficClass.TX_CRITICAL : TrafficClass.TX_BULK);
            counters.shed();
            return;
        }
        mine.pool().copy(b.address(), mine.address(), length);
        b.abort();
        final boolean ok = critical ? shard.sendCritical(p.conn, mine.length(length)) : shard.send(p.conn, mine.length(length));
        if (ok) {
            counters.sent(length);
        } else {
            counters.shed();
        }
    }

    private void sendBytes(Io shard, ConnPort p, org.apache.pekko.util.ByteString bytes) {
        final int max = pools.tier(pools.tierCount() - 1).slotSize();
        int at = 0;
        final int total = bytes.length();
        while (at < total) {
            final int n = Math.min(max, total - at);
            final SendBuffer b = shard.sendBuffer(n);
            if (b == null) {
                shard.cascade().recordDrop(TrafficClass.TX_BULK);
                counters.shed();
                return;
            }
            final ByteBuffer src = bytes.slice(at, at + n).asByteBuffer();
            b.buffer().putBytes(0, src, src.position(), n);
            b.pool().countCopy();
            if (shard.send(p.conn, b.length(n))) {
                counters.sent(n);
            } else {
                counters.shed();
                return;
            }
            at += n;
        }
    }

    private void finalizePort(ConnPort p) {
        if (p.finalized) {
            return;
        }
        p.finalized = true;
        p.orphaned = true; // volatile store before draining: a later offer() sees it and drains itself
        discardOutgoing(p);
        p.reclaimAll();
        live.remove(p);
        if (p.registered) {
            byConn.remove(p.conn);
            p.registered = false;
        }
    }

    private void adjustDemand(Io shard) {
        final CascadeState s = shard.pressure();
        if (s == lastState) {
            return;
        }
        final boolean relief = s.ordinal() < lastState.ordinal();
        lastState = s;
        prefetchNow = prefetchFor(s);
        if (relief) {
            for (ConnPort p : live) {
                if (p.rxPaused) {
                    service(shard, p);
                }
            }
        }
    }

    /** The per-connection prefetch granted in {@code state} (Healthy, Warning, Critical/Drain). */
    public int prefetchFor(CascadeState state) {
        return switch (state) {
            case HEALTHY -> settings.prefetch();
            case WARNING -> settings.warningPrefetch();
            case CRITICAL, DRAIN -> settings.criticalPrefetch();
        };
    }

    private void onTransition(CascadeState from, CascadeState to, double utilisation) {
        prefetchNow = prefetchFor(to); // takes effect for the next receive at once
        if (transitions != null) {
            transitions.accept(new CascadeTransition(index, from, to, utilisation, prefetchFor(to)));
        }
    }

    private void shutdownPorts(Io shard) {
        runTasks(shard);
        final List<ConnPort> all = new ArrayList<>(live);
        for (ConnPort p : all) {
            p.markFailedIfOpen();
            p.markClosed();
            finalizePort(p);
            p.signalAlways();
        }
        for (ConnPort p; (p = attention.poll()) != null; ) {
            if (!p.finalized) {
                p.markClosed();
                finalizePort(p);
                p.signalAlways();
            }
        }
        for (ListenerPort lp : listeners.values()) {
            lp.markUnbound();
            lp.signalAlways();
        }
        listeners.clear();
        // tasks that arrive from now on are refused by submit(); the ones already queued fail here
        for (Consumer<Io> t; (t = tasks.poll()) != null; ) {
            t.accept(shard);
        }
    }
}

package io.zeroio.runtime.shard;

import static io.zeroio.runtime.shard.ShardTestSupport.assertEchoes;
import static io.zeroio.runtime.shard.ShardTestSupport.awaitTrue;
import static io.zeroio.runtime.shard.ShardTestSupport.callCatching;
import static io.zeroio.runtime.shard.ShardTestSupport.port;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;

import org.agrona.DirectBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.zeroio.cascade.TrafficClass;
import io.zeroio.runtime.error.AddressInUseException;
import io.zeroio.runtime.error.ConnectionRefusedException;
import io.zeroio.runtime.error.ConnectionResetException;
import io.zeroio.runtime.error.TooManyConnectionsException;
import io.zeroio.runtime.error.ZeroIoException;
import io.zeroio.runtime.pool.OwnedSlot;
import io.zeroio.runtime.pool.PoolTier;
import io.zeroio.runtime.pool.SendBuffer;
import io.zeroio.runtime.pool.SlotStateException;
import io.zeroio.runtime.shard.ShardTestSupport.Rec;
import io.zeroio.runtime.shard.ShardTestSupport.RecordingEcho;

/**
 * Bad input and faults, over every backend: each gives its typed error or event, the shard keeps
 * serving a fresh echo connection, and the pools are back to full capacity afterwards.
 */
@Timeout(60)
class FaultTest {
    private ShardRunner shard;
    private RecordingEcho handler;

    @AfterEach
    void stop() throws Exception {
        if (shard != null) {
            shard.close();
        }
    }

    private void start(Config config, RecordingEcho h) throws ZeroIoException {
        handler = h;
        shard = ShardRunner.start(config, h);
    }

    /** The end of every fault test: a fresh connection is echoed, nothing stays open, every slot is free. */
    private void stillServesAndNothingLeaked() throws Exception {
        assertEchoes(port(shard, handler.listener));
        ShardAssertions.awaitOpenConnections(shard, 0);
        ShardAssertions.awaitPoolsFull(shard);
    }

    private long connect(InetSocketAddress to) throws ZeroIoException {
        return shard.call(io -> {
            try {
                return io.tcpConnect(to);
            } catch (ZeroIoException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    // ------------------------------------------------------------------ connect refused

    @ParameterizedTest
    @MethodSource("io.zeroio.runtime.shard.Backends4Test#all")
    void connectRefusedGivesErrorThenDisconnected(BackendKind kind) throws Exception {
        start(Backends4Test.config(kind), new RecordingEcho());
        final long conn = connect(new InetSocketAddress("127.0.0.1", closedPort()));
        final Rec error = handler.await("ERROR of the refused connect", r -> r.type() == EventType.ERROR && r.conn() == conn);
        assertEquals(111, error.errno(), "ECONNREFUSED");
        assertInstanceOf(ConnectionRefusedException.class, error.error());
        assertTrue(error.error().getMessage().contains("ECONNREFUSED"), error.error().getMessage());
        final Rec gone = handler.await("DISCONNECTED of the refused connect", r -> r.type() == EventType.DISCONNECTED && r.conn() == conn);
        assertEquals(111, gone.errno(), "the DISCONNECTED event carries the reason");
        final List<Rec> forConn = handler.all(r -> r.conn() == conn);
        assertEquals(List.of(EventType.ERROR, EventType.DISCONNECTED), forConn.stream().map(Rec::type).toList(),
            "exactly ERROR then DISCONNECTED, never CONNECTED");
        assertEquals(0, (int) shard.call(io -> io.sendQueueRemaining(conn)), "the id is retired");
        stillServesAndNothingLeaked();
    }

    // ------------------------------------------------------------------ address in use

    @ParameterizedTest
    @MethodSource("io.zeroio.runtime.shard.Backends4Test#all")
    void addressInUseIsTypedAndNamesTheFix(BackendKind kind) throws Exception {
        start(Backends4Test.config(kind), new RecordingEcho());
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            final Throwable t = callCatching(shard, io -> io.tcpListen(new InetSocketAddress("127.0.0.1", taken.getLocalPort())));
            final AddressInUseException e = assertInstanceOf(AddressInUseException.class, t);
            assertEquals(98, e.errno());
            assertEquals("bind", e.syscall());
            assertTrue(e.getMessage().contains("EADDRINUSE"), e.getMessage());
            assertTrue(e.getMessage().contains(String.valueOf(taken.getLocalPort())), "names the address: " + e.getMessage());
            assertTrue(e.getMessage().contains("choose another port") && e.getMessage().contains("SO_REUSEPORT"),
                "names the fix: " + e.getMessage());
        }
        stillServesAndNothingLeaked();
    }

    // ------------------------------------------------------------------ peer reset mid-stream

    @ParameterizedTest
    @MethodSource("io.zeroio.runtime.shard.Backends4Test#all")
    void peerResetMidStreamIsReportedAndLeaksNothing(BackendKind kind) throws Exception {
        start(Backends4Test.config(kind), new RecordingEcho());
        final Socket client = new Socket("127.0.0.1", port(shard, handler.listener));
        final long conn = handler.await("ACCEPTED", r -> r.type() == EventType.ACCEPTED).conn();
        // The client writes and never reads: the echoes pile up in the shard's send queue.
        final Thread writer = Thread.ofPlatform().daemon().start(() -> {
            final byte[] chunk = new byte[16 * 1024];
            try {
                final OutputStream out = client.getOutputStream();
                for (int i = 0; i < 4096; i++) {
                    out.write(chunk);
                }
            } catch (IOException expected) {
                // the socket is closed under the writer
            }
        });
        awaitTrue("the shard holding unsent echo data for the client", () -> {
            try {
                final ConnStats s = shard.call(io -> io.connStats(conn));
                return s != null && s.queuedSends() > 0;
            } catch (ZeroIoException e) {
                throw new IllegalStateException(e);
            }
        });
        client.setSoLinger(true, 0); // close() sends RST instead of FIN
        client.close();
        writer.join(10_000);
        final Rec gone = handler.await("DISCONNECTED of the reset connection",
            r -> r.type() == EventType.DISCONNECTED && r.conn() == conn);
        assertNotEquals(0, gone.errno(), "a reset is not a clean close");
        assertInstanceOf(ConnectionResetException.class, gone.error());
        final List<Rec> resets = handler.all(r -> r.type() == EventType.RESET && r.conn() == conn);
        assertEquals(1, resets.size(), "one RESET event before DISCONNECTED: " + handler.events);
        assertTrue(resets.get(0).errno() == 104 || resets.get(0).errno() == 32, "ECONNRESET or EPIPE: " + resets.get(0));
        stillServesAndNothingLeaked();
    }

    // ------------------------------------------------------------------ half-close

    /** Answers a half-close with one more message, then closes gracefully. */
    static final class ByeOnPeerClosed extends RecordingEcho {
        @Override
        boolean handle(Io io, Event event) {
            if (event.type() != EventType.PEER_CLOSED) {
                return false;
            }
            final SendBuffer bye = io.sendBuffer(3);
            bye.buffer().putBytes(0, "bye".getBytes(StandardCharsets.US_ASCII));
            if (!io.send(event.conn(), bye.length(3))) {
                throw new IllegalStateException("send after PEER_CLOSED refused");
            }
            io.closeGraceful(event.conn(), java.time.Duration.ofSeconds(5));
            return true;
        }
    }

    @ParameterizedTest
    @MethodSource("io.zeroio.runtime.shard.Backends4Test#all")
    void halfCloseLetsTheShardKeepSending(BackendKind kind) throws Exception {
        start(Backends4Test.config(kind), new ByeOnPeerClosed());
        try (Socket client = new Socket("127.0.0.1", port(shard, handler.listener))) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
            client.shutdownOutput();
            final byte[] all = client.getInputStream().readAllBytes(); // up to the shard's FIN
            assertEquals("hellobye", new String(all, StandardCharsets.US_ASCII));
        }
        final long conn = handler.await("ACCEPTED", r -> r.type() == EventType.ACCEPTED).conn();
        handler.await("PEER_CLOSED", r -> r.type() == EventType.PEER_CLOSED && r.conn() == conn);
        final Rec gone = handler.await("DISCONNECTED", r -> r.type() == EventType.DISCONNECTED && r.conn() == conn);
        assertEquals(0, gone.errno(), "a clean close");
        assertTrue(handler.all(r -> r.type() == EventType.ERROR || r.type() == EventType.RESET).isEmpty(), handler.events::toString);
        stillServesAndNothingLeaked();
    }

    // ------------------------------------------------------------------ EOF

    @ParameterizedTest
    @MethodSource("io.zeroio.runtime.shard.Backends4Test#all")
    void eofOnAcceptedConnectionIsPeerClosedThenCleanDisconnect(BackendKind kind) throws Exception {
        start(Backends4Test.config(kind), new RecordingEcho());
        try (Socket client = new Socket("127.0.0.1", port(shard, handler.listener))) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write(new byte[] {1, 2, 3});
            final byte[] echo = new byte[3];
            new DataInputStream(client.getInputStream()).readFully(echo);
            assertArrayEquals(new byte[] {1, 2, 3}, echo);
        } // close(): FIN
        final long conn = handler.await("ACCEPTED", r -> r.type() == EventType.ACCEPTED).conn();
        final Rec gone = handler.await("DISCONNECTED", r -> r.type() == EventType.DISCONNECTED && r.conn() == conn);
        assertEquals(0, gone.errno());
        assertEquals(List.of(EventType.ACCEPTED, EventType.DATA, EventType.PEER_CLOSED, EventType.DISCONNECTED),
            handler.all(r -> r.conn() == conn).stream().map(Rec::type).toList());
        stillServesAndNothingLeaked();
    }

    @ParameterizedTest
    @MethodSource("io.zeroio.runtime.shard.Backends4Test#all")
    void eofOnOutgoingConnectionIsPeerClosedThenCleanDisconnect(BackendKind kind) throws Exception {
        start(Backends4Test.config(kind), new RecordingEcho());
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            final long conn = connect(new InetSocketAddress("127.0.0.1", server.getLocalPort()));
            server.accept().close(); // accept and hang up at once
            handler.await("CONNECTED", r -> r.type() == EventType.CONNECTED && r.conn() == conn);
            final Rec gone = handler.await("DISCONNECTED", r -> r.type() == EventType.DISCONNECTED && r.conn() == conn);
            assertEquals(0, gone.errno());
            assertEquals(List.of(EventType.CONNECTED, EventType.PEER_CLOSED, EventType.DISCONNECTED),
                handler.all(r -> r.conn() == conn).stream().map(Rec::type).toList());
        }
        stillServesAndNothingLeaked();
    }

    // ------------------------------------------------------------------ pool exhausted

    /** Detaches every payload; while holding, keeps the OwnedSlots; always records the bytes in order. */
    static final class Holding extends RecordingEcho {
        final ConcurrentLinkedQueue<OwnedSlot> held = new ConcurrentLinkedQueue<>();
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        volatile boolean holding = true;
        volatile boolean echo;
        volatile int receivedBytes;

        @Override
        boolean handle(Io io, Event event) {
            if (event.type() != EventType.DATA || echo) {
                return false;
            }
            final OwnedSlot slot = event.detach();
            final byte[] bytes = new byte[slot.length()];
            slot.buffer().getBytes(0, bytes);
            synchronized (received) {
                received.write(bytes, 0, bytes.length);
            }
            receivedBytes += bytes.length;
            if (holding) {
                held.add(slot);
            } else {
                slot.close();
            }
            return true;
        }

        byte[] bytes() {
            synchronized (received) {
                return received.toByteArray();
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.zeroio.runtime.shard.Backends4Test#all")
    void poolExhaustedStopsReceivingWithoutErrorsAndResumesWithoutLoss(BackendKind kind) throws Exception {
        final Config config = Config.builder().name("exhaust-" + kind).backend(kind)
            .pools(new PoolTier(2048, 8)).rxBufferCount(4).maxConnections(16)
            .drainIdleNanos(60_000_000_000L) // the stalled connection must not be closed as idle meanwhile
            .build();
        final Holding h = new Holding();
        start(config, h);
        final byte[] sent = new byte[256 * 1024];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = (byte) (i * 7 + i / 251);
        }
        final AtomicReference<Throwable> writeFailure = new AtomicReference<>();
        try (Socket client = new Socket("127.0.0.1", port(shard, handler.listener))) {
            final Thread writer = Thread.ofPlatform().daemon().start(() -> {
                try {
                    client.getOutputStream().write(sent);
                } catch (IOException e) {
                    writeFailure.set(e);
                }
            });
            // Receiving stops once the held slots exhaust what RX may take: the shard refuses an RX slot.
            awaitTrue("the shard refusing an RX slot", () -> rxDrops() > 0);
            final int stalledAt = h.receivedBytes;
            final long inUse = shard.call(io -> io.pools().tier(0).inUse());
            assertTrue(stalledAt < sent.length, "receiving stopped before the end of the stream");
            assertEquals(h.held.size(), inUse, "every slot in use is one the handler holds");
            // Several more duty cycles: still stalled, and still no error of any kind.
            for (int i = 0; i < 5; i++) {
                shard.call(io -> null);
            }
            assertEquals(stalledAt, h.receivedBytes, "no bytes arrive while the pool is exhausted");
            assertTrue(handler.all(r -> r.type() == EventType.ERROR || r.type() == EventType.RESET
                || r.type() == EventType.DISCONNECTED).isEmpty(), "no error while exhausted: " + handler.events);
            System.out.printf("[pool-exhausted] backend=%s: stalled at %d bytes with %d slots held; RX drops counted %d%n",
                kind, stalledAt, inUse, rxDrops());

            // Give the slots back (from this thread: OwnedSlot is thread-safe): receiving resumes.
            h.holding = false;
            for (OwnedSlot s; (s = h.held.poll()) != null; ) {
                s.close();
            }
            shard.handle().wake();
            awaitTrue("the whole stream to arrive", () -> h.receivedBytes == sent.length);
            writer.join(10_000);
            assertEquals(null, writeFailure.get());
            assertArrayEquals(sent, h.bytes(), "no byte lost, duplicated or reordered");
        }
        h.echo = true;
        stillServesAndNothingLeaked();
    }

    /**
     * A connection starved of RX slots that the application then pauses stays paused when slots come
     * back: only {@link Io#resumeReceive} resumes it (the NIO backend used to resume every starved
     * connection, undoing a pause made for stream demand).
     */
    @ParameterizedTest
    @MethodSource("io.zeroio.runtime.shard.Backends4Test#all")
    void aPauseMadeWhileStarvedOutlastsTheStarvation(BackendKind kind) throws Exception {
        final Config config = Config.builder().name("starve-pause-" + kind).backend(kind)
            .pools(new PoolTier(2048, 8)).rxBufferCount(4).maxConnections(16)
            .drainIdleNanos(60_000_000_000L).build();
        final Holding h = new Holding();
        start(config, h);
        final byte[] sent = new byte[256 * 1024];
        for (int i = 0; i < sent.length; i++) {
            sent[i] = (byte) (i * 13 + i / 509);
        }
        try (Socket client = new Socket("127.0.0.1", port(shard, handler.listener))) {
            final Thread writer = Thread.ofPlatform().daemon().start(() -> {
                try {
                    client.getOutputStream().write(sent);
                } catch (IOException ignored) {
                    // the assertions below report what arrived
                }
            });
            awaitTrue("the shard refusing an RX slot", () -> rxDrops() > 0);
            final long conn = handler.await("ACCEPTED", r -> r.type() == EventType.ACCEPTED).conn();
            shard.call(io -> {
                io.pauseReceive(conn);
                return null;
            });
            h.holding = false;
            for (OwnedSlot s; (s = h.held.poll()) != null; ) {
                s.close();
            }
            final int pausedAt = h.receivedBytes;
            for (int i = 0; i < 20; i++) {   // duty cycles with slots free again
                shard.call(io -> null);
                ShardTestSupport.pause();
            }
            assertTrue(h.receivedBytes - pausedAt <= 4 * 2048,
                "at most the receives already lent to the kernel land after the pause: " + pausedAt + " -> " + h.receivedBytes);
            final int settled = h.receivedBytes;
            for (int i = 0; i < 10; i++) {
                shard.call(io -> null);
                ShardTestSupport.pause();
            }
            assertEquals(settled, h.receivedBytes, "a paused connection receives nothing once its in-flight receives landed");
            shard.call(io -> {
                io.resumeReceive(conn);
                return null;
            });
            awaitTrue("the whole stream after resumeReceive", () -> h.receivedBytes == sent.length);
            writer.join(10_000);
            assertArrayEquals(sent, h.bytes(), "no byte lost, duplicated or reordered");
        }
        h.echo = true;
        stillServesAndNothingLeaked();
    }

    /**
     * While receiving is stopped for lack of RX slots, a shard with nothing else to do should sleep
     * (wakeup FUTEX): the stalled connection stays readable, and the backend should not re-arm it
     * until a slot it may take is free again.
     */
    @ParameterizedTest
    @MethodSource("io.zeroio.runtime.shard.Backends4Test#all")
    void exhaustedPoolDoesNotSpinTheShard(BackendKind kind) throws Exception {
        final Config config = Config.builder().name("spin-" + kind).backend(kind)
            .pools(new PoolTier(2048, 8)).rxBufferCount(4).maxConnections(16).drainIdleNanos(60_000_000_000L).build();
        final Holding h = new Holding();
        start(config, h);
        final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        try (Socket client = new Socket("127.0.0.1", port(shard, handler.listener))) {
            client.getOutputStream().write(new byte[64 * 1024]);
            awaitTrue("the shard refusing an RX slot", () -> rxDrops() > 0);
            final long tid = shard.thread().threadId();
            final long drops0 = rxDrops();
            final long cpu0 = threads.getThreadCpuTime(tid);
            final long wall0 = System.nanoTime();
            Thread.sleep(500); // measuring an idle period: nothing to synchronize with
            final long cpu = threads.getThreadCpuTime(tid) - cpu0;
            final long wall = System.nanoTime() - wall0;
            final long drops = rxDrops() - drops0;
            System.out.printf("[rx-starved] backend=%s: shard thread CPU %d ms over %d ms wall, %d RX drops counted%n",
                kind, cpu / 1_000_000, wall / 1_000_000, drops);
            h.holding = false;
            for (OwnedSlot s; (s = h.held.poll()) != null; ) {
                s.close();
            }
            assertTrue(cpu < wall / 5, "the stalled shard burned " + cpu / 1_000_000 + " ms CPU in " + wall / 1_000_000 + " ms");
            assertTrue(drops < 100, drops + " RX drops counted for one stalled connection in 0.5 s");
        }
        h.echo = true;
        stillServesAndNothingLeaked();
    }

    /** Binds a UDP endpoint too, and holds the payload of every DATAGRAM while {@link #holding}. */
    static final class UdpHolding extends RecordingEcho {
        final ConcurrentLinkedQueue<OwnedSlot> held = new ConcurrentLinkedQueue<>();
        volatile int udp = -1;
        volatile boolean holding = true;
        volatile int datagrams;

        @Override
        public void onStart(Io io) throws Exception {
            super.onStart(io);
            udp = io.udpBind(new InetSocketAddress("127.0.0.1", 0));
        }

        @Override
        boolean handle(Io io, Event event) {
            if (event.type() != EventType.DATAGRAM) {
                return false;
            }
            datagrams++;
            if (holding) {
                held.add(event.detach());
            }
            return true;
        }
    }

    /**
     * As {@link #exhaustedPoolDoesNotSpinTheShard} for a UDP endpoint: while datagrams wait in the
     * socket and the shard refuses RX slots, the endpoint is not selected again and again; once the
     * slots come back, the waiting datagrams are received.
     */
    @ParameterizedTest
    @MethodSource("io.zeroio.runtime.shard.Backends4Test#all")
    void exhaustedPoolDoesNotSpinAUdpEndpoint(BackendKind kind) throws Exception {
        final Config config = Config.builder().name("udp-spin-" + kind).backend(kind)
            .pools(new PoolTier(2048, 8)).rxBufferCount(4).maxConnections(16).drainIdleNanos(60_000_000_000L).build();
        final UdpHolding h = new UdpHolding();
        start(config, h);
        awaitTrue("the UDP endpoint bound", () -> h.udp >= 0);
        final InetSocketAddress to = (InetSocketAddress) shard.call(io -> {
            try {
                return io.localAddress(h.udp);
            } catch (ZeroIoException e) {
                throw new UncheckedIOException(e);
            }
        });
        final java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        final int sent = 16;
        try (java.net.DatagramSocket client = new java.net.DatagramSocket()) {
            for (int i = 0; i < sent; i++) {
                client.send(new java.net.DatagramPacket(new byte[] {(byte) i}, 1, to));
            }
            awaitTrue("the shard refusing an RX slot", () -> rxDrops() > 0);
            final long tid = shard.thread().threadId();
            final long drops0 = rxDrops();
            final long cpu0 = threads.getThreadCpuTime(tid);
            final long wall0 = System.nanoTime();
            Thread.sleep(500); // measuring an idle period: nothing to synchronize with
            final long cpu = threads.getThreadCpuTime(tid) - cpu0;
            final long wall = System.nanoTime() - wall0;
            final long drops = rxDrops() - drops0;
            final int receivedWhileStarved = h.datagrams;
            System.out.printf("[udp-starved] backend=%s: shard thread CPU %d ms over %d ms wall, %d RX drops counted, "
                + "%d of %d datagrams received%n", kind, cpu / 1_000_000, wall / 1_000_000, drops, receivedWhileStarved, sent);
            assertTrue(receivedWhileStarved < sent, "the pool stalled receiving");
            h.holding = false;
            for (OwnedSlot o; (o = h.held.poll()) != null; ) {
                o.close();
            }
            shard.handle().wake();
            assertTrue(cpu < wall / 5, "the stalled shard burned " + cpu / 1_000_000 + " ms CPU in " + wall / 1_000_000 + " ms");
            assertTrue(drops < 100, drops + " RX drops counted for one stalled endpoint in 0.5 s");
            // The slots are back: the datagrams that waited in the socket are received now.
            awaitTrue("the waiting datagrams to be received", () -> h.datagrams > receivedWhileStarved);
        }
        stillServesAndNothingLeaked();
    }

    private long rxDrops() {
        try {
            return shard.call(io -> io.cascade().drops(TrafficClass.RX));
        } catch (ZeroIoException e) {
            throw new IllegalStateException(e);
        }
    }

    // ------------------------------------------------------------------ too many connections

    @ParameterizedTest
    @MethodSource("io.zeroio.runtime.shard.Backends4Test#all")
    void tooManyConnectionsAreRefusedAndTheShardKeepsServing(BackendKind kind) throws Exception {
        final Config config = Config.builder().name("max4-" + kind).backend(kind)
            .pools(new PoolTier(2048, 256)).rxBufferCount(64).maxConnections(4).build();
        start(config, new RecordingEcho());
        final int port = port(shard, handler.listener);
        final List<Socket> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 6; i++) {
                final Socket s = new Socket("127.0.0.1", port);
                s.setSoTimeout(5_000);
                clients.add(s);
            }
            awaitTrue("4 ACCEPTED and 2 refused", () -> handler.all(r -> r.type() == EventType.ACCEPTED).size() == 4
                && handler.all(r -> r.type() == EventType.ERROR).size() == 2);
            for (Rec e : handler.all(r -> r.type() == EventType.ERROR)) {
                assertEquals(handler.listener, e.endpoint(), "the ERROR names the listener");
                assertEquals(0L, e.conn(), "no connection id for a refused one");
                assertEquals(24, e.errno());
            }
            // Exactly the 4 accepted ones echo; the 2 extra ones were closed by the shard.
            int echoed = 0;
            int closed = 0;
            for (Socket s : clients) {
                if (echoes(s)) {
                    echoed++;
                } else {
                    closed++;
                }
            }
            assertEquals(4, echoed, "connections served");
            assertEquals(2, closed, "connections closed by the shard");
            assertEquals(4, (int) shard.call(Io::openConnections));
            // An outgoing connect while the table is full is refused, typed, naming the limit.
            final Throwable t = callCatching(shard, io -> io.tcpConnect(new InetSocketAddress("127.0.0.1", port)));
            final TooManyConnectionsException e = assertInstanceOf(TooManyConnectionsException.class, t);
            assertTrue(e.getMessage().contains("max-connections = 4"), e.getMessage());
        } finally {
            for (Socket s : clients) {
                s.close();
            }
        }
        assertEquals(4, handler.all(r -> r.type() == EventType.ACCEPTED).size(), "no further accept: " + handler.events);
        // The table frees up only once the shard has seen the four closes; a connection made before
        // that would be refused like the two above, which is not what the next check is about.
        ShardAssertions.awaitOpenConnections(shard, 0);
        stillServesAndNothingLeaked();
    }

    /**
     * The ERROR event of a connection refused for a full table says so and names the fix, like
     * {@link TooManyConnectionsException} does for an outgoing connect. (It used to map errno 24
     * through {@code Errors.of("connect/send", 24, null)}: "connect/send failed: EMFILE (Too many open
     * files)", the wrong call, the wrong cause and no fix.)
     */
    @ParameterizedTest
    @MethodSource("io.zeroio.runtime.shard.Backends4Test#all")
    @SuppressWarnings("try") // the sockets only need to exist
    void refusedAcceptErrorNamesTheConnectionLimit(BackendKind kind) throws Exception {
        final Config config = Config.builder().name("max1-" + kind).backend(kind)
            .pools(new PoolTier(2048, 64)).rxBufferCount(64).maxConnections(1).build();
        start(config, new RecordingEcho());
        final int port = port(shard, handler.listener);
        try (Socket first = new Socket("127.0.0.1", port); Socket second = new Socket("127.0.0.1", port)) {
            final Rec refused = handler.await("ERROR of the refused accept", r -> r.type() == EventType.ERROR);
            final TooManyConnectionsException e = assertInstanceOf(TooManyConnectionsException.class, refused.error());
            final String message = e.getMessage();
            assertTrue(message.contains("max-connections = 1"), "the error names the limit: " + message);
            assertTrue(message.contains("raise max-connections or add shards"), "the error names the fix: " + message);
            assertTrue(message.startsWith("accept refused"), "an accept, not a connect or send: " + message);
            assertFalse(message.contains("connect/send"), message);
            assertEquals("accept", e.syscall());
            assertEquals(1, e.maxConnections());
            assertEquals(24, refused.errno(), "errno stays EMFILE-like for handlers that switch on it");
        }
        stillServesAndNothingLeaked();
    }

    /** True when the connection echoes a message; false when the shard closed it (EOF or reset). */
    private static boolean echoes(Socket s) throws IOException {
        try {
            s.getOutputStream().write(new byte[] {9, 8, 7});
            final InputStream in = s.getInputStream();
            final byte[] got = new byte[3];
            int n = 0;
            while (n < 3) {
                final int r = in.read(got, n, 3 - n);
                if (r < 0) {
                    return false;
                }
                n += r;
            }
            assertArrayEquals(new byte[] {9, 8, 7}, got);
            return true;
        } catch (SocketException reset) {
            return false;
        } catch (SocketTimeoutException e) {
            throw new AssertionError("a connection neither served nor closed", e);
        }
    }

    // ------------------------------------------------------------------ use after poll

    /** Keeps the first DATA event (the flyweight) and its data() view past their poll. */
    static final class KeepFirstData extends RecordingEcho {
        volatile Event kept;
        volatile DirectBuffer keptView;
        volatile long keptEpoch;

        @Override
        boolean handle(Io io, Event event) {
            if (event.type() == EventType.DATA && kept == null) {
                keptView = event.data();
                keptEpoch = io.epoch();
                kept = event;
            }
            return false; // echo
        }
    }

    @ParameterizedTest
    @MethodSource("io.zeroio.runtime.shard.Backends4Test#all")
    void eventUsedAfterTheNextPollThrowsClearly(BackendKind kind) throws Exception {
        final KeepFirstData h = new KeepFirstData();
        start(Backends4Test.config(kind), h);
        try (Socket client = new Socket("127.0.0.1", port(shard, handler.listener))) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write(new byte[] {5, 6});
            new DataInputStream(client.getInputStream()).readFully(new byte[2]);
            // The client is idle now: the polls that follow hand out no event. A control task runs on
            // the shard thread after such a poll and touches the kept event. (Tasks run after a poll's
            // events, and a burst of tasks may all run after the same poll: wait until the epoch moved.)
            awaitTrue("a poll after the DATA event's poll", () -> {
                try {
                    return shard.call(io -> io.epoch() != h.keptEpoch);
                } catch (ZeroIoException e) {
                    throw new IllegalStateException(e);
                }
            });
            final Object[] outcome = shard.call(io -> {
                final Object[] r = new Object[4];
                r[0] = io.epoch() != h.keptEpoch;
                try {
                    r[1] = h.kept.type();
                } catch (IllegalStateException e) {
                    r[1] = e;
                }
                try {
                    r[2] = h.kept.detach();
                } catch (IllegalStateException e) {
                    r[2] = e;
                }
                r[3] = h.keptView.capacity();
                return r;
            });
            assertEquals(Boolean.TRUE, outcome[0], "the shard polled again since the DATA event");
            final IllegalStateException e = assertInstanceOf(IllegalStateException.class, outcome[1], "type() after the next poll");
            assertTrue(e.getMessage().contains("after the next poll()") && e.getMessage().contains("detach()"), e.getMessage());
            assertInstanceOf(IllegalStateException.class, outcome[2], "detach() after the next poll");
            assertEquals(0, outcome[3], "the data() view is emptied at the next poll");
        }
        stillServesAndNothingLeaked();
    }

    /** Keeps the first DATA event, then uses it while a later poll's TIMER event is being handled. */
    static final class UseDuringLaterEvent extends RecordingEcho {
        Event kept;
        final AtomicReference<Object> typeSeen = new AtomicReference<>();
        volatile boolean checked;

        @Override
        boolean handle(Io io, Event event) {
            if (event.type() == EventType.DATA && kept == null) {
                kept = event;
                io.scheduleTimer(io.nanoTime()); // a TIMER event in a later poll
                return false;
            }
            if (event.type() == EventType.TIMER && kept != null && !checked) {
                try {
                    typeSeen.set(kept.type());
                } catch (IllegalStateException e) {
                    typeSeen.set(e);
                }
                checked = true;
                return true;
            }
            return false;
        }
    }

    /**
     * A retained Event from an earlier poll, used while a later poll is handing out events, throws as
     * the Event Javadoc promises ("every accessor checks the poll epoch and throws ... once it is
     * over"). There used to be one flyweight per shard: nextEvent() re-pointed it and stamped the
     * current epoch, so the stale reference silently read the later event (TIMER instead of DATA).
     * Now the flyweights rotate through a ring twice as large as a poll's events, each with its own
     * epoch, so the kept one is not re-pointed during the next poll.
     */
    @ParameterizedTest
    @MethodSource("io.zeroio.runtime.shard.Backends4Test#all")
    void staleEventUsedDuringALaterPollThrows(BackendKind kind) throws Exception {
        final UseDuringLaterEvent h = new UseDuringLaterEvent();
        start(Backends4Test.config(kind), h);
        try (Socket client = new Socket("127.0.0.1", port(shard, handler.listener))) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write(new byte[] {5, 6});
            new DataInputStream(client.getInputStream()).readFully(new byte[2]);
            awaitTrue("the TIMER check", () -> h.checked);
        }
        assertInstanceOf(IllegalStateException.class, h.typeSeen.get(),
            "a DATA event kept past its poll reported type " + h.typeSeen.get());
        stillServesAndNothingLeaked();
    }

    // ------------------------------------------------------------------ double release

    /** Detaches each payload, closes the OwnedSlot twice (the second must throw), then echoes. */
    static final class DoubleClose extends RecordingEcho {
        final AtomicReference<Throwable> secondClose = new AtomicReference<>();
        volatile boolean done;

        @Override
        boolean handle(Io io, Event event) {
            if (event.type() == EventType.DATA && !done) {
                final OwnedSlot s = event.detach();
                s.close();
                try {
                    s.close();
                    secondClose.set(new AssertionError("second close accepted"));
                } catch (SlotStateException expected) {
                    secondClose.set(expected);
                }
                done = true;
            }
            return false; // echo from the event's own reference, which the double close must not have touched
        }
    }

    @ParameterizedTest
    @MethodSource("io.zeroio.runtime.shard.Backends4Test#all")
    void doubleReleaseThroughOwnedSlotThrowsAndCorruptsNothing(BackendKind kind) throws Exception {
        final DoubleClose h = new DoubleClose();
        start(Backends4Test.config(kind), h);
        try (Socket client = new Socket("127.0.0.1", port(shard, handler.listener))) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write(new byte[] {1, 1, 2, 3, 5, 8});
            final byte[] got = new byte[6];
            new DataInputStream(client.getInputStream()).readFully(got);
            assertArrayEquals(new byte[] {1, 1, 2, 3, 5, 8}, got, "the event's reference survived the double close");
        }
        final SlotStateException e = assertInstanceOf(SlotStateException.class, h.secondClose.get());
        assertTrue(e.getMessage().contains("released twice"), e.getMessage());
        assertFalse(handler.events.stream().anyMatch(r -> r.type() == EventType.ERROR), handler.events::toString);
        stillServesAndNothingLeaked();
    }
}

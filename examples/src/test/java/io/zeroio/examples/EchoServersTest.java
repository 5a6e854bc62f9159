package io.zeroio.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import io.zeroio.runtime.error.AddressInUseException;
import io.zeroio.runtime.error.ZeroIoException;
import io.zeroio.runtime.pool.PoolStats;
import io.zeroio.runtime.shard.BackendKind;
import io.zeroio.runtime.shard.Io;
import io.zeroio.runtime.shard.ShardRunner;

/**
 * The example echo servers, started in-process through their {@code start(...)} methods on
 * ephemeral ports with the backend a user gets ({@code auto}), driven by plain java.net clients;
 * every byte is checked, and every test ends with all pool slots back and the server closed.
 */
@Timeout(60)
class EchoServersTest {
    private static final InetSocketAddress ANY_PORT = new InetSocketAddress("127.0.0.1", 0);

    private RunningServer server;

    @AfterEach
    void close() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void tcpEchoesEveryByteOnAnEphemeralPort() throws Exception {
        server = TcpEchoServer.start(ANY_PORT, BackendKind.AUTO, 1);
        final int port = server.port();
        assertNotEquals(0, port, "port 0 must be replaced by the port the kernel chose");
        assertTrue(List.of("io_uring", "nio").contains(server.backendName()), server.backendName());
        assertEquals("zero-io tcp echo listening on 127.0.0.1:" + port + " (backend " + server.backendName() + ", 1 shard)",
            server.banner());

        final Random random = new Random(1);
        for (int c = 0; c < 10; c++) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                final byte[] sent = new byte[10_000 + c];
                random.nextBytes(sent);
                socket.getOutputStream().write(sent);
                final byte[] got = new byte[sent.length];
                new DataInputStream(socket.getInputStream()).readFully(got);
                assertArrayEquals(sent, got, "connection " + c);
            }
        }
        assertEquals(10L * 10_000 + 45, server.echoedBytes());
        awaitIdle(server);

        server.close();
        assertTrue(server.isClosed());
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close(), "closed server still accepts");
    }

    @Test
    void tcpShardsShareOnePortThroughReusePort() throws Exception {
        server = TcpEchoServer.start(ANY_PORT, BackendKind.AUTO, 2);
        assertEquals(2, server.runners().size());
        final List<Socket> sockets = new ArrayList<>();
        try {
            for (int c = 0; c < 40; c++) {
                final Socket socket = new Socket("127.0.0.1", server.port());
                sockets.add(socket);
                final byte[] sent = ("connection " + c).getBytes();
                socket.getOutputStream().write(sent);
                final byte[] got = new byte[sent.length];
                new DataInputStream(socket.getInputStream()).readFully(got);
                assertArrayEquals(sent, got);
            }
            // The kernel hashes each connection's 4-tuple onto one of the two listeners: with 40
            // connections both shards serve some (all on one would have probability 2^-39).
            final int first = server.runners().get(0).call(Io::openConnections);
            final int second = server.runners().get(1).call(Io::openConnections);
            assertEquals(40, first + second);
            assertTrue(first > 0 && second > 0, "connections per shard: " + first + " and " + second);
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        awaitIdle(server);
    }

    @Test
    void aSecondMultiShardServerOnTheSamePortIsRefused() throws Exception {
        server = TcpEchoServer.start(ANY_PORT, BackendKind.AUTO, 2);
        final InetSocketAddress taken = new InetSocketAddress("127.0.0.1", server.port());
        // SO_REUSEPORT alone would let the second server join the port silently.
        final AddressInUseException e = assertThrows(AddressInUseException.class,
            () -> TcpEchoServer.start(taken, BackendKind.AUTO, 2).close());
        assertTrue(e.getMessage().contains("EADDRINUSE"), e.getMessage());
        assertThrows(AddressInUseException.class, () -> TcpEchoServer.start(taken, BackendKind.AUTO, 1).close());
        try (Socket socket = new Socket("127.0.0.1", server.port())) { // the first one still serves
            socket.getOutputStream().write(7);
            assertEquals(7, socket.getInputStream().read());
        }
    }

    @Test
    void udpEchoesEveryDatagramToItsSource() throws Exception {
        server = UdpEchoServer.start(ANY_PORT, BackendKind.AUTO, 1);
        assertNotEquals(0, server.port());
        final InetSocketAddress to = new InetSocketAddress("127.0.0.1", server.port());
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            client.setSoTimeout(5000);
            final Random random = new Random(2);
            for (int i = 0; i < 100; i++) {
                final byte[] payload = new byte[1 + random.nextInt(1400)];
                random.nextBytes(payload);
                client.send(new DatagramPacket(payload, payload.length, to));
                final DatagramPacket reply = new DatagramPacket(new byte[2048], 2048);
                client.receive(reply);
                assertEquals(to, reply.getSocketAddress());
                assertArrayEquals(payload, Arrays.copyOf(reply.getData(), reply.getLength()), "datagram " + i);
            }
        }
        awaitIdle(server);
    }

    @Test
    void udsEchoesAndRemovesItsSocketFileOnClose(@TempDir Path dir) throws Exception {
        final Path path = dir.resolve("echo.sock");
        server = UdsEchoServer.start(path, BackendKind.AUTO, 1);
        assertEquals(UnixDomainSocketAddress.of(path), server.address());
        assertTrue(server.banner().startsWith("zero-io uds echo listening on " + path + " (backend "), server.banner());
        assertTrue(Files.exists(path));
        for (int c = 0; c < 5; c++) {
            try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                channel.connect(UnixDomainSocketAddress.of(path));
                final byte[] sent = new byte[20_000];
                new Random(c).nextBytes(sent);
                final ByteBuffer out = ByteBuffer.wrap(sent);
                while (out.hasRemaining()) {
                    channel.write(out);
                }
                final ByteBuffer in = ByteBuffer.allocate(sent.length);
                while (in.hasRemaining()) {
                    if (channel.read(in) < 0) {
                        throw new IOException("EOF after " + in.position() + " bytes");
                    }
                }
                assertArrayEquals(sent, in.array(), "connection " + c);
            }
        }
        awaitIdle(server);
        server.close();
        assertFalse(Files.exists(path), "socket file left behind");
    }

    @Test
    void udsWithSeveralShardsListensOnShardZeroOnly(@TempDir Path dir) throws Exception {
        final Path path = dir.resolve("echo.sock");
        server = UdsEchoServer.start(path, BackendKind.AUTO, 2);
        assertTrue(server.banner().contains("only shard 0 listens"), server.banner());
        try (SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(path))) {
            channel.write(ByteBuffer.wrap(new byte[] {1, 2, 3}));
            final ByteBuffer in = ByteBuffer.allocate(3);
            while (in.hasRemaining() && channel.read(in) >= 0) {
                // until the three bytes are back
            }
            assertArrayEquals(new byte[] {1, 2, 3}, in.array());
            assertEquals(1, (int) server.runners().get(0).call(Io::openConnections));
            assertEquals(0, (int) server.runners().get(1).call(Io::openConnections));
        }
        awaitIdle(server);
    }

    @Test
    void udsRefusesAnExistingPathAndLeavesItAlone(@TempDir Path dir) throws Exception {
        final Path path = Files.writeString(dir.resolve("taken"), "not a socket");
        assertThrows(ZeroIoException.class, () -> UdsEchoServer.start(path, BackendKind.AUTO, 1).close());
        assertEquals("not a socket", Files.readString(path));
    }

    /** Waits (bounded) until no connection is open and every pool slot is back, then asserts it. */
    private static void awaitIdle(RunningServer server) throws Exception {
        for (ShardRunner runner : server.runners()) {
            final long deadline = System.nanoTime() + 5_000_000_000L;
            int open = runner.call(Io::openConnections);
            PoolStats stats = runner.call(Io::poolStats);
            while ((open != 0 || !stats.atFullCapacity()) && System.nanoTime() < deadline) {
                Thread.sleep(10);
                open = runner.call(Io::openConnections);
                stats = runner.call(Io::poolStats);
            }
            assertEquals(0, open, "open connections on " + runner.thread().getName());
            assertEquals(0, stats.held(), "pool slots leaked on " + runner.thread().getName() + " (slots lent to the kernel's receive ring are not held): " + stats);
        }
    }
}

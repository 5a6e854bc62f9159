package io.zeroio.runtime.shard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.DataInputStream;
import java.io.IOException;
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
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Echo correctness over every backend: TCP (100 connections, pipelined), UDP and UDS; every byte checked. */
@Timeout(60)
class EchoTest {
    private ShardRunner shard;

    @AfterEach
    void poolsBackToFull() throws Exception {
        if (shard != null) {
            ShardAssertions.awaitPoolsFull(shard);
            shard.close();
        }
    }

    @ParameterizedTest
    @MethodSource("io.zeroio.runtime.shard.Backends4Test#all")
    void tcpHundredConnectionsPipelined(BackendKind kind) throws Exception {
        final int[] endpoint = new int[1];
        shard = ShardRunner.start(Backends4Test.config(kind), new EchoHandler() {
            @Override
            public void onStart(Io io) throws Exception {
                endpoint[0] = io.tcpListen(new InetSocketAddress("127.0.0.1", 0));
            }
        });
        final int port = ((InetSocketAddress) shard.call(io -> localAddress(io, endpoint[0]))).getPort();
        final int connections = 100;
        final int messages = 50;
        final int size = 100;
        final Socket[] sockets = new Socket[connections];
        final byte[][] sent = new byte[connections][messages * size];
        final Random random = new Random(42);
        for (int c = 0; c < connections; c++) {
            sockets[c] = new Socket("127.0.0.1", port);
            sockets[c].setTcpNoDelay(true);
            random.nextBytes(sent[c]);
        }
        for (int m = 0; m < messages; m++) {             // pipelined: all writes before any read
            for (int c = 0; c < connections; c++) {
                sockets[c].getOutputStream().write(sent[c], m * size, size);
            }
        }
        for (int c = 0; c < connections; c++) {
            final byte[] got = new byte[messages * size];
            new DataInputStream(sockets[c].getInputStream()).readFully(got);
            assertArrayEquals(sent[c], got, "connection " + c);
            sockets[c].close();
        }
        ShardAssertions.awaitOpenConnections(shard, 0);
    }

    @ParameterizedTest
    @MethodSource("io.zeroio.runtime.shard.Backends4Test#all")
    void udpEchoesEveryDatagram(BackendKind kind) throws Exception {
        final int[] endpoint = new int[1];
        shard = ShardRunner.start(Backends4Test.config(kind), new EchoHandler() {
            @Override
            public void onStart(Io io) throws Exception {
                endpoint[0] = io.udpBind(new InetSocketAddress("127.0.0.1", 0));
            }
        });
        final InetSocketAddress server = (InetSocketAddress) shard.call(io -> localAddress(io, endpoint[0]));
        try (DatagramSocket client = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            client.setSoTimeout(5000);
            final Random random = new Random(7);
            for (int i = 0; i < 200; i++) {
                final byte[] payload = new byte[1 + random.nextInt(1200)];
                random.nextBytes(payload);
                client.send(new DatagramPacket(payload, payload.length, server));
                final DatagramPacket reply = new DatagramPacket(new byte[2048], 2048);
                client.receive(reply);
                assertEquals(payload.length, reply.getLength());
                assertArrayEquals(payload, java.util.Arrays.copyOf(reply.getData(), reply.getLength()));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.zeroio.runtime.shard.Backends4Test#all")
    void udsEcho(BackendKind kind) throws Exception {
        final Path dir = Files.createTempDirectory("zeroio-uds");
        final Path path = dir.resolve("echo.sock");
        shard = ShardRunner.start(Backends4Test.config(kind), new EchoHandler() {
            @Override
            public void onStart(Io io) throws Exception {
                io.udsListen(path);
            }
        });
        for (int c = 0; c < 10; c++) {
            try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
                ch.connect(UnixDomainSocketAddress.of(path));
                final byte[] payload = new byte[10_000];
                new Random(c).nextBytes(payload);
                final ByteBuffer out = ByteBuffer.wrap(payload);
                while (out.hasRemaining()) {
                    ch.write(out);
                }
                final ByteBuffer in = ByteBuffer.allocate(payload.length);
                while (in.hasRemaining()) {
                    if (ch.read(in) < 0) {
                        throw new IOException("EOF after " + in.position());
                    }
                }
                assertArrayEquals(payload, in.array());
            }
        }
        ShardAssertions.awaitOpenConnections(shard, 0);
        Files.deleteIfExists(path);
        Files.deleteIfExists(dir);
    }

    static java.net.SocketAddress localAddress(Io io, int endpoint) {
        try {
            return io.localAddress(endpoint);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

}

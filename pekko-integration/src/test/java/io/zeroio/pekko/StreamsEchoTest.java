package io.zeroio.pekko;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import io.zeroio.pekko.javadsl.Lease;
import io.zeroio.pekko.javadsl.Outgoing;
import io.zeroio.pekko.javadsl.ServerBinding;
import io.zeroio.runtime.pool.SendBuffer;

/** Streams echo over shards: 100 concurrent real sockets, every byte verified; client flows too. */
class StreamsEchoTest {
    private ActorSystem<Void> system;
    private ZeroIo zio;
    private Materializer mat;

    void start(String backend) {
        system = TestSystems.system("echo", "zero-io.backend = " + backend);
        zio = ZeroIo.get(system);
        mat = Materializer.matFromSystem(system);
    }

    @AfterEach
    void stop() throws Exception {
        if (system != null) {
            TestSystems.awaitPoolsFull(zio);
            TestSystems.terminate(system);
            assertEquals(0, zio.heldSlots(), "no slot held after shutdown");
        }
    }

    /** The echo server of the streams mode: every received lease goes straight back (0 copies). */
    static ServerBinding echoServer(ZeroIo zio, Materializer mat) throws Exception {
        return TestSystems.await(zio.bind("127.0.0.1", 0)
            .to(Sink.foreach(c -> c.handleWith(Flow.<Lease>create().<Outgoing>map(l -> l), mat)))
            .run(mat));
    }

    @ParameterizedTest
    @ValueSource(strings = {"io-uring", "nio"})
    void hundredConcurrentConnectionsEchoEveryByte(String backend) throws Exception {
        start(backend);
        final ServerBinding binding = echoServer(zio, mat);
        final int connections = 100;
        final int bytesEach = 48 * 1024;
        final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            final List<Future<byte[][]>> results = new ArrayList<>();
            for (int c = 0; c < connections; c++) {
                final int seed = c;
                results.add(pool.submit(() -> {
                    final byte[] sent = new byte[bytesEach];
                    new Random(seed).nextBytes(sent);
                    try (Socket s = new Socket("127.0.0.1", binding.port())) {
                        s.setSoTimeout(20_000);
                        final OutputStream out = s.getOutputStream();
                        final Future<?> writer = Executors.newVirtualThreadPerTaskExecutor().submit(() -> {
                            for (int at = 0; at < sent.length; at += 1000) {
                                out.write(sent, at, Math.min(1000, sent.length - at));
                            }
                            out.flush();
                            return null;
                        });
                        final byte[] got = TestSystems.readFully(s.getInputStream(), bytesEach);
                        writer.get(20, TimeUnit.SECONDS);
                        return new byte[][] {sent, got};
                    }
                }));
            }
            for (Future<byte[][]> f : results) {
                final byte[][] r = f.get(60, TimeUnit.SECONDS);
                assertArrayEquals(r[0], r[1], "echoed bytes differ");
            }
        } finally {
            pool.shutdownNow();
        }
        TestSystems.awaitPoolsFull(zio);
        assertEquals(0, zio.shards().get(0).pools().copyCount() + zio.shards().get(1).pools().copyCount(),
            "the streams echo copies nothing");
    }

    @Test
    void clientFlowsSendSendBuffersAndByteStringsAndReceiveEveryByte() throws Exception {
        start("auto");
        final ServerBinding binding = echoServer(zio, mat);
        final int rounds = Integer.parseInt(System.getenv().getOrDefault("ECHO_ROUNDS", "3"));
        for (int round = 0; round < rounds; round++) {
            clientRound(binding);
        }
    }

    private void clientRound(ServerBinding binding) throws Exception {
        final int messages = 200;
        final int shard = 1;
        // half the messages as SendBuffers written once by the producer, half through the ByteString adapter
        final ByteArrayOutputStream expected = new ByteArrayOutputStream();
        final List<Outgoing> elements = new ArrayList<>();
        for (int i = 0; i < messages; i++) {
            final byte[] b = ("message-" + i + ";").repeat(1 + i % 7).getBytes();
            expected.write(b);
            if (i % 2 == 0) {
                final SendBuffer sb = zio.shard(shard).sendBuffer(b.length);
                sb.buffer().putBytes(0, b);
                elements.add(Outgoing.send(sb.length(b.length)));
            } else {
                elements.add(Outgoing.copyOf(ByteString.fromArray(b)));
            }
        }
        final ByteString got = TestSystems.await(Source.from(elements)
            .via(zio.outgoingConnection(new java.net.InetSocketAddress("127.0.0.1", binding.port()), shard))
            .map(l -> {
                final ByteString bs = l.toByteString();
                l.release();
                return bs;
            })
            .runFold(ByteString.emptyByteString(), ByteString::concat, mat));
        final byte[] exp = expected.toByteArray();
        final byte[] act = got.toArray();
        int firstDiff = 0;
        while (firstDiff < Math.min(exp.length, act.length) && exp[firstDiff] == act[firstDiff]) {
            firstDiff++;
        }
        final StringBuilder counters = new StringBuilder();
        for (var sh : zio.shards()) {
            final var k = sh.counters();
            counters.append(" shard").append(sh.index()).append(" in=").append(k.bytesIn()).append('/').append(k.messagesIn())
                .append(" out=").append(k.bytesOut()).append('/').append(k.messagesOut()).append(" shed=").append(k.shedOut())
                .append(" drops=").append(sh.cascade().totalDrops());
        }
        assertArrayEquals(exp, act, counters + " first difference at " + firstDiff + ": got ..."
            + new String(act, Math.max(0, firstDiff - 20), Math.min(60, act.length - Math.max(0, firstDiff - 20))));
    }

    @Test
    void connectRefusedFailsTheMaterializedValueAndTheStream() throws Exception {
        start("auto");
        final int port;
        try (java.net.ServerSocket ss = new java.net.ServerSocket(0)) {
            port = ss.getLocalPort();
        }
        final var pair = Source.<Outgoing>never()
            .viaMat(zio.outgoingConnection("127.0.0.1", port), org.apache.pekko.stream.javadsl.Keep.right())
            .toMat(Sink.ignore(), org.apache.pekko.stream.javadsl.Keep.both())
            .run(mat);
        final var e = org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
            () -> TestSystems.await(pair.first()));
        assertTrue(e.getCause() instanceof ZeroIoStreamException, "typed failure: " + e.getCause());
        org.junit.jupiter.api.Assertions.assertThrows(java.util.concurrent.ExecutionException.class,
            () -> TestSystems.await(pair.second()));
    }

    static byte[] drain(InputStream in) throws java.io.IOException {
        return in.readAllBytes();
    }
}

package io.zeroio.pekko;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.Arrays;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Keep;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.zeroio.pekko.javadsl.Datagram;
import io.zeroio.pekko.javadsl.Outgoing;

/** UDP as a flow of datagrams: an echo that sends each received lease back to its sender. */
class UdpStreamTest {
    @ParameterizedTest
    @ValueSource(strings = {"io-uring", "nio"})
    void udpEchoEveryDatagramToItsSender(String backend) throws Exception {
        final ActorSystem<Void> system = TestSystems.system("udp", "zero-io.backend = " + backend);
        final ZeroIo zio = ZeroIo.get(system);
        final Materializer mat = Materializer.matFromSystem(system);
        try {
            final InetSocketAddress bound = zio.udpBind("127.0.0.1", 0)
                .joinMat(Flow.<Datagram>create().<Outgoing>map(d -> Outgoing.to(d.sender(), d.payload())), Keep.left())
                .run(mat).toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
            try (DatagramSocket client = new DatagramSocket(0, java.net.InetAddress.getLoopbackAddress())) {
                client.setSoTimeout(5000);
                final byte[] in = new byte[2048];
                for (int i = 0; i < 300; i++) {
                    final byte[] msg = ("datagram-" + i + "-" + "x".repeat(i % 50)).getBytes();
                    client.send(new DatagramPacket(msg, msg.length, bound));
                    final DatagramPacket p = new DatagramPacket(in, in.length);
                    client.receive(p);
                    assertArrayEquals(msg, Arrays.copyOf(p.getData(), p.getLength()), "datagram " + i);
                }
            }
            TestSystems.awaitPoolsFull(zio);
        } finally {
            TestSystems.terminate(system);
        }
        assertEquals(0, zio.heldSlots());
    }
}

package io.zeroio.pekko;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.pekko.actor.typed.ActorSystem;
import org.apache.pekko.stream.Materializer;
import org.apache.pekko.stream.javadsl.Flow;
import org.apache.pekko.stream.javadsl.Sink;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.zeroio.pekko.javadsl.Lease;
import io.zeroio.pekko.javadsl.Outgoing;
import io.zeroio.pekko.javadsl.ServerBinding;

/** Streams over Unix domain sockets: bindUnix + outgoingUnixConnection, every byte verified. */
class UnixSocketTest {
    @Test
    void unixSocketEchoThroughBindAndOutgoingConnection(@TempDir Path dir) throws Exception {
        final ActorSystem<Void> system = TestSystems.system("uds", "");
        final ZeroIo zio = ZeroIo.get(system);
        final Materializer mat = Materializer.matFromSystem(system);
        try {
            final Path sock = dir.resolve("echo.sock");
            final ServerBinding b = TestSystems.await(zio.bindUnix(sock)
                .to(Sink.foreach(c -> c.handleWith(Flow.<Lease>create().<Outgoing>map(l -> l), mat))).run(mat));
            assertEquals(-1, b.port());
            final List<Outgoing> out = new ArrayList<>();
            final StringBuilder expected = new StringBuilder();
            for (int i = 0; i < 300; i++) {
                final String m = "uds-" + i + ";";
                expected.append(m);
                out.add(Outgoing.copyOf(ByteString.fromString(m)));
            }
            final ByteString got = TestSystems.await(Source.from(out)
                .via(zio.outgoingUnixConnection(sock))
                .map(l -> {
                    final ByteString bs = l.toByteString();
                    l.release();
                    return bs;
                })
                .runFold(ByteString.emptyByteString(), ByteString::concat, mat));
            assertArrayEquals(expected.toString().getBytes(), got.toArray());
            TestSystems.awaitPoolsFull(zio);
        } finally {
            TestSystems.terminate(system);
        }
        assertEquals(0, zio.heldSlots());
    }
}

package io.zeroio.pekko;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.apache.pekko.actor.testkit.typed.javadsl.TestProbe;
import org.apache.pekko.actor.typed.Behavior;
import org.apache.pekko.actor.typed.javadsl.Behaviors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.typesafe.config.ConfigFactory;

import io.zeroio.pekko.session.Session;
import io.zeroio.pekko.session.SessionEvent;
import io.zeroio.pekko.session.SessionServer;
import io.zeroio.pekko.javadsl.ServerBinding;

/** Actor per session, driven with Pekko's ActorTestKit: echo over 100 connections, supervision, events. */
class SessionTest {
    private ActorTestKit kit;
    private ZeroIo zio;

    @BeforeEach
    void start() {
        kit = ActorTestKit.create("sessions", ConfigFactory.parseString(
            "zero-io.shards = 2\nzero-io.shutdown.drain-timeout = 1s\n").withFallback(ConfigFactory.load()));
        zio = ZeroIo.get(kit.system());
    }

    @AfterEach
    void stop() throws Exception {
        TestSystems.awaitPoolsFull(zio);
        kit.shutdownTestKit();
        assertEquals(0, zio.heldSlots());
    }

    /** The actor-per-session echo: every received lease is sent straight back (0 copies). */
    static Behavior<SessionEvent> echo(Session session) {
        return Behaviors.receive(SessionEvent.class)
            .onMessage(SessionEvent.Received.class, r -> {
                session.send(r.lease());
                return Behaviors.same();
            })
            .onMessage(SessionEvent.PeerClosed.class, p -> {
                session.close();
                return Behaviors.same();
            })
            .build();
    }

    @Test
    void actorPerSessionEchoWithHundredConnectionsEveryByte() throws Exception {
        final ServerBinding b = TestSystems.await(SessionServer.bind(kit.system(), "127.0.0.1", 0, SessionTest::echo));
        final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            final List<Future<Boolean>> all = new ArrayList<>();
            for (int c = 0; c < 100; c++) {
                final int seed = c;
                all.add(pool.submit(() -> {
                    final byte[] sent = new byte[32 * 1024];
                    new Random(seed).nextBytes(sent);
                    try (Socket s = new Socket("127.0.0.1", b.port())) {
                        s.setSoTimeout(20_000);
                        final OutputStream out = s.getOutputStream();
                        final Future<?> w = pool.submit(() -> {
                            out.write(sent);
                            s.shutdownOutput();
                            return null;
                        });
                        final byte[] got = s.getInputStream().readAllBytes(); // until the server's FIN
                        w.get(20, TimeUnit.SECONDS);
                        assertArrayEquals(sent, got);
                        return true;
                    }
                }));
            }
            for (Future<Boolean> f : all) {
                assertTrue(f.get(60, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theSessionSeesReceivedPeerClosedAndAFailingSessionClosesOnlyItsConnection() throws Exception {
        final TestProbe<String> probe = kit.createTestProbe();
        final ServerBinding b = TestSystems.await(SessionServer.bind(kit.system(), "127.0.0.1", 0, session ->
            Behaviors.receive(SessionEvent.class)
                .onMessage(SessionEvent.Received.class, r -> {
                    final String text = new String(r.lease().toByteArray());
                    r.lease().release();
                    probe.ref().tell("received:" + text.trim());
                    if (text.startsWith("crash")) {
                        throw new IllegalStateException("session failure on purpose");
                    }
                    session.sendCopy(org.apache.pekko.util.ByteString.fromString("ok " + text));
                    return Behaviors.same();
                })
                .onMessage(SessionEvent.PeerClosed.class, p -> {
                    probe.ref().tell("peer-closed");
                    session.close();
                    return Behaviors.same();
                })
                .build()));
        try (Socket healthy = new Socket("127.0.0.1", b.port()); Socket doomed = new Socket("127.0.0.1", b.port())) {
            healthy.setSoTimeout(10_000);
            doomed.setSoTimeout(10_000);
            doomed.getOutputStream().write("crash\n".getBytes());
            probe.expectMessage("received:crash");
            // the failing actor's connection is closed (EOF or reset), not the shard
            final InputStream in = doomed.getInputStream();
            int r;
            try {
                r = in.read();
            } catch (java.net.SocketException reset) {
                r = -1;
            }
            assertEquals(-1, r, "the failing session's connection is closed");
            healthy.getOutputStream().write("hello\n".getBytes());
            probe.expectMessage("received:hello");
            assertEquals("ok hello\n", new String(TestSystems.readFully(healthy.getInputStream(), 9)));
            healthy.shutdownOutput();
            probe.expectMessage("peer-closed");
            assertEquals(-1, healthy.getInputStream().read(), "the session closed after the peer did");
        }
        assertTrue(zio.shards().stream().noneMatch(s -> s.isStopped()), "no shard stopped");
    }
}

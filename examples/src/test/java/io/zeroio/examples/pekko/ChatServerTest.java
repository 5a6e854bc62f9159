package io.zeroio.examples.pekko;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.pekko.actor.testkit.typed.javadsl.ActorTestKit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.typesafe.config.ConfigFactory;

import io.zeroio.pekko.ZeroIo;
import io.zeroio.pekko.javadsl.ServerBinding;

/** The actor-per-session chat with 100 concurrent members: every line reaches every other member, in order. */
class ChatServerTest {
    private static final int MEMBERS = 100;
    private static final int LINES = 20;

    private ActorTestKit kit;
    private ZeroIo zio;

    @BeforeEach
    void start() {
        kit = ActorTestKit.create("chat", ConfigFactory.parseString(
            "zero-io.shards = 2\nzero-io.shutdown.drain-timeout = 1s\npekko.loglevel = WARNING\n")
            .withFallback(ConfigFactory.load()));
        zio = ZeroIo.get(kit.system());
    }

    @AfterEach
    void stop() throws Exception {
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (zio.heldSlots() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, zio.heldSlots(), "pools back to full after the chat");
        kit.shutdownTestKit();
        assertEquals(0, zio.heldSlots());
    }

    @Test
    void hundredMembersReceiveEveryOtherMembersLinesInOrder() throws Exception {
        final ServerBinding b = ChatServer.start(kit.system(), "127.0.0.1", 0);
        final CountDownLatch allJoined = new CountDownLatch(MEMBERS);
        final CountDownLatch allDone = new CountDownLatch(MEMBERS);
        final ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            final List<Future<Map<Integer, List<Integer>>>> results = new ArrayList<>();
            for (int c = 0; c < MEMBERS; c++) {
                final int me = c;
                results.add(pool.submit(() -> {
                    try (Socket s = new Socket("127.0.0.1", b.port())) {
                        s.setSoTimeout(30_000);
                        final BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
                        final String welcome = in.readLine();
                        assertTrue(welcome.startsWith("welcome "), welcome);
                        allJoined.countDown();
                        assertTrue(allJoined.await(30, TimeUnit.SECONDS), "every member joined");
                        final OutputStream out = s.getOutputStream();
                        final StringBuilder mine = new StringBuilder();
                        for (int j = 0; j < LINES; j++) {
                            mine.append("m").append(me).append(':').append(j).append('\n');
                        }
                        // written in odd-sized pieces so lines straddle TCP segments and leases
                        final byte[] bytes = mine.toString().getBytes(StandardCharsets.UTF_8);
                        for (int at = 0; at < bytes.length; at += 7) {
                            out.write(bytes, at, Math.min(7, bytes.length - at));
                        }
                        out.flush();
                        final Map<Integer, List<Integer>> got = new HashMap<>();
                        for (int n = 0; n < (MEMBERS - 1) * LINES; n++) {
                            final String line = in.readLine();
                            final int colon = line.indexOf(':');
                            got.computeIfAbsent(Integer.parseInt(line.substring(1, colon)), k -> new ArrayList<>())
                                .add(Integer.parseInt(line.substring(colon + 1)));
                        }
                        allDone.countDown();
                        assertTrue(allDone.await(30, TimeUnit.SECONDS), "every member received everything");
                        return got;
                    }
                }));
            }
            for (int c = 0; c < MEMBERS; c++) {
                final Map<Integer, List<Integer>> got = results.get(c).get(90, TimeUnit.SECONDS);
                assertEquals(MEMBERS - 1, got.size(), "member " + c + " heard from every other member");
                assertTrue(!got.containsKey(c), "member " + c + " does not hear itself");
                for (Map.Entry<Integer, List<Integer>> e : got.entrySet()) {
                    final List<Integer> expected = new ArrayList<>();
                    for (int j = 0; j < LINES; j++) {
                        expected.add(j);
                    }
                    assertEquals(expected, e.getValue(), "member " + c + " got member " + e.getKey() + "'s lines in order");
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

package io.zeroio.runtime.shard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import io.zeroio.runtime.error.SyscallException;
import io.zeroio.runtime.error.ZeroIoException;

/** Shared helpers of the shard gate and fault tests (test code: allocation is fine here). */
final class ShardTestSupport {
    static final long WAIT_NANOS = 10_000_000_000L;

    private ShardTestSupport() {
    }

    /** One event as the handler saw it, copied while it was valid. */
    record Rec(EventType type, long conn, int endpoint, int errno, SyscallException error, int length) {
        static Rec of(Event ev) {
            return new Rec(ev.type(), ev.conn(), ev.endpoint(), ev.errno(), ev.error(), ev.length());
        }
    }

    /**
     * The inline echo plus a record of every event (for assertions from the test thread), listening
     * on 127.0.0.1 on an ephemeral port. Subclasses take over chosen events through {@link #handle}.
     */
    static class RecordingEcho extends EchoHandler {
        final ConcurrentLinkedQueue<Rec> events = new ConcurrentLinkedQueue<>();
        volatile int listener = -1;

        @Override
        public void onStart(Io io) throws Exception {
            listener = io.tcpListen(new InetSocketAddress("127.0.0.1", 0));
        }

        @Override
        public final void onEvent(Io io, Event event) {
            events.add(Rec.of(event));
            if (!handle(io, event)) {
                super.onEvent(io, event);
            }
        }

        /** Returns true when it handled the event itself (no echo). */
        boolean handle(Io io, Event event) {
            return false;
        }

        /** Waits (bounded) for an event matching {@code p} and returns the first one. */
        Rec await(String what, Predicate<Rec> p) {
            final long deadline = System.nanoTime() + WAIT_NANOS;
            while (System.nanoTime() - deadline < 0) {
                for (Rec r : events) {
                    if (p.test(r)) {
                        return r;
                    }
                }
                pause();
            }
            return fail("no " + what + " event within 10 s; events: " + events);
        }

        List<Rec> all(Predicate<Rec> p) {
            final List<Rec> out = new ArrayList<>();
            for (Rec r : events) {
                if (p.test(r)) {
                    out.add(r);
                }
            }
            return out;
        }
    }

    /** Bounded wait for a condition. */
    static void awaitTrue(String what, BooleanSupplier condition) {
        final long deadline = System.nanoTime() + WAIT_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after 10 s waiting for: " + what);
            }
            pause();
        }
    }

    static void pause() {
        try {
            Thread.sleep(2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The port of a listener endpoint. */
    static int port(ShardRunner shard, int endpoint) throws ZeroIoException {
        return ((InetSocketAddress) shard.call(io -> EchoTest.localAddress(io, endpoint))).getPort();
    }

    /** A fresh TCP connection to {@code port} echoes every byte: the shard still serves. */
    static void assertEchoes(int port) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.setTcpNoDelay(true);
            final byte[] out = new byte[3000];
            for (int i = 0; i < out.length; i++) {
                out[i] = (byte) (i * 31 + 7);
            }
            s.getOutputStream().write(out);
            final byte[] in = new byte[out.length];
            new DataInputStream(s.getInputStream()).readFully(in);
            assertArrayEquals(out, in, "echo on a fresh connection");
        }
    }

    /** Runs an Io call that may throw a checked exception on the shard thread; returns it or null. */
    static Throwable callCatching(ShardRunner shard, IoAction action) throws ZeroIoException {
        return shard.call(io -> {
            try {
                action.run(io);
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
    }

    /** An Io call that may throw. */
    @FunctionalInterface
    interface IoAction {
        void run(Io io) throws Exception;
    }
}

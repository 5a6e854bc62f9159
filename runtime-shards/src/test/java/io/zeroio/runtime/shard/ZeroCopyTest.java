package io.zeroio.runtime.shard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.lang.foreign.MemorySegment;
import java.net.Socket;
import java.nio.ByteOrder;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.zeroio.runtime.pool.SendBuffer;
import io.zeroio.runtime.pool.SlotHandle;
import io.zeroio.runtime.pool.SlotPool;

/**
 * The 0-copies gate (DESIGN.md §5).
 *
 * <p>(a) Received bytes are read where the backend wrote them: every DATA event's
 * {@code address()} lies inside tier 0's region (the RX slots), equals the address of the slot its
 * handle names plus its offset, and the bytes there are the bytes the peer sent, read through the
 * event's own view; the payload never passed through a heap array.
 *
 * <p>(b) The zero-copy send paths never touch the pool's copy helper: echoing from the receive slot
 * ({@link Io#sendLease}) and sending a slot the producer wrote ({@link Io#send(long, SendBuffer)}, and
 * the same across threads through {@link IoHandle#send(long, SendBuffer)}) leave
 * {@code pools().copyCount()} at 0, while {@link Io#sendCopy} and {@link IoHandle#sendCopy} each count
 * one copy, so the counter can fail.
 */
@Timeout(60)
class ZeroCopyTest {
    private ShardRunner shard;

    @AfterEach
    void stop() throws Exception {
        if (shard != null) {
            ShardAssertions.awaitPoolsFull(shard);
            shard.close();
        }
    }

    /** Echo from the RX slot, plus a reply header written into a fresh SendBuffer; checks every DATA event. */
    static final class CheckingEcho extends ShardTestSupport.RecordingEcho {
        long dataEvents;
        long outsideRegion;
        long wrongAddress;
        long viewMismatch;
        long replies;
        long refusedSends;
        long typestateViolations;
        volatile long conn;
        /** false: plain echo (for the final "still serves" check). */
        volatile boolean framed = true;

        @Override
        boolean handle(Io io, Event event) {
            if (event.type() == EventType.ACCEPTED) {
                conn = event.conn();
                return false;
            }
            if (event.type() != EventType.DATA || !framed) {
                return false;
            }
            dataEvents++;
            final SlotPool rx = io.pools().tier(0);
            final MemorySegment region = rx.region();
            final long address = event.address();
            if (address < region.address() || address + event.length() > region.address() + region.byteSize()) {
                outsideRegion++;
            }
            if (SlotHandle.tier(event.slot()) != 0
                || address != rx.slotAddress(SlotHandle.slot(event.slot())) + event.offset()) {
                wrongAddress++;
            }
            // The event's view and a raw view over the slot memory see the same bytes at the same place.
            final UnsafeBuffer raw = new UnsafeBuffer(address, event.length());
            for (int i = 0; i < event.length(); i++) {
                if (raw.getByte(i) != event.data().getByte(i)) {
                    viewMismatch++;
                    break;
                }
            }
            if (event.data().addressOffset() != address) {
                viewMismatch++;
            }
            // Reply: a 4-byte length header the handler writes into a slot, then the payload from the RX slot.
            final SendBuffer header = io.sendBuffer(4);
            header.buffer().putInt(0, event.length(), ByteOrder.BIG_ENDIAN);
            header.length(4);
            if (!io.send(event.conn(), header)) {
                refusedSends++;
            }
            // Sent: the flyweight is no longer the producer's (typestate Reserved ends at send).
            if (header.isOpen()) {
                typestateViolations++;
            }
            try {
                header.buffer();
                typestateViolations++;
            } catch (io.zeroio.runtime.pool.SlotStateException expected) {
                // use after send
            }
            if (!io.sendLease(event.conn(), event.slot(), event.offset(), event.length())) {
                refusedSends++;
            }
            replies++;
            return true;
        }
    }

    @ParameterizedTest
    @MethodSource("io.zeroio.runtime.shard.Backends4Test#all")
    void receivedBytesAreReadInPlaceAndZeroCopySendsNeverCopy(BackendKind kind) throws Exception {
        final CheckingEcho handler = new CheckingEcho();
        shard = ShardRunner.start(Backends4Test.config(kind), handler);
        final int port = ShardTestSupport.port(shard, handler.listener);
        final int messages = 500;
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setTcpNoDelay(true);
            s.setSoTimeout(10_000);
            final DataInputStream in = new DataInputStream(s.getInputStream());
            for (int m = 0; m < messages; m++) {
                final byte[] msg = new byte[1 + (m * 37) % 1500];
                for (int i = 0; i < msg.length; i++) {
                    msg[i] = (byte) (m + i * 13);
                }
                s.getOutputStream().write(msg);
                // Replies come back as (header, payload) per DATA event; a message may arrive in pieces.
                final byte[] got = new byte[msg.length];
                int have = 0;
                while (have < msg.length) {
                    final int n = in.readInt();
                    in.readFully(got, have, n);
                    have += n;
                }
                assertArrayEquals(msg, got, "message " + m);
            }
            assertEquals(0L, (long) shard.call(io -> io.pools().copyCount()), "copies on the zero-copy paths");

            // Cross-thread zero-copy send: a producer thread fills a slot, the shard sends it.
            final long conn = handler.conn;
            final IoHandle h = shard.handle();
            final SendBuffer b = h.sendBuffer(16);
            b.buffer().putInt(0, 8, ByteOrder.BIG_ENDIAN);
            b.buffer().putLong(4, 0x0102030405060708L, ByteOrder.BIG_ENDIAN);
            assertTrue(h.send(conn, b.length(12)));
            assertEquals(8, in.readInt());
            assertEquals(0x0102030405060708L, in.readLong());
            assertEquals(0L, (long) shard.call(io -> io.pools().copyCount()), "IoHandle.send copies nothing");

            // The copying convenience paths are counted: the counter is live.
            final UnsafeBuffer source = new UnsafeBuffer(new byte[] {0, 0, 0, 1, 42});
            assertTrue((boolean) shard.call(io -> io.sendCopy(conn, source, 0, 5)));
            assertEquals(1, in.readInt());
            assertEquals(42, in.readByte());
            assertEquals(1L, (long) shard.call(io -> io.pools().copyCount()), "Io.sendCopy counts one copy");
            assertTrue(h.sendCopy(conn, source, 0, 5));
            assertEquals(1, in.readInt());
            assertEquals(42, in.readByte());
            assertEquals(2L, (long) shard.call(io -> io.pools().copyCount()), "IoHandle.sendCopy counts one copy");
        }
        final long[] checks = shard.call(io -> new long[] {handler.dataEvents, handler.outsideRegion, handler.wrongAddress,
            handler.viewMismatch, handler.refusedSends, handler.replies, handler.typestateViolations});
        assertTrue(checks[0] >= 1, "DATA events seen");
        assertEquals(0, checks[1], "DATA events whose bytes were not in RX slot memory");
        assertEquals(0, checks[2], "DATA events whose address was not their slot's address + offset");
        assertEquals(0, checks[3], "DATA events whose view did not show the slot's bytes");
        assertEquals(0, checks[4], "sends refused");
        assertEquals(0, checks[6], "SendBuffers still usable after io.send");
        ShardAssertions.awaitOpenConnections(shard, 0);
        handler.framed = false;
        ShardTestSupport.assertEchoes(port);
    }

}

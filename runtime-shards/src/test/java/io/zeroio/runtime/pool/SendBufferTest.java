package io.zeroio.runtime.pool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** SendBuffer typestate (Reserved until sent or aborted) and OwnedSlot reference semantics. */
@Timeout(10)
class SendBufferTest {
    private final SlotPool pool = new SlotPool(0, 128, 4, HugePages.OFF);

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void reservedBufferWritesIntoItsSlot() {
        final SendBuffer b = pool.acquireSendBuffer();
        assertNotNull(b);
        assertTrue(b.isOpen());
        assertEquals(128, b.capacity());
        assertEquals(pool.address(b.handle()), b.address(), "the view is the slot itself");
        b.buffer().putLong(0, 0x1122334455667788L);
        b.length(8);
        assertEquals(8, b.length());
        assertSame(b, pool.sendBuffer(b.handle()), "one pre-allocated flyweight per slot");
        assertThrows(IndexOutOfBoundsException.class, () -> b.length(129));
        assertThrows(IndexOutOfBoundsException.class, () -> b.length(-1));
        b.abort();
    }

    @Test
    void takeHandsOverTheHandleOnceThenEveryUseThrows() {
        final SendBuffer b = pool.acquireSendBuffer();
        final long expected = b.handle();
        final long h = b.take();
        assertEquals(expected, h);
        assertFalse(b.isOpen());
        assertTrue(pool.isLive(h), "the reference now belongs to the taker");
        final SlotStateException e = assertThrows(SlotStateException.class, b::take);
        assertTrue(e.getMessage().contains("used after it was sent or aborted"), e.getMessage());
        assertThrows(SlotStateException.class, b::buffer);
        assertThrows(SlotStateException.class, b::address);
        assertThrows(SlotStateException.class, b::handle);
        assertThrows(SlotStateException.class, () -> b.length(1));
        assertThrows(SlotStateException.class, b::abort);
        assertEquals(1, pool.inUse(), "failed calls change nothing");
        assertTrue(pool.release(h));
        SlotPoolTest.assertWhole(pool);
    }

    @Test
    void abortGivesTheSlotBackAndEndsTheBuffer() {
        final SendBuffer b = pool.acquireSendBuffer();
        final long h = b.handle();
        b.abort();
        assertEquals(0, pool.inUse());
        assertFalse(pool.isLive(h));
        assertThrows(SlotStateException.class, b::buffer);
        assertThrows(SlotStateException.class, b::abort, "abort twice");
        SlotPoolTest.assertWhole(pool);
    }

    @Test
    void takeOfASlotReleasedBehindItsBackThrows() {
        final SendBuffer b = pool.acquireSendBuffer();
        final long h = b.handle();
        pool.release(h);
        final SlotStateException e = assertThrows(SlotStateException.class, b::take);
        assertTrue(e.getMessage().contains("released behind its back"), e.getMessage());
        assertFalse(b.isOpen());
        SlotPoolTest.assertWhole(pool);
    }

    /**
     * {@code SlotPool.sendBuffer(handle)} returns "the pre-allocated writable flyweight of the slot a
     * live handle names": for a lease from {@code acquire()} it must be armed for that handle (it
     * used to hold NONE or a previous lease's handle, so every use threw), for a lease from
     * {@code acquireSendBuffer()} it is the same armed object with its length kept.
     */
    @Test
    void sendBufferOfAnAcquiredHandleIsWritable() {
        // A previous lease of the same slot leaves the flyweight holding a dead handle.
        final SendBuffer earlier = pool.acquireSendBuffer();
        final long earlierHandle = earlier.handle();
        earlier.abort();
        final long h = pool.acquire();
        assertEquals(SlotHandle.slot(earlierHandle), SlotHandle.slot(h), "the free stack hands the same slot back");
        final SendBuffer b = pool.sendBuffer(h);
        assertTrue(b.isOpen());
        b.buffer().putInt(0, 7);
        assertEquals(h, b.handle());
        assertEquals(pool.address(h), b.address());
        assertEquals(0, b.length(), "a freshly armed flyweight sends nothing until length() is set");
        b.length(4);
        assertEquals(7, pool.sendBuffer(h).buffer().getInt(0), "same memory");
        assertEquals(4, pool.sendBuffer(h).length(), "asking again does not re-arm a flyweight that holds the lease");
        assertEquals(1, pool.refCount(h), "arming adds no reference");
        b.abort();
        assertFalse(pool.isLive(h), "aborting the flyweight ended the acquired lease");
        assertThrows(SlotStateException.class, () -> pool.sendBuffer(h));

        final SendBuffer armed = pool.acquireSendBuffer();
        armed.length(9);
        assertSame(armed, pool.sendBuffer(armed.handle()));
        assertEquals(9, armed.length());
        armed.abort();
        SlotPoolTest.assertWhole(pool);
    }

    @Test
    void ownedSlotCloseTwiceThrows() {
        final long h = pool.acquire();
        final OwnedSlot s = new OwnedSlot(pool, h, 4, 10);
        assertEquals(pool.address(h) + 4, s.address());
        assertEquals(10, s.length());
        assertFalse(s.isReleased());
        s.close();
        assertTrue(s.isReleased());
        assertEquals(0, pool.inUse());
        final SlotStateException e = assertThrows(SlotStateException.class, s::close);
        assertTrue(e.getMessage().contains("released twice"), e.getMessage());
        assertThrows(SlotStateException.class, s::address);
        assertThrows(SlotStateException.class, s::buffer);
        assertThrows(SlotStateException.class, s::retain);
        assertThrows(SlotStateException.class, () -> s.getByte(0));
        SlotPoolTest.assertWhole(pool);
    }

    @Test
    void ownedSlotRetainGivesAnIndependentReference() {
        final SendBuffer w = pool.acquireSendBuffer();
        w.buffer().putByte(3, (byte) 42);
        final long h = w.take();
        final OwnedSlot a = new OwnedSlot(pool, h, 3, 1);
        final OwnedSlot b = a.retain();
        assertEquals(2, pool.refCount(h));
        assertEquals(a.address(), b.address(), "same bytes, no copy");
        a.close();
        assertFalse(b.isReleased());
        assertEquals(42, b.getByte(0), "the second reference still reads");
        assertEquals(1, pool.inUse());
        assertThrows(SlotStateException.class, a::close);
        assertEquals(1, pool.refCount(h), "a's second close did not steal b's reference");
        b.close();
        assertEquals(0, pool.inUse());
        SlotPoolTest.assertWhole(pool);
    }

    @Test
    void ownedSlotToByteArrayIsACountedCopy() {
        final SendBuffer w = pool.acquireSendBuffer();
        w.buffer().putBytes(0, new byte[] {1, 2, 3, 4});
        final OwnedSlot s = new OwnedSlot(pool, w.take(), 1, 2);
        assertEquals(0, pool.copyCount());
        assertEquals(2, s.buffer().capacity());
        org.junit.jupiter.api.Assertions.assertArrayEquals(new byte[] {2, 3}, s.toByteArray());
        assertEquals(1, pool.copyCount());
        s.close();
    }
}

package io.zeroio.protocol.http.websocket.deflate;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import io.zeroio.protocol.http.websocket.Utf8Validator;
import io.zeroio.protocol.http.websocket.WebSocketFrame;
import io.zeroio.protocol.http.websocket.WebSocketFrameDecoder;
import io.zeroio.runtime.pool.Pools;
import io.zeroio.runtime.pool.SendBuffer;
import io.zeroio.runtime.pool.SlotPool;
import io.zeroio.runtime.shard.Io;

/**
 * The permessage-deflate codec of one connection (RFC 7692 §7.2): a raw-DEFLATE {@link Deflater} for
 * outgoing messages (sync-flushed, the trailing {@code 00 00 ff ff} stripped) and an {@link Inflater}
 * for incoming ones (the tail appended back), both working directly on pool memory through direct
 * {@link ByteBuffer} views. Made once per connection index and reused ({@link #start} resets it for a
 * new connection); no_context_takeover resets the matching side after every message.
 *
 * <p>Allocation: none per message on the Java heap (measured by {@code WebSocketDeflateAllocationTest});
 * zlib keeps ~256 KiB of native state for the deflater and ~40 KiB for the inflater per instance.
 * Shard thread only. {@link #close()} frees the native state.
 */
public final class PerMessageDeflate implements AutoCloseable {
    /** Close code when no pool slot is free to inflate a message into (RFC 6455 registry: try again later). */
    public static final int TRY_AGAIN_LATER = 1013;
    private final Deflater deflater;
    private final Inflater inflater = new Inflater(true);
    private final ByteBuffer tail = ByteBuffer.allocateDirect(4);
    private final SlotViews in;
    private final SlotViews out;
    private final int threshold;
    private final UnsafeBuffer message = new UnsafeBuffer(0, 0);
    private final int largestSlot;
    private long slot;
    private int inflated;
    private int compressedLength;
    private boolean active;
    private boolean resetOwn;
    private boolean resetPeer;

    /** A codec over {@code pools} (the shard's) with {@code config}'s level and threshold. */
    public PerMessageDeflate(Pools pools, PerMessageDeflateConfig config) {
        this.deflater = new Deflater(config.level(), true);
        this.in = new SlotViews(pools);
        this.out = new SlotViews(pools);
        this.threshold = config.thresholdBytes();
        this.largestSlot = pools.tier(pools.tierCount() - 1).slotSize();
        tail.put(0, (byte) 0).put(1, (byte) 0).put(2, (byte) 0xFF).put(3, (byte) 0xFF);
    }

    /**
     * Starts a connection with {@code agreement} ({@link PerMessageDeflateNegotiation}); {@code server}
     * says which no_context_takeover bit is ours. {@link PerMessageDeflateNegotiation#NONE} deactivates.
     */
    public void start(int agreement, boolean server) {
        deflater.reset();
        inflater.reset();
        active = (agreement & PerMessageDeflateNegotiation.AGREED) != 0;
        final int ours = server ? PerMessageDeflateNegotiation.SERVER_NO_CONTEXT_TAKEOVER
            : PerMessageDeflateNegotiation.CLIENT_NO_CONTEXT_TAKEOVER;
        final int theirs = server ? PerMessageDeflateNegotiation.CLIENT_NO_CONTEXT_TAKEOVER
            : PerMessageDeflateNegotiation.SERVER_NO_CONTEXT_TAKEOVER;
        resetOwn = (agreement & ours) != 0;
        resetPeer = (agreement & theirs) != 0;
    }

    /** Whether the extension is in use on the current connection. */
    public boolean active() {
        return active;
    }

    /** Whether an outgoing message of {@code length} bytes should be compressed. */
    public boolean shouldCompress(int length) {
        return active && length >= threshold;
    }

    /**
     * Compresses a whole message of {@code length} bytes at {@code src} into {@code capacity} bytes at
     * {@code dst} (both pool memory). Returns the compressed length, or -1 when it is empty or does not fit (the
     * caller sends the message uncompressed; the compressor restarts, which the peer tolerates).
     */
    public int compress(long src, int length, long dst, int capacity) {
        if (length == 0) {
            return -1; // a sync flush with no input may produce nothing: an empty message goes uncompressed
        }
        deflater.setInput(in.view(src, length));
        final ByteBuffer o = out.view(dst, capacity);
        final int start = o.position();
        // SYNC_FLUSH: when the call leaves output space unused, all input is compressed and flushed
        // (Deflater#deflate javadoc); a full output means it did not fit
        deflater.deflate(o, Deflater.SYNC_FLUSH);
        final int produced = o.hasRemaining() && deflater.needsInput() ? o.position() - start : -1;
        if (produced < 4 || resetOwn) {
            deflater.reset(); // no_context_takeover, or a failed attempt the peer never saw
        }
        if (produced < 4) {
            return -1;
        }
        return produced - 4; // §7.2.1: remove the 0x00 0x00 0xff 0xff of the sync flush
    }

    /**
     * Inflates one frame's compressed bytes ({@code length} at {@code src}) after the {@code have}
     * bytes already inflated at {@code dst} (capacity {@code capacity}); {@code fin} appends the
     * stripped tail and ends the message. Returns the new inflated total, or
     * {@code -}{@value WebSocketFrameDecoder#MESSAGE_TOO_BIG} when it would exceed {@code capacity}
     * (a zip bomb stops there), or {@code -}{@value WebSocketFrameDecoder#INVALID_PAYLOAD} for corrupt data.
     */
    public int inflate(long src, int length, boolean fin, long dst, int have, int capacity) {
        final ByteBuffer o = out.view(dst + have, capacity - have);
        final int start = o.position();
        try {
            inflater.setInput(in.view(src, length));
            if (!drain(o)) {
                inflater.reset();
                return -WebSocketFrameDecoder.MESSAGE_TOO_BIG;
            }
            if (fin) {
                tail.clear();
                inflater.setInput(tail);
                if (!drain(o) || !o.hasRemaining()) { // a full destination may hide pending output: too big
                    inflater.reset();
                    return -WebSocketFrameDecoder.MESSAGE_TOO_BIG;
                }
                if (resetPeer || inflater.finished()) {
                    inflater.reset();
                }
            }
        } catch (DataFormatException e) {
            inflater.reset();
            return -WebSocketFrameDecoder.INVALID_PAYLOAD;
        }
        return have + (o.position() - start);
    }

    /** Inflates until the input is used up; false when the output fills first. */
    private boolean drain(ByteBuffer o) throws DataFormatException {
        while (!inflater.needsInput() && !inflater.finished()) {
            if (!o.hasRemaining()) {
                return false;
            }
            final int before = inflater.getRemaining();
            final int n = inflater.inflate(o);
            if (n == 0 && (inflater.needsDictionary() || inflater.getRemaining() == before)) {
                throw new DataFormatException("no progress (a preset dictionary, or stuck input)"); // never spin
            }
        }
        return true;
    }

    /**
     * Inflates the data frame {@code frame} (of a compressed message) into this connection's message
     * slot, checked out from the pool at the message's first frame: a slot of the largest tier, so a
     * message inflates to at most {@code min(maxMessageBytes, largest slot size)} bytes — beyond that
     * (a zip bomb included) the result is 1009. At the last frame a text message's UTF-8 is validated
     * and {@code frame} is re-pointed at the whole inflated message ({@link WebSocketFrame#message}).
     *
     * @return 1 when {@code frame} now holds the whole message (deliver it, then {@link #releaseMessage}),
     *         0 when more fragments must come, or {@code -closeCode} (1009 too big, 1007 bad data, 1013 no
     *         slot free to inflate into)
     */
    public int inflateFrame(Io io, WebSocketFrame frame, long maxMessageBytes) {
        if (slot == 0) {
            final SendBuffer b = io.sendBuffer(largestSlot);
            if (b == null) {
                return -TRY_AGAIN_LATER; // no slot to inflate into
            }
            slot = b.take();
            inflated = 0;
        }
        final SlotPool pool = io.pools().poolOf(slot);
        final long dst = pool.address(slot);
        final int capacity = (int) Math.min(pool.slotSize(), maxMessageBytes + 1);
        final int n = inflate(frame.buffer().addressOffset() + frame.payloadOffset(), frame.payloadLength(), frame.fin(),
            dst, inflated, capacity);
        if (n < 0) {
            return n;
        }
        if (n > maxMessageBytes) {
            return -WebSocketFrameDecoder.MESSAGE_TOO_BIG;
        }
        inflated = n;
        if (!frame.fin()) {
            return 0;
        }
        message.wrap(dst, n);
        if (frame.messageOpcode() == WebSocketFrame.TEXT
            && Utf8Validator.validate(message, 0, n, Utf8Validator.ACCEPT) != Utf8Validator.ACCEPT) {
            return -WebSocketFrameDecoder.INVALID_PAYLOAD;
        }
        frame.message(message, frame.messageOpcode(), 0, n);
        return 1;
    }

    /**
     * The slot holding the message {@link #inflateFrame} just completed (0 when none): a session that
     * detaches the payload takes its own reference on it before {@link #releaseMessage}.
     */
    public long messageSlot() {
        return slot;
    }

    /** Gives the message slot back (after delivering an inflated message, or when the connection ends). */
    public void releaseMessage(Io io) {
        final long h = slot;
        if (h != 0) {
            slot = 0;
            inflated = 0;
            io.pools().poolOf(h).release(h);
        }
    }

    /**
     * Ends the connection's use of the codec: gives back a message slot held mid-message and resets
     * the inflater.
     */
    public void end(Io io) {
        releaseMessage(io);
        inflater.reset();
        active = false;
    }

    /**
     * Compresses a whole outgoing message into a new TX slot, at {@code headroom} bytes from its start
     * (room for the frame header). {@code src} may be anywhere (heap or pool memory); bytes outside the
     * pools are staged in a pool slot first. Returns the slot (its compressed length is
     * {@link #compressedLength()}), or null when the message should go uncompressed (below the
     * threshold, not smaller when compressed, larger than the largest slot, or no slot free).
     */
    public SendBuffer compressToSlot(Io io, DirectBuffer src, int offset, int length, int headroom) {
        if (!shouldCompress(length) || (long) length + headroom + 64 > largestSlot) {
            return null;
        }
        SendBuffer staging = null;
        long from = src.addressOffset() + offset;
        if (src.byteArray() != null || !in.contains(from, length)) {
            staging = io.sendBuffer(Math.max(1, length));
            if (staging == null) {
                return null;
            }
            staging.buffer().putBytes(0, src, offset, length);
            from = staging.address();
        }
        final SendBuffer out = io.sendBuffer(length + headroom + 64);
        if (out == null) {
            if (staging != null) {
                staging.abort();
            }
            return null;
        }
        final int n = compress(from, length, out.address() + headroom, Math.min(out.capacity() - headroom, length + 64));
        if (staging != null) {
            staging.abort();
        }
        if (n < 0) {
            out.abort();
            return null;
        }
        compressedLength = n;
        return out;
    }

    /** The compressed length of the last {@link #compressToSlot} result. */
    public int compressedLength() {
        return compressedLength;
    }

    @Override
    public void close() {
        deflater.end();
        inflater.end();
    }
}

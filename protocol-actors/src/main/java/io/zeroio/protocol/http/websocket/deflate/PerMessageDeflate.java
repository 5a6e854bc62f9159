package io.zeroio.protocol.http.websocket.deflate;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

import io.zeroio.protocol.http.websocket.WebSocketFrameDecoder;
import io.zeroio.runtime.pool.Pools;

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
    private final Deflater deflater;
    private final Inflater inflater = new Inflater(true);
    private final ByteBuffer tail = ByteBuffer.allocateDirect(4);
    private final SlotViews in;
    private final SlotViews out;
    private final int threshold;
    private boolean active;
    private boolean resetOwn;
    private boolean resetPeer;

    /** A codec over {@code pools} (the shard's) with {@code config}'s level and threshold. */
    public PerMessageDeflate(Pools pools, PerMessageDeflateConfig config) {
        this.deflater = new Deflater(config.level(), true);
        this.in = new SlotViews(pools);
        this.out = new SlotViews(pools);
        this.threshold = config.thresholdBytes();
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
     * {@code dst} (both pool memory). Returns the compressed length, or -1 when it does not fit (the
     * caller sends the message uncompressed; the compressor restarts, which the peer tolerates).
     */
    public int compress(long src, int length, long dst, int capacity) {
        deflater.setInput(in.view(src, length));
        final ByteBuffer o = out.view(dst, capacity);
        final int start = o.position();
        int produced = -1;
        // SYNC_FLUSH: done when the call leaves output space unused (Deflater#deflate javadoc)
        while (o.hasRemaining()) {
            deflater.deflate(o, Deflater.SYNC_FLUSH);
            if (o.hasRemaining() && deflater.needsInput()) {
                produced = o.position() - start;
                break;
            }
        }
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
            final int n = inflater.inflate(o);
            if (n == 0 && inflater.needsDictionary()) {
                throw new DataFormatException("a preset dictionary is not allowed");
            }
        }
        return true;
    }

    /** Abandons a message in progress (the connection ended mid-message). */
    public void abandonMessage() {
        inflater.reset();
    }

    @Override
    public void close() {
        deflater.end();
        inflater.end();
    }
}

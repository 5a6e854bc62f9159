package io.zeroio.runtime.shard;

import java.net.SocketAddress;

/**
 * Flyweight naming a datagram's source without allocating: either a native {@code sockaddr}
 * (io_uring, inside the receive slot) or a {@link SocketAddress} object (NIO, which allocates
 * one per datagram itself). Valid until the next {@code poll()}; pass it straight to
 * {@link Io#udpSend(int, PeerAddress, io.zeroio.runtime.pool.SendBuffer)} to reply.
 */
public final class PeerAddress {
    private long nativeAddress;
    private int nativeLength;
    private SocketAddress object;

    void wrapNative(long address, int length) {
        this.nativeAddress = address;
        this.nativeLength = length;
        this.object = null;
    }

    void wrapObject(SocketAddress address) {
        this.object = address;
        this.nativeAddress = 0;
        this.nativeLength = 0;
    }

    void clear() {
        this.object = null;
        this.nativeAddress = 0;
        this.nativeLength = 0;
    }

    /** Whether this names a native sockaddr. */
    public boolean isNative() {
        return nativeAddress != 0;
    }

    /** Address of the native sockaddr (0 when {@link #isNative()} is false). */
    public long nativeAddress() {
        return nativeAddress;
    }

    /** Length of the native sockaddr. */
    public int nativeLength() {
        return nativeLength;
    }

    /** The address as a Java object (decodes and allocates for native addresses). */
    public SocketAddress toSocketAddress() {
        if (object != null) {
            return object;
        }
        if (nativeAddress == 0) {
            return null;
        }
        return SockaddrDecoder.decode(nativeAddress, nativeLength);
    }

    @Override
    public String toString() {
        return String.valueOf(toSocketAddress());
    }
}

package io.zeroio.runtime.uring;

import io.zeroio.runtime.os.NativeIoException;
import io.zeroio.runtime.os.SocketConstants;
import io.zeroio.runtime.os.Sockets;

import java.net.InetAddress;
import java.net.InetSocketAddress;

/** Test helper: native loopback sockets. */
final class Net {
    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private Net() {
    }

    /** A native TCP listener on 127.0.0.1 and an ephemeral port. */
    static int tcpListener() throws NativeIoException {
        int fd = Sockets.socket(SocketConstants.AF_INET, SocketConstants.SOCK_STREAM | SocketConstants.SOCK_CLOEXEC, 0);
        Sockets.setsockoptInt(fd, SocketConstants.SOL_SOCKET, SocketConstants.SO_REUSEADDR, 1);
        Sockets.bind(fd, new InetSocketAddress(LOOPBACK, 0));
        Sockets.listen(fd, 128);
        return fd;
    }

    /** A native UDP socket bound to 127.0.0.1 and an ephemeral port. */
    static int udpSocket() throws NativeIoException {
        int fd = Sockets.socket(SocketConstants.AF_INET, SocketConstants.SOCK_DGRAM | SocketConstants.SOCK_CLOEXEC, 0);
        Sockets.bind(fd, new InetSocketAddress(LOOPBACK, 0));
        return fd;
    }

    static int port(int fd) throws NativeIoException {
        return ((InetSocketAddress) Sockets.localAddress(fd)).getPort();
    }
}

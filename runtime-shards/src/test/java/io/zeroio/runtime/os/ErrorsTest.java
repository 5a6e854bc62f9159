package io.zeroio.runtime.os;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Failing calls throw NativeIoException naming the call, the errno and the fix. */
class ErrorsTest {

    @Test
    void bindToAPortInUseNamesEaddrinuseAndTheFix() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            int fd = Sockets.socket(SocketConstants.AF_INET, SocketConstants.SOCK_STREAM | SocketConstants.SOCK_CLOEXEC, 0);
            try {
                InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), taken.getLocalPort());
                NativeIoException e = assertThrows(NativeIoException.class, () -> Sockets.bind(fd, address));
                assertEquals("bind", e.syscall());
                assertEquals(Errno.EADDRINUSE, e.errno());
                assertEquals("EADDRINUSE", e.errnoName());
                String m = e.getMessage();
                assertTrue(m.startsWith("bind failed: EADDRINUSE (Address already in use)"), m);
                assertTrue(m.contains(String.valueOf(taken.getLocalPort())), "names the address: " + m);
                assertTrue(m.contains("choose another port") && m.contains("SO_REUSEPORT"), m);
            } finally {
                FileDescriptors.closeQuietly(fd);
            }
        }
    }

    @Test
    void blockingConnectToAClosedPortIsRefused() throws Exception {
        int port = closedPort();
        int fd = Sockets.socket(SocketConstants.AF_INET, SocketConstants.SOCK_STREAM | SocketConstants.SOCK_CLOEXEC, 0);
        try {
            NativeIoException e = assertThrows(NativeIoException.class,
                    () -> Sockets.connect(fd, new InetSocketAddress(InetAddress.getLoopbackAddress(), port)));
            assertEquals(Errno.ECONNREFUSED, e.errno());
            assertTrue(e.getMessage().contains("nothing listens"), e.getMessage());
        } finally {
            FileDescriptors.closeQuietly(fd);
        }
    }

    @Test
    void closingABadDescriptorFails() {
        NativeIoException e = assertThrows(NativeIoException.class,
                () -> FileDescriptors.close(CallState.current(), 1 << 20));
        assertEquals(Errno.EBADF, e.errno());
        assertEquals("close failed: EBADF (Bad file descriptor)", e.getMessage());
    }

    @Test
    void errnoNamesWithoutReflection() {
        assertEquals("EPERM", Errno.name(1));
        assertEquals("EAGAIN", Errno.name(Errno.EAGAIN));
        assertEquals("ECONNREFUSED", Errno.name(-111), "io_uring's negated results are accepted");
        assertEquals("ENOBUFS", Errno.name(Errno.ENOBUFS));
        assertEquals("ETIME", Errno.name(Errno.ETIME));
        assertEquals("EHWPOISON", Errno.name(133));
        assertEquals("E?", Errno.name(0));
        assertEquals("E?", Errno.name(4096));
        assertEquals("Operation not permitted", Errno.strerror(Errno.EPERM));
        for (int e = 1; e <= Errno.EHWPOISON; e++) {
            if (e != 41 && e != 58) { // the two holes in Linux's errno numbering
                assertTrue(Errno.name(e).startsWith("E") && !Errno.name(e).equals("E?"), "errno " + e);
            }
        }
    }

    @Test
    void messagesCarryTheFixForCommonFailures() {
        assertEquals("io_uring_setup failed: EPERM (Operation not permitted) — io_uring is disabled by "
                        + "/proc/sys/kernel/io_uring_disabled or a seccomp filter (containers often block it); "
                        + "set it to 0 (sysctl kernel.io_uring_disabled=0) or use backend = nio",
                new NativeIoException("io_uring_setup", Errno.EPERM).getMessage());
        assertTrue(new NativeIoException("io_uring_register(IORING_REGISTER_BUFFERS)", Errno.ENOMEM).getMessage()
                .contains("RLIMIT_MEMLOCK"));
        assertTrue(new NativeIoException("mmap", -Errno.ENOMEM).getMessage().contains("RLIMIT_MEMLOCK"));
        assertTrue(new NativeIoException("connect", Errno.ECONNREFUSED).getMessage().contains("nothing listens"));
        assertTrue(new NativeIoException("io_uring_setup", Errno.ENOSYS).getMessage().contains("backend = nio"));
        assertNull(NativeIoException.hint("read", Errno.EIO));
        assertEquals("read failed: EIO (Input/output error)", new NativeIoException("read", Errno.EIO).getMessage());
    }

    static int closedPort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}

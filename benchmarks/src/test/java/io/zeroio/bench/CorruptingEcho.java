package io.zeroio.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

/**
 * A blocking TCP echo for tests of the generator (thread per connection, not under test itself)
 * that flips one byte once it has echoed {@code corruptAt} bytes of a connection
 * ({@code Long.MAX_VALUE}: an honest echo).
 */
final class CorruptingEcho implements AutoCloseable {
    private final ServerSocket server;
    private final long corruptAt;
    private final List<Socket> sockets = new ArrayList<>();

    CorruptingEcho(long corruptAt) throws IOException {
        this.corruptAt = corruptAt;
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        final Thread acceptor = new Thread(this::accept, "corrupting-echo-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        try {
            while (true) {
                final Socket s = server.accept();
                synchronized (sockets) {
                    sockets.add(s);
                }
                final Thread t = new Thread(() -> echo(s), "corrupting-echo");
                t.setDaemon(true);
                t.start();
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void echo(Socket s) {
        final byte[] buf = new byte[8192];
        long echoed = 0;
        try (InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            int n;
            while ((n = in.read(buf)) > 0) {
                if (echoed <= corruptAt && corruptAt < echoed + n) {
                    buf[(int) (corruptAt - echoed)] ^= 0x5a;
                }
                out.write(buf, 0, n);
                echoed += n;
            }
        } catch (IOException e) {
            // peer gone
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (sockets) {
            for (Socket s : sockets) {
                s.close();
            }
        }
    }
}

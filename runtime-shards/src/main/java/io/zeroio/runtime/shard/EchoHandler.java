package io.zeroio.runtime.shard;

import java.time.Duration;

/**
 * The inline echo: every received byte goes back out of the very slot the kernel wrote it into
 * ({@link Io#sendLease}), and every datagram back to its source. No allocation, no copy for
 * streams; datagrams are sent back from their receive slot too (one extra reference, no copy).
 *
 * <p>Flow control: when a connection's send queue runs low the handler pauses receiving on it,
 * so a peer that does not read its echoes is pushed back by TCP instead of filling the pool; it
 * resumes on {@link EventType#WRITABLE}.
 */
public class EchoHandler implements InlineHandler {
    private static final Duration LINGER = Duration.ofSeconds(5);
    private long echoedBytes;

    @Override
    public void onEvent(Io io, Event event) {
        switch (event.type()) {
            case DATA -> {
                final long conn = event.conn();
                echoedBytes += event.length();
                io.sendLease(conn, event.slot(), event.offset(), event.length());
                if (io.sendQueueRemaining(conn) <= io.config().txQueueDepth() / 4) {
                    io.pauseReceive(conn);
                }
            }
            case WRITABLE -> io.resumeReceive(event.conn());
            case PEER_CLOSED -> io.closeGraceful(event.conn(), LINGER);
            case DATAGRAM -> {
                echoedBytes += event.length();
                io.udpSendLease(event.endpoint(), event.peer(), event.slot(), event.offset(), event.length());
            }
            default -> {
            }
        }
    }

    /** Bytes echoed so far (shard thread). */
    public long echoedBytes() {
        return echoedBytes;
    }
}

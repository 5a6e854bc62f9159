package io.zeroio.runtime.shard;

/**
 * Counters of one connection (the seed's {@code ConnStats}); kernel TCP figures come from
 * {@code TCP_INFO} where the backend can read it, else -1.
 *
 * @param bytesIn      bytes received
 * @param bytesOut     bytes sent
 * @param messagesIn   receive completions delivered
 * @param messagesOut  sends completed
 * @param queuedSends  sends waiting in the connection's queue
 * @param rttMicros    smoothed RTT (TCP_INFO), -1 when unknown
 * @param cwnd         congestion window in segments (TCP_INFO), -1 when unknown
 * @param incomingCpu  CPU that handled the last packet (SO_INCOMING_CPU), -1 when unknown
 */
public record ConnStats(long bytesIn, long bytesOut, long messagesIn, long messagesOut, int queuedSends,
                        long rttMicros, long cwnd, int incomingCpu) {
}

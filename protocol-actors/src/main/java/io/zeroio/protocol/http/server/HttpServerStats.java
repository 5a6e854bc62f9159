package io.zeroio.protocol.http.server;

/**
 * Counters of one shard's HTTP server (a snapshot).
 *
 * @param requests         requests handed to the handler
 * @param responses        responses completed (refusals included)
 * @param refused          requests refused by the parser or a limit (4xx/5xx written by the server)
 * @param timeouts         408s for requests that did not arrive within request-timeout
 * @param idleClosed       keep-alive connections closed after idle-timeout
 * @param handlerErrors    handlers that threw
 * @param straddles        requests that straddled receives and were gathered in a scratch slot
 * @param straddleBytes    bytes copied into scratch slots for them (the HTTP server's only copies)
 * @param pipelinePauses   times reading a connection paused because its TX queue was nearly full
 * @param sendFailures     connections closed because a send was refused or no TX or scratch slot was free
 * @param continues        interim 100 Continue responses
 */
public record HttpServerStats(long requests, long responses, long refused, long timeouts, long idleClosed,
                              long handlerErrors, long straddles, long straddleBytes, long pipelinePauses,
                              long sendFailures, long continues) {
}

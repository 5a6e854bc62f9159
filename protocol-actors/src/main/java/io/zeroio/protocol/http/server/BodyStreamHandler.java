package io.zeroio.protocol.http.server;

import io.zeroio.protocol.http.parse.HttpRequest;
import io.zeroio.protocol.http.response.ZeroResponse;

/**
 * A route whose request body is streamed ({@link Router#stream}): called on the shard thread
 * as soon as the request's head arrived, before the body. Typically defers the answer
 * ({@link HttpExchange#defer}) and consumes {@code body} on another thread; an inline answer is
 * allowed too (the server then reads and discards the rest of the body).
 */
@FunctionalInterface
public interface BodyStreamHandler {
    /**
     * @param head     the request line and headers (its body view is empty); valid during the call
     * @param response the response (write it now, or defer it)
     * @param body     the body as it arrives (see {@link BodyStream})
     */
    void onRequest(HttpRequest head, ZeroResponse response, BodyStream body);
}

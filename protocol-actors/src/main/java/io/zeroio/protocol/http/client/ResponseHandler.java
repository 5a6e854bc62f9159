package io.zeroio.protocol.http.client;

import io.zeroio.protocol.http.parse.HttpResponse;

/** Receives a client request's outcome, inline on the shard thread. */
public interface ResponseHandler {
    /** The response; a flyweight valid only during the call. */
    void onResponse(HttpResponse response);

    /** No response: {@code errno} is the OS error where there was one, else 0. */
    void onFailure(HttpClientFailure failure, int errno);
}

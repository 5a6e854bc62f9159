package io.zeroio.protocol.http.pekko;

import org.apache.pekko.http.javadsl.marshallers.jackson.Jackson;
import org.apache.pekko.http.javadsl.model.ContentTypes;
import org.apache.pekko.http.javadsl.model.HttpEntities;
import org.apache.pekko.http.javadsl.model.StatusCodes;
import org.apache.pekko.http.javadsl.server.AllDirectives;
import org.apache.pekko.http.javadsl.server.PathMatchers;
import org.apache.pekko.http.javadsl.server.Route;
import org.apache.pekko.stream.javadsl.Source;
import org.apache.pekko.util.ByteString;

/** An ordinary Pekko HTTP route (routing DSL, Jackson marshalling, a streamed entity), served both ways in the tests. */
final class PekkoRoutes extends AllDirectives {
    /** The JSON body of {@code /json/{name}}. */
    public record Greeting(String message, int length) {
    }

    /** The body echoed back by {@code POST /echo}. */
    public record Item(String name, int count) {
    }

    static final int CHUNKS = 200;

    static String chunk(int i) {
        return "line " + i + "\n";
    }

    Route route() {
        return concat(
            path("plaintext", () -> get(() -> complete("Hello, World!"))),
            pathPrefix("json", () -> path(PathMatchers.segment(), name ->
                get(() -> completeOK(new Greeting("Hello, " + name, name.length()), Jackson.marshaller())))),
            path("echo", () -> post(() -> entity(Jackson.unmarshaller(Item.class), item ->
                completeOK(new Item(item.name().toUpperCase(), item.count() + 1), Jackson.marshaller())))),
            path("stream", () -> get(() -> complete(StatusCodes.OK, HttpEntities.createChunked(ContentTypes.TEXT_PLAIN_UTF8,
                Source.range(1, CHUNKS).map(i -> ByteString.fromString(chunk(i))))))));
    }
}

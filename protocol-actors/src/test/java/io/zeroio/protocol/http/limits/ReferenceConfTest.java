package io.zeroio.protocol.http.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;

/** {@code reference.conf}'s {@code zero-io.http} block and {@link HttpServerConfig#defaults()} say the same. */
class ReferenceConfTest {
    @Test
    void referenceConfMatchesTheDefaults() {
        final Config c = ConfigFactory.parseResources("reference.conf").resolve().getConfig("zero-io.http");
        final HttpServerConfig d = HttpServerConfig.defaults();
        assertEquals(d.maxRequestLineBytes(), c.getBytes("max-request-line").intValue());
        assertEquals(d.maxHeaderBytes(), c.getBytes("max-header-bytes").intValue());
        assertEquals(d.maxHeaders(), c.getInt("max-headers"));
        assertEquals(d.maxBodyBytes(), c.getBytes("max-body").longValue());
        assertEquals(d.maxChunkExtensionBytes(), c.getInt("max-chunk-extension"));
        assertEquals(d.requestTimeoutNanos(), c.getDuration("request-timeout", TimeUnit.NANOSECONDS));
        assertEquals(d.idleTimeoutNanos(), c.getDuration("idle-timeout", TimeUnit.NANOSECONDS));
        assertEquals(d.closeLingerNanos(), c.getDuration("close-linger", TimeUnit.NANOSECONDS));
        assertEquals(d.responseBufferBytes(), c.getBytes("response-buffer").intValue());
        assertEquals(d.serverHeader(), c.getString("server-header"));
        assertEquals(d.websocketMaxFrameBytes(), c.getBytes("websocket.max-frame").longValue());
        assertEquals(d.websocketMaxMessageBytes(), c.getBytes("websocket.max-message").longValue());
        final var deflate = d.websocketDeflate();
        assertEquals(deflate.enabled(), c.getBoolean("websocket.permessage-deflate.enabled"));
        assertEquals(deflate.serverNoContextTakeover(), c.getBoolean("websocket.permessage-deflate.server-no-context-takeover"));
        assertEquals(deflate.clientNoContextTakeover(), c.getBoolean("websocket.permessage-deflate.client-no-context-takeover"));
        assertEquals(deflate.level(), c.getInt("websocket.permessage-deflate.level"));
        assertEquals(deflate.thresholdBytes(), c.getInt("websocket.permessage-deflate.threshold"));
        assertEquals(d.maxStreamBodyBytes(), c.getBytes("max-stream-body").longValue());
        assertEquals(d.bodyStreamLeases(), c.getInt("body-stream-leases"));
        assertEquals(19, c.withoutPath("middleware").entrySet().size(), "a key in reference.conf that HttpServerConfig does not have: " + c.entrySet());
    }

    @Test
    void invalidSettingsNameTheirKey() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> HttpServerConfig.builder().maxHeaders(0).build());
        assertEquals("zero-io.http.max-headers must be >= 1, was 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> HttpServerConfig.builder().serverHeader("a\r\nb").build());
    }
}

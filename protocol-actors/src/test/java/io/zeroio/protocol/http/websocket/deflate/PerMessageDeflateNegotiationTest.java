package io.zeroio.protocol.http.websocket.deflate;

import static io.zeroio.protocol.http.websocket.deflate.PerMessageDeflateNegotiation.AGREED;
import static io.zeroio.protocol.http.websocket.deflate.PerMessageDeflateNegotiation.CLIENT_NO_CONTEXT_TAKEOVER;
import static io.zeroio.protocol.http.websocket.deflate.PerMessageDeflateNegotiation.INVALID;
import static io.zeroio.protocol.http.websocket.deflate.PerMessageDeflateNegotiation.NONE;
import static io.zeroio.protocol.http.websocket.deflate.PerMessageDeflateNegotiation.SERVER_NO_CONTEXT_TAKEOVER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** RFC 7692 §5/§7.1 offer/answer rules, including what java.util.zip cannot do (windows below 15 bits). */
class PerMessageDeflateNegotiationTest {
    private static final PerMessageDeflateConfig ON = PerMessageDeflateConfig.enabledDefaults();

    private static String answer(String offer, PerMessageDeflateConfig config, int expected) {
        final StringBuilder sb = new StringBuilder();
        assertEquals(expected, PerMessageDeflateNegotiation.serverAccept(offer, config, sb), offer);
        return sb.toString();
    }

    @Test
    void serverAcceptsPlainAndBrowserOffers() {
        assertEquals("permessage-deflate", answer("permessage-deflate", ON, AGREED));
        // what browsers and Node ws send: the client may limit its own window; we inflate any window
        assertEquals("permessage-deflate", answer("permessage-deflate; client_max_window_bits", ON, AGREED));
        assertEquals("permessage-deflate", answer("permessage-deflate; client_max_window_bits=10", ON, AGREED));
        assertEquals("permessage-deflate", answer("permessage-deflate; server_max_window_bits=15", ON, AGREED));
    }

    @Test
    void serverHonoursAndImposesNoContextTakeover() {
        assertEquals("permessage-deflate; server_no_context_takeover; client_no_context_takeover",
            answer("permessage-deflate; server_no_context_takeover; client_no_context_takeover", ON,
                AGREED | SERVER_NO_CONTEXT_TAKEOVER | CLIENT_NO_CONTEXT_TAKEOVER));
        assertEquals("permessage-deflate; client_no_context_takeover",
            answer("permessage-deflate", new PerMessageDeflateConfig(true, false, true, -1, 0), AGREED | CLIENT_NO_CONTEXT_TAKEOVER));
    }

    @Test
    void serverDeclinesSmallServerWindowsAndTakesTheNextOffer() {
        answer("permessage-deflate; server_max_window_bits=10", ON, NONE); // java.util.zip deflates with 15 bits only
        assertEquals("permessage-deflate", answer(
            "permessage-deflate; server_max_window_bits=10, permessage-deflate; client_max_window_bits", ON, AGREED));
    }

    @Test
    void serverDeclinesMalformedOffers() {
        answer("permessage-deflate; unknown_param", ON, NONE);
        answer("permessage-deflate; server_no_context_takeover; server_no_context_takeover", ON, NONE);
        answer("permessage-deflate; server_no_context_takeover=1", ON, NONE);
        answer("permessage-deflate; client_max_window_bits=7", ON, NONE);
        answer("permessage-deflate; client_max_window_bits=016", ON, NONE);
        answer("x-webkit-deflate-frame", ON, NONE);
        answer("permessage-deflate", PerMessageDeflateConfig.disabled(), NONE);
        answer(null, ON, NONE);
    }

    @Test
    void clientOfferAndAnswerChecks() {
        assertNull(PerMessageDeflateNegotiation.clientOffer(PerMessageDeflateConfig.disabled()));
        assertEquals("permessage-deflate", PerMessageDeflateNegotiation.clientOffer(ON));
        assertEquals(AGREED, PerMessageDeflateNegotiation.clientAccept("permessage-deflate", ON));
        assertEquals(AGREED | SERVER_NO_CONTEXT_TAKEOVER,
            PerMessageDeflateNegotiation.clientAccept("permessage-deflate; server_no_context_takeover", ON));
        assertEquals(AGREED, PerMessageDeflateNegotiation.clientAccept("permessage-deflate; server_max_window_bits=9", ON));
        assertEquals(NONE, PerMessageDeflateNegotiation.clientAccept(null, ON));
        // not offered / not acceptable: the client fails the connection
        assertEquals(INVALID, PerMessageDeflateNegotiation.clientAccept("permessage-deflate; client_max_window_bits=10", ON));
        assertEquals(INVALID, PerMessageDeflateNegotiation.clientAccept("permessage-deflate", PerMessageDeflateConfig.disabled()));
        assertEquals(INVALID, PerMessageDeflateNegotiation.clientAccept("x-other", ON));
        assertEquals(INVALID, PerMessageDeflateNegotiation.clientAccept("permessage-deflate, permessage-deflate", ON));
        assertEquals(INVALID, PerMessageDeflateNegotiation.clientAccept("permessage-deflate; server_max_window_bits=16", ON));
        assertEquals(INVALID, PerMessageDeflateNegotiation.clientAccept(
            "permessage-deflate", new PerMessageDeflateConfig(true, true, false, -1, 0))); // we asked server_no_context_takeover
    }
}

package io.zeroio.protocol.http.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** The frame codec against RFC 6455's own examples (§5.7, §4.2.2) and every rule it enforces. */
class WebSocketCodecTest {
    private final WebSocketFrame frame = new WebSocketFrame();

    private static UnsafeBuffer bytes(int... b) {
        final byte[] a = new byte[b.length];
        for (int i = 0; i < b.length; i++) {
            a[i] = (byte) b[i];
        }
        return new UnsafeBuffer(a);
    }

    private static String payload(WebSocketFrame f) {
        return f.buffer().getStringWithoutLengthUtf8(f.payloadOffset(), f.payloadLength());
    }

    @Test
    void rfcExamples() {
        final WebSocketFrameDecoder client = new WebSocketFrameDecoder(false, 1 << 20, 1 << 20);
        final WebSocketFrameDecoder server = new WebSocketFrameDecoder(true, 1 << 20, 1 << 20);
        UnsafeBuffer b = bytes(0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f);
        assertEquals(7, client.decode(b, 0, 7, frame));
        assertEquals("Hello", payload(frame));
        assertTrue(frame.fin());
        b = bytes(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);
        assertEquals(11, server.decode(b, 0, 11, frame));
        assertEquals("Hello", payload(frame), "unmasked in place");
        assertEquals(6, frame.payloadOffset());
        b = bytes(0x01, 0x03, 0x48, 0x65, 0x6c, 0x80, 0x02, 0x6c, 0x6f);
        assertEquals(5, client.decode(b, 0, 9, frame));
        assertFalse(frame.fin());
        assertEquals("Hel", payload(frame));
        assertEquals(4, client.decode(b, 5, 4, frame));
        assertEquals(WebSocketFrame.CONTINUATION, frame.opcode());
        assertEquals(WebSocketFrame.TEXT, frame.messageOpcode());
        assertEquals("lo", payload(frame));
        b = bytes(0x8a, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);
        assertEquals(11, server.decode(b, 0, 11, frame));
        assertEquals(WebSocketFrame.PONG, frame.opcode());
        final UnsafeBuffer big = new UnsafeBuffer(new byte[4 + 256]);
        big.putByte(0, (byte) 0x82);
        big.putByte(1, (byte) 0x7E);
        big.putByte(2, (byte) 0x01);
        assertEquals(260, client.decode(big, 0, 260, frame));
        assertEquals(256, frame.payloadLength());
        final UnsafeBuffer huge = new UnsafeBuffer(new byte[10 + 65536]);
        huge.putByte(0, (byte) 0x82);
        huge.putByte(1, (byte) 0x7F);
        huge.putByte(7, (byte) 0x01);
        assertEquals(10 + 65536, client.decode(huge, 0, huge.capacity(), frame));
        assertEquals("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", WebSocketHandshake.accept("dGhlIHNhbXBsZSBub25jZQ=="));
    }

    @Test
    void incompleteFramesNeedMore() {
        final UnsafeBuffer b = bytes(0x81, 0x85, 0x37, 0xfa, 0x21, 0x3d, 0x7f, 0x9f, 0x4d, 0x51, 0x58);
        final WebSocketFrameDecoder server = new WebSocketFrameDecoder(true, 1 << 20, 1 << 20);
        for (int n = 0; n < 11; n++) {
            assertEquals(0, server.decode(b, 0, n, frame), "length " + n);
        }
        assertEquals(11, server.decode(b, 0, 11, frame));
    }

    @Test
    void pingInsideAFragmentedMessageAndUtf8SplitAcrossFragments() {
        final WebSocketFrameDecoder client = new WebSocketFrameDecoder(false, 1 << 20, 1 << 20);
        // "€" = E2 82 AC split across two fragments, with a ping in between
        final UnsafeBuffer b = bytes(0x01, 0x02, 0xE2, 0x82, 0x89, 0x00, 0x80, 0x01, 0xAC);
        assertEquals(4, client.decode(b, 0, b.capacity(), frame));
        assertEquals(2, client.decode(b, 4, b.capacity() - 4, frame));
        assertEquals(WebSocketFrame.PING, frame.opcode());
        assertEquals(3, client.decode(b, 6, 3, frame));
        assertTrue(frame.fin());
        assertEquals(WebSocketFrame.TEXT, frame.messageOpcode());
    }

    private static int decodeOne(boolean server, long maxFrame, long maxMessage, int... frameBytes) {
        final UnsafeBuffer b = bytes(frameBytes);
        final WebSocketFrameDecoder d = new WebSocketFrameDecoder(server, maxFrame, maxMessage);
        final WebSocketFrame f = new WebSocketFrame();
        int at = 0;
        int r;
        do {
            r = d.decode(b, at, b.capacity() - at, f);
            at += Math.max(r, 0);
        } while (r > 0 && at < b.capacity());
        return r;
    }

    @Test
    void protocolErrors() {
        assertEquals(-1002, decodeOne(false, 100, 100, 0xC1, 0x00), "RSV1 without an extension");
        assertEquals(-1002, decodeOne(false, 100, 100, 0x83, 0x00), "reserved data opcode");
        assertEquals(-1002, decodeOne(false, 100, 100, 0x8B, 0x00), "reserved control opcode");
        assertEquals(-1002, decodeOne(true, 100, 100, 0x81, 0x01, 0x41), "unmasked client frame");
        assertEquals(-1002, decodeOne(false, 100, 100, 0x81, 0x81, 0, 0, 0, 0, 0x41), "masked server frame");
        assertEquals(-1002, decodeOne(false, 100, 100, 0x80, 0x01, 0x41), "continuation without a message");
        assertEquals(-1002, decodeOne(false, 100, 100, 0x01, 0x01, 0x41, 0x81, 0x01, 0x41), "new message mid-message");
        assertEquals(-1002, decodeOne(false, 100, 100, 0x09, 0x00), "fragmented ping");
        assertEquals(-1002, decodeOne(false, 1000, 1000, 0x89, 0x7E, 0x00, 0x7E), "ping over 125 bytes");
        assertEquals(-1002, decodeOne(false, 1000, 1000, 0x82, 0x7E, 0x00, 0x05, 1, 2, 3, 4, 5), "non-minimal 16-bit length");
        assertEquals(-1002, decodeOne(false, 1000, 1000, 0x82, 0x7F, 0, 0, 0, 0, 0, 0, 0, 5, 1, 2, 3, 4, 5), "non-minimal 64-bit length");
        assertEquals(-1002, decodeOne(false, 1000, 1000, 0x82, 0x7F, 0x80, 0, 0, 0, 0, 0, 0, 1), "64-bit length with the MSB set");
        assertEquals(-1002, decodeOne(false, 100, 100, 0x88, 0x01, 0x03), "1-byte close payload");
        assertEquals(-1002, decodeOne(false, 100, 100, 0x88, 0x02, 0x03, 0xED), "close code 1005 on the wire");
        assertEquals(-1002, decodeOne(false, 100, 100, 0x88, 0x02, 0x03, 0xE7), "close code 999");
        assertEquals(-1007, decodeOne(false, 100, 100, 0x88, 0x04, 0x03, 0xE8, 0xC0, 0x80), "close reason not UTF-8");
        assertEquals(-1007, decodeOne(false, 100, 100, 0x81, 0x02, 0xC0, 0x80), "overlong NUL");
        assertEquals(-1007, decodeOne(false, 100, 100, 0x81, 0x03, 0xED, 0xA0, 0x80), "surrogate");
        assertEquals(-1007, decodeOne(false, 100, 100, 0x81, 0x04, 0xF4, 0x90, 0x80, 0x80), "above U+10FFFF");
        assertEquals(-1007, decodeOne(false, 100, 100, 0x81, 0x02, 0xE2, 0x82), "truncated at FIN");
        assertEquals(-1009, decodeOne(false, 4, 100, 0x82, 0x05, 1, 2, 3, 4, 5), "frame over the limit");
        assertEquals(-1009, decodeOne(false, 4, 6, 0x02, 0x04, 1, 2, 3, 4, 0x80, 0x04, 1, 2, 3, 4), "message over the limit");
        // the close code is reported
        final WebSocketFrameDecoder d = new WebSocketFrameDecoder(false, 100, 100);
        final UnsafeBuffer close = bytes(0x88, 0x04, 0x03, 0xE8, 0x6F, 0x6B);
        assertEquals(6, d.decode(close, 0, 6, frame));
        assertEquals(1000, frame.closeCode());
        assertEquals("ok", frame.buffer().getStringWithoutLengthAscii(frame.closeReasonOffset(), frame.closeReasonLength()));
        final UnsafeBuffer empty = bytes(0x88, 0x00);
        assertEquals(2, d.decode(empty, 0, 2, frame));
        assertEquals(1005, frame.closeCode());
    }

    @Test
    void encoderRoundTripsThroughTheDecoderMaskedAndNot() {
        final Random random = new Random(5);
        final UnsafeBuffer out = new UnsafeBuffer(new byte[80_000]);
        for (int length : new int[] {0, 1, 7, 8, 9, 125, 126, 127, 65535, 65536, 70_000}) {
            final byte[] payload = new byte[length];
            random.nextBytes(payload);
            for (boolean masked : new boolean[] {true, false}) {
                final int key = random.nextInt();
                final int n = WebSocketFrameEncoder.writeFrame(out, 0, WebSocketFrame.BINARY, true, new UnsafeBuffer(payload), 0,
                    length, masked, key);
                assertEquals(WebSocketFrameEncoder.headerLength(length, masked) + length, n);
                final WebSocketFrameDecoder d = new WebSocketFrameDecoder(masked, 1 << 20, 1 << 20);
                assertEquals(n, d.decode(out, 0, n, frame));
                final byte[] back = new byte[frame.payloadLength()];
                out.getBytes(frame.payloadOffset(), back);
                assertTrue(java.util.Arrays.equals(payload, back), "length " + length + " masked " + masked);
            }
        }
        final int n = WebSocketFrameEncoder.writeClose(out, 0, 1001, "going away", true, 0x12345678);
        final WebSocketFrameDecoder d = new WebSocketFrameDecoder(true, 100, 100);
        assertEquals(n, d.decode(out, 0, n, frame));
        assertEquals(1001, frame.closeCode());
        assertEquals("going away", new String(readReason(frame), StandardCharsets.US_ASCII));
    }

    private static byte[] readReason(WebSocketFrame f) {
        final byte[] r = new byte[f.closeReasonLength()];
        f.buffer().getBytes(f.closeReasonOffset(), r);
        return r;
    }
}

package io.zeroio.protocol.http.parse;

import org.agrona.DirectBuffer;

/** The request methods of RFC 9110 §9 plus PATCH (RFC 5789); any other token is answered 501. */
public enum HttpMethod {
    /** GET. */
    GET,
    /** HEAD: as GET, without the body (the server drops it). */
    HEAD,
    /** POST. */
    POST,
    /** PUT. */
    PUT,
    /** DELETE. */
    DELETE,
    /** CONNECT: recognised, answered 501 (no tunnels). */
    CONNECT,
    /** OPTIONS. */
    OPTIONS,
    /** TRACE. */
    TRACE,
    /** PATCH. */
    PATCH;

    private static final HttpMethod[] VALUES = values();
    private final byte[] ascii = name().getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The method's name in ASCII (do not modify). */
    byte[] ascii() {
        return ascii;
    }

    /**
     * The method spelled by {@code length} bytes at {@code offset} (case-sensitive, RFC 9110 §9.1),
     * or null. Allocation-free.
     */
    public static HttpMethod lookup(DirectBuffer buffer, int offset, int length) {
        for (HttpMethod m : VALUES) {
            final byte[] a = m.ascii;
            if (a.length == length) {
                int i = 0;
                while (i < length && buffer.getByte(offset + i) == a[i]) {
                    i++;
                }
                if (i == length) {
                    return m;
                }
            }
        }
        return null;
    }
}

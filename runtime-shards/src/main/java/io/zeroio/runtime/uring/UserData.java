package io.zeroio.runtime.uring;

/**
 * Packs what a completion must carry back into the 64-bit {@code user_data} of an SQE (after Netty's
 * {@code UserData}): a 32-bit id (connection slot, timer, ...) in bits 0–31, an 8-bit operation code in
 * bits 32–39, and 16 bits of extra data (a generation, a buffer index) in bits 48–63. Bits 40–47 are
 * zero. All methods are allocation-free.
 */
public final class UserData {
    private UserData() {
    }

    /**
     * Packs id, op and extra into one {@code long}.
     *
     * @param id    the id
     * @param op    the operation code
     * @param extra extra data
     * @return the user_data value
     */
    public static long pack(int id, byte op, short extra) {
        return ((long) extra << 48) | ((op & 0xFFL) << 32) | (id & 0xFFFF_FFFFL);
    }

    /**
     * The id (bits 0–31).
     *
     * @param userData a packed value
     * @return the id
     */
    public static int id(long userData) {
        return (int) userData;
    }

    /**
     * The operation code (bits 32–39).
     *
     * @param userData a packed value
     * @return the op
     */
    public static byte op(long userData) {
        return (byte) (userData >>> 32);
    }

    /**
     * The extra data (bits 48–63).
     *
     * @param userData a packed value
     * @return the extra data
     */
    public static short extra(long userData) {
        return (short) (userData >>> 48);
    }
}

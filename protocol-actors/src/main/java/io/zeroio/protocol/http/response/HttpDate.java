package io.zeroio.protocol.http.response;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The {@code Date} header value (RFC 9110 §5.6.7 IMF-fixdate, e.g.
 * {@code Sun, 06 Nov 1994 08:49:37 GMT}), formatted into a fixed 29-byte buffer without
 * allocating and refreshed at most once per second (the server's shard timer calls
 * {@link #refresh}); responses copy those 29 bytes. Shard thread only.
 */
public final class HttpDate {
    /** Bytes of an IMF-fixdate. */
    public static final int LENGTH = 29;
    private static final byte[] DAYS = "SunMonTueWedThuFriSat".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] MONTHS = "JanFebMarAprMayJunJulAugSepOctNovDec"
        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final UnsafeBuffer value = new UnsafeBuffer(new byte[LENGTH]);
    private long second = Long.MIN_VALUE;

    /** A date set to now. */
    public HttpDate() {
        refresh(System.currentTimeMillis());
    }

    /** The current value (29 bytes). */
    public DirectBuffer value() {
        return value;
    }

    /** Re-formats when {@code epochMillis} is in another second than the last value; returns whether it changed. */
    public boolean refresh(long epochMillis) {
        final long s = Math.floorDiv(epochMillis, 1000L);
        if (s == second) {
            return false;
        }
        second = s;
        final long days = Math.floorDiv(s, 86400L);
        final int secOfDay = (int) (s - days * 86400L);
        final int dow = (int) Math.floorMod(days + 4, 7L); // 1970-01-01 was a Thursday
        // civil_from_days (H. Hinnant, "chrono-compatible low-level date algorithms")
        final long z = days + 719468;
        final long era = Math.floorDiv(z, 146097L);
        final long doe = z - era * 146097;
        final long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
        long year = yoe + era * 400;
        final long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        final long mp = (5 * doy + 2) / 153;
        final int day = (int) (doy - (153 * mp + 2) / 5 + 1);
        final int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        if (month <= 2) {
            year++;
        }
        value.putBytes(0, DAYS, dow * 3, 3);
        value.putByte(3, (byte) ',');
        value.putByte(4, (byte) ' ');
        two(5, day);
        value.putByte(7, (byte) ' ');
        value.putBytes(8, MONTHS, (month - 1) * 3, 3);
        value.putByte(11, (byte) ' ');
        two(12, (int) (year / 100));
        two(14, (int) (year % 100));
        value.putByte(16, (byte) ' ');
        two(17, secOfDay / 3600);
        value.putByte(19, (byte) ':');
        two(20, secOfDay / 60 % 60);
        value.putByte(22, (byte) ':');
        two(23, secOfDay % 60);
        value.putByte(25, (byte) ' ');
        value.putByte(26, (byte) 'G');
        value.putByte(27, (byte) 'M');
        value.putByte(28, (byte) 'T');
        return true;
    }

    private void two(int at, int v) {
        value.putByte(at, (byte) ('0' + v / 10));
        value.putByte(at + 1, (byte) ('0' + v % 10));
    }

    @Override
    public String toString() {
        return value.getStringWithoutLengthAscii(0, LENGTH);
    }
}

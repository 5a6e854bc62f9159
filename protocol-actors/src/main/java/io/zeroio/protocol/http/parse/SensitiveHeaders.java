package io.zeroio.protocol.http.parse;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Header names whose values must never reach a log or a dump: wherever this library prints a
 * request ({@link HttpRequestView#toString()}, {@link HttpRequestView#dump()}, the tracing
 * middleware's log lines) the value of such a header is replaced by {@value #REDACTED}.
 *
 * <p>Every request starts with {@link #DEFAULT} ({@code Authorization}, {@code Cookie},
 * {@code Set-Cookie}, {@code Proxy-Authorization}); the sensitive-headers middleware marks it with a
 * configured set instead. Immutable; names compare ASCII case-insensitively, without allocating.
 */
public final class SensitiveHeaders {
    /** What a redacted value prints as. */
    public static final String REDACTED = "[redacted]";
    /** Authorization, Cookie, Set-Cookie, Proxy-Authorization. */
    public static final SensitiveHeaders DEFAULT =
        new SensitiveHeaders(List.of("Authorization", "Cookie", "Set-Cookie", "Proxy-Authorization"));

    private final String[] names;

    private SensitiveHeaders(List<String> names) {
        final List<String> lower = new ArrayList<>();
        for (String n : names) {
            if (n == null || n.isEmpty() || !isToken(n)) {
                throw new IllegalArgumentException("not a header name: \"" + n + "\"");
            }
            final String l = n.toLowerCase(Locale.ROOT);
            if (!lower.contains(l)) {
                lower.add(l);
            }
        }
        this.names = lower.toArray(String[]::new);
    }

    private static boolean isToken(String n) {
        for (int i = 0; i < n.length(); i++) {
            final char c = n.charAt(i);
            if (c > 0x7E || !Ascii.isTchar((byte) c)) {
                return false;
            }
        }
        return true;
    }

    /** Exactly {@code names} (header field names; case does not matter). */
    public static SensitiveHeaders of(List<String> names) {
        return new SensitiveHeaders(names);
    }

    /** {@link #DEFAULT} plus {@code more}. */
    public static SensitiveHeaders defaultsPlus(List<String> more) {
        final List<String> all = new ArrayList<>(DEFAULT.names());
        all.addAll(more);
        return new SensitiveHeaders(all);
    }

    /** The names, lower-cased. */
    public List<String> names() {
        return List.of(names);
    }

    /** Whether {@code name} is one of the set (ASCII case-insensitive; allocation-free). */
    public boolean isSensitive(CharSequence name) {
        final int n = name.length();
        for (String s : names) {
            if (s.length() == n && sameIgnoreCase(s, name, n)) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameIgnoreCase(String lower, CharSequence name, int n) {
        for (int i = 0; i < n; i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                c = (char) (c + 32);
            }
            if (c != lower.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** {@code value}, or {@value #REDACTED} when {@code name} is sensitive. */
    public CharSequence printable(CharSequence name, CharSequence value) {
        return isSensitive(name) ? REDACTED : value;
    }

    @Override
    public String toString() {
        return "SensitiveHeaders" + List.of(names);
    }
}

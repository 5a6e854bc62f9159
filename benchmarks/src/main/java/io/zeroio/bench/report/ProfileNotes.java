package io.zeroio.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the {@code jfr view hot-methods} and {@code native-methods} tables of the profile and says
 * in a few lines where the server's time went: how many samples were in Java code and how many in
 * native calls (the shard's {@code io_uring_enter} downcall: the kernel's TCP work), and the top
 * Java frames. The control thread's stdin read is left out of the native count.
 */
final class ProfileNotes {
    private static final Pattern ROW = Pattern.compile("^(\\S.*?)\\s+(\\d[\\d,]*)\\s+([\\d.]+)%\\s*$");
    private static final Pattern NATIVE_ROW = Pattern.compile("^(\\S.*?)\\s+(\\d[\\d,]*)\\s*$");

    private ProfileNotes() {
    }

    record Row(String method, long samples, double pct) {
    }

    static List<Row> rows(String table, boolean withPercent) {
        final List<Row> out = new ArrayList<>();
        for (String line : table.lines().toList()) {
            final Matcher m = (withPercent ? ROW : NATIVE_ROW).matcher(line.strip());
            if (m.matches() && !m.group(1).startsWith("-")) {
                out.add(new Row(m.group(1).strip(), Long.parseLong(m.group(2).replace(",", "")),
                    withPercent ? Double.parseDouble(m.group(3)) : Double.NaN));
            }
        }
        return out;
    }

    /** The reading of {@code jfrOutput} (hot-methods table, then native-methods table). */
    static String summarise(String jfrOutput) {
        final int split = jfrOutput.indexOf("Native");
        final String hot = split < 0 ? jfrOutput : jfrOutput.substring(0, split);
        final String nat = split < 0 ? "" : jfrOutput.substring(split);
        final List<Row> java = rows(hot, true);
        final List<Row> nativeRows = rows(nat, false);
        final long javaSamples = java.stream().mapToLong(Row::samples).sum();
        final long nativeSamples = nativeRows.stream().filter(r -> !r.method().startsWith("java.io.FileInputStream"))
            .mapToLong(Row::samples).sum();
        final double zeroIoPct = java.stream().filter(r -> r.method().startsWith("io.zeroio."))
            .mapToDouble(Row::pct).sum();
        final StringBuilder b = new StringBuilder("**Reading.** ");
        if (javaSamples + nativeSamples == 0) {
            return b.append("the recording has no samples to read.").toString();
        }
        b.append(String.format(Locale.ROOT, "%,d samples were in Java code and %,d in native calls, almost all "
            + "of them the shard thread inside the `io_uring_enter` downcall (submitting, the kernel's TCP work, and "
            + "waiting for completions when idle; the control thread's stdin read is left out). Native samples "
            + "count time, not CPU: the *of it sys* column above gives the kernel's share of the CPU. ",
            javaSamples, nativeSamples));
        b.append(String.format(Locale.ROOT, "Of the Java samples, %.0f %% are in zero-io frames (the rest is "
            + "start-up: lambda forms, class loading). Top frames: ", zeroIoPct));
        final List<String> top = new ArrayList<>();
        for (Row r : java) {
            if (r.method().startsWith("io.zeroio.") && top.size() < 5) {
                top.add(String.format(Locale.ROOT, "`%s` %.0f %%", shortName(r.method()), r.pct()));
            }
        }
        b.append(String.join(", ", top)).append('.');
        return b.toString();
    }

    private static String shortName(String method) {
        final int paren = method.indexOf('(');
        final String m = paren < 0 ? method : method.substring(0, paren);
        final int dot = m.lastIndexOf('.', m.lastIndexOf('.') - 1);
        return dot < 0 ? m : m.substring(dot + 1);
    }
}

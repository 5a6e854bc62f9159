package io.zeroio.examples;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A tiny command-line parser (no library): positional arguments plus {@code --name value} or
 * {@code --name=value} options from a known set. Every mistake is a {@link UsageException} that
 * names the argument.
 */
final class Args {
    private final List<String> positional = new ArrayList<>();
    private final Map<String, String> options = new LinkedHashMap<>();

    private Args() {
    }

    /** Whether {@code args} asks for help ({@code --help} or {@code -h} anywhere). */
    static boolean wantsHelp(List<String> args) {
        return args.contains("--help") || args.contains("-h");
    }

    /** Parses {@code args}; {@code known} lists the option names without their dashes. */
    static Args parse(List<String> args, Set<String> known) throws UsageException {
        final Args parsed = new Args();
        for (int i = 0; i < args.size(); i++) {
            final String a = args.get(i);
            if (a.equals("--")) {
                parsed.positional.addAll(args.subList(i + 1, args.size()));
                break;
            }
            if (a.startsWith("--")) {
                final int eq = a.indexOf('=');
                final String name = eq > 0 ? a.substring(2, eq) : a.substring(2);
                if (!known.contains(name)) {
                    throw new UsageException("unknown option --" + name + (known.isEmpty() ? "" : " (known: --"
                        + String.join(", --", known.stream().sorted().toList()) + ")"));
                }
                final String value;
                if (eq > 0) {
                    value = a.substring(eq + 1);
                } else if (i + 1 < args.size()) {
                    value = args.get(++i);
                } else {
                    throw new UsageException("option --" + name + " needs a value");
                }
                if (parsed.options.putIfAbsent(name, value) != null) {
                    throw new UsageException("option --" + name + " given twice");
                }
            } else if (a.startsWith("-") && a.length() > 1) {
                throw new UsageException("unknown option " + a + " (options are spelled --name value)");
            } else {
                parsed.positional.add(a);
            }
        }
        return parsed;
    }

    /** Positional arguments in order. */
    List<String> positional() {
        return positional;
    }

    /** Whether option {@code name} was given. */
    boolean has(String name) {
        return options.containsKey(name);
    }

    /** Option {@code name}, or {@code fallback}. */
    String string(String name, String fallback) throws UsageException {
        final String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        if (v.isBlank()) {
            throw new UsageException("option --" + name + " needs a non-empty value");
        }
        return v;
    }

    /** Integer option {@code name} in {@code min..max}, or {@code fallback}. */
    int integer(String name, int fallback, int min, int max) throws UsageException {
        final String v = options.get(name);
        if (v == null) {
            return fallback;
        }
        final int n;
        try {
            n = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("option --" + name + " must be a whole number in " + min + ".." + max
                + ", was '" + v + "'");
        }
        if (n < min || n > max) {
            throw new UsageException("option --" + name + " must be in " + min + ".." + max + ", was " + n);
        }
        return n;
    }
}

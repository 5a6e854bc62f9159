package io.zeroio.protocol.http.middleware;

import java.util.List;
import java.util.Locale;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

/** Reading and checking {@code zero-io.http.middleware} values; every failure names its full key. */
final class MiddlewareSettings {
    /** The section every middleware reads its block from. */
    static final String ROOT = "zero-io.http.middleware";

    private MiddlewareSettings() {
    }

    /** {@code root}'s {@code zero-io.http.middleware.<block>} (from the library's reference.conf when absent). */
    static Config block(Config root, String block) {
        final String path = ROOT + "." + block;
        if (!root.hasPath(path)) {
            throw new MiddlewareConfigException(path, "section missing (is protocol-actors' reference.conf on the classpath?)");
        }
        try {
            return root.getConfig(path);
        } catch (ConfigException e) {
            throw new MiddlewareConfigException(path, "must be an object: " + e.getMessage());
        }
    }

    static String key(String block, String name) {
        return ROOT + "." + block + "." + name;
    }

    static long bytes(Config c, String block, String name, long min, long max) {
        final long v;
        try {
            v = c.getBytes(name);
        } catch (ConfigException e) {
            throw new MiddlewareConfigException(key(block, name), "must be a size (e.g. 1 KiB): " + e.getMessage());
        }
        return in(key(block, name), v, min, max);
    }

    static int integer(Config c, String block, String name, int min, int max) {
        final int v;
        try {
            v = c.getInt(name);
        } catch (ConfigException e) {
            throw new MiddlewareConfigException(key(block, name), "must be an integer: " + e.getMessage());
        }
        return (int) in(key(block, name), v, min, max);
    }

    static boolean bool(Config c, String block, String name) {
        try {
            return c.getBoolean(name);
        } catch (ConfigException e) {
            throw new MiddlewareConfigException(key(block, name), "must be true or false: " + e.getMessage());
        }
    }

    static String string(Config c, String block, String name) {
        try {
            return c.getString(name);
        } catch (ConfigException e) {
            throw new MiddlewareConfigException(key(block, name), "must be a string: " + e.getMessage());
        }
    }

    static List<String> strings(Config c, String block, String name) {
        try {
            return c.getStringList(name);
        } catch (ConfigException e) {
            throw new MiddlewareConfigException(key(block, name), "must be a list of strings: " + e.getMessage());
        }
    }

    /** One of {@code allowed} (case-insensitive), returned lower-cased. */
    static String word(Config c, String block, String name, String... allowed) {
        final String v = string(c, block, name).toLowerCase(Locale.ROOT);
        for (String a : allowed) {
            if (a.equals(v)) {
                return v;
            }
        }
        throw new MiddlewareConfigException(key(block, name), "must be one of " + String.join(" | ", allowed) + ", was " + v);
    }

    static long in(String key, long v, long min, long max) {
        if (v < min || v > max) {
            throw new MiddlewareConfigException(key, "must be in " + min + ".." + max + ", was " + v);
        }
        return v;
    }

    /** A header value/token without CR/LF or controls. */
    static String line(String key, String v) {
        if (v == null) {
            throw new MiddlewareConfigException(key, "must be set");
        }
        for (int i = 0; i < v.length(); i++) {
            if (v.charAt(i) < 0x20 || v.charAt(i) > 0x7E) {
                throw new MiddlewareConfigException(key, "must be printable ASCII on one line, was \"" + v + "\"");
            }
        }
        return v;
    }
}

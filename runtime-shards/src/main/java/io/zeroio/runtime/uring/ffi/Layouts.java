package io.zeroio.runtime.uring.ffi;

import java.lang.foreign.GroupLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.UnionLayout;

/**
 * Offset lookup by C member name, used to derive the public offset constants from the layouts. Anonymous
 * unions and structs are named {@code "$anon..."} (as jextract does) and are transparent here, as in C:
 * {@code offset(IoUringSqe.LAYOUT, "addr2")} finds the member inside the anonymous union. A dotted path
 * ({@code "sq_off.head"}) walks named nested structs.
 */
public final class Layouts {
    /** Name prefix of anonymous (C11 unnamed) unions and structs. */
    public static final String ANON = "$anon";

    private Layouts() {
    }

    private record Found(long offset, MemoryLayout layout) {
    }

    /**
     * The byte offset of a member within {@code layout}.
     *
     * @param layout the struct or union
     * @param path   a member name, or a dotted path through named nested groups
     * @return the offset in bytes
     * @throws IllegalArgumentException when no such member exists
     */
    public static long offset(GroupLayout layout, String path) {
        long base = 0;
        MemoryLayout current = layout;
        for (String part : path.split("\\.")) {
            Found f = current instanceof GroupLayout g ? find(g, part, 0) : null;
            if (f == null) {
                throw new IllegalArgumentException(layout.name().orElse("?") + " has no member " + path);
            }
            base += f.offset();
            current = f.layout();
        }
        return base;
    }

    private static Found find(GroupLayout g, String name, long base) {
        long off = 0;
        boolean union = g instanceof UnionLayout;
        for (MemoryLayout m : g.memberLayouts()) {
            long at = base + (union ? 0 : off);
            String n = m.name().orElse("");
            if (n.equals(name)) {
                return new Found(at, m);
            }
            if (n.startsWith(ANON) && m instanceof GroupLayout inner) {
                Found r = find(inner, name, at);
                if (r != null) {
                    return r;
                }
            }
            if (!union) {
                off += m.byteSize();
            }
        }
        return null;
    }
}

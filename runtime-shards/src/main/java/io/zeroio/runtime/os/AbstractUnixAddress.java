package io.zeroio.runtime.os;

import java.net.SocketAddress;
import java.util.Objects;

/**
 * A Linux abstract-namespace AF_UNIX address (unix(7): {@code sun_path[0] == '\0'}), which
 * {@link java.net.UnixDomainSocketAddress} cannot express. The name is the bytes after the leading NUL,
 * taken as ISO-8859-1 so that every byte round-trips.
 */
public final class AbstractUnixAddress extends SocketAddress {
    private static final long serialVersionUID = 1L;

    /** The abstract name, without the leading NUL. */
    private final String name;

    /**
     * An abstract address.
     *
     * @param name the abstract name, without the leading NUL (at most 107 bytes)
     */
    public AbstractUnixAddress(String name) {
        this.name = Objects.requireNonNull(name, "name");
    }

    /**
     * The abstract name without the leading NUL.
     *
     * @return the name
     */
    public String name() {
        return name;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AbstractUnixAddress a && a.name.equals(name);
    }

    @Override
    public int hashCode() {
        return name.hashCode();
    }

    @Override
    public String toString() {
        return "@" + name;
    }
}

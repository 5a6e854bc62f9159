package io.zeroio.gatefixture;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/** Test-only fixture the 0-locks gate must accept: lock-free code through a VarHandle. */
public final class CleanFixture {
    private static final VarHandle COUNT;

    static {
        try {
            COUNT = MethodHandles.lookup().findVarHandle(CleanFixture.class, "count", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @SuppressWarnings("unused") private volatile long count;

    /** A CAS increment. */
    public long increment() {
        return (long) COUNT.getAndAdd(this, 1L) + 1;
    }
}

package io.zeroio.protocol.http;

import org.junit.jupiter.api.Assumptions;

/**
 * The 0-allocation tests run in a JVM of their own (the pom's {@code zero-allocation} surefire
 * execution): they measure what C2 makes of the shard loop, and profiles left by other test
 * classes change its inlining. When {@code -Dtest=...} puts them into the default execution too,
 * they skip there ({@code zeroio.allocationJvm=false}) and run in their own. Run alone (an IDE,
 * no property), they run.
 */
public final class AllocationJvm {
    private AllocationJvm() {
    }

    /** Skips unless this JVM is meant for allocation measurements. */
    public static void require() {
        Assumptions.assumeFalse("false".equals(System.getProperty("zeroio.allocationJvm")),
            "0-allocation tests run in their own JVM (surefire execution zero-allocation)");
    }
}

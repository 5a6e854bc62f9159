package io.zeroio.bench.report;

/**
 * The human reading of the JFR profile, kept next to the generator so a re-run keeps it; update it
 * when the profile changes materially.
 */
final class ProfileNotes {
    private ProfileNotes() {
    }

    static final String TEXT = "Reading: see the hot methods above; notes on the last full run are in "
        + "`benchmarks/README.md`.";
}

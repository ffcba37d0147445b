package dev.swaplayer.properties.engine;

import java.util.List;

/**
 * Immutable result of running one test case: its status, failure, choices and rendering.
 *
 * <p>Thread safety: immutable.
 */
final class Outcome {

    /** What happened to the test case. */
    enum Status {
        /** The property held. */
        PASSED,
        /** The property failed. */
        FAILED,
        /** An assumption discarded the test case. */
        DISCARDED,
        /** The test case could not be generated. */
        INVALID
    }

    private final Status status;
    private final Throwable failure;
    private final Recording recording;
    private final int size;
    private final Object value;
    private final List<String> lines;
    private final String site;

    Outcome(final Status status, final Throwable failure, final Recording recording, final int size, final Object value,
            final List<String> lines, final String site) {
        this.status = status;
        this.failure = failure;
        this.recording = recording;
        this.size = size;
        this.value = value;
        this.lines = List.copyOf(lines);
        this.site = site;
    }

    static Outcome of(final Status status, final Recording recording, final Throwable failure) {
        return new Outcome(status, failure, recording, recording.size(), null, List.of(), null);
    }

    Status status() {
        return status;
    }

    /** The failure for FAILED and INVALID outcomes, else null. */
    Throwable failure() {
        return failure;
    }

    Recording recording() {
        return recording;
    }

    /** The size of the test case in the trial's unit. */
    int size() {
        return size;
    }

    /** The counterexample: the generated value, or the list of step descriptions. */
    Object value() {
        return value;
    }

    /** The counterexample rendered as lines. */
    List<String> lines() {
        return lines;
    }

    /** Where the failure happened, e.g. {@code step 2 free(32) threw}; null if not applicable. */
    String site() {
        return site;
    }
}

package dev.swaplayer.properties.engine;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Thread-safe static entry points (each thread sees only the property it runs) that record
 * which interesting cases a property's tries exercised.
 *
 * <p>Labels are counted per property run, across all its tries; a property fails if a label it
 * {@linkplain ForAll#requireCoverage requires} never occurred. Labels recorded on threads other
 * than the one running the property, or outside any property, are ignored; labels recorded
 * while shrinking are ignored too.
 */
public final class Coverage {

    private static final ThreadLocal<CoverageRecorder> CURRENT = new ThreadLocal<>();

    private Coverage() {
    }

    /**
     * Records that the case {@code label} occurred in the current try.
     *
     * @param label the case, e.g. {@code "device full"}
     */
    public static void label(final String label) {
        Objects.requireNonNull(label, "label");
        CoverageRecorder recorder = CURRENT.get();
        if (recorder != null) {
            recorder.record(label);
        }
    }

    /**
     * Records {@code label} if {@code condition} holds.
     *
     * @param condition whether the case occurred
     * @param label the case
     */
    public static void classify(final boolean condition, final String label) {
        if (condition) {
            label(label);
        }
    }

    /** Runs {@code body} with {@code recorder} (possibly null: ignore labels) receiving labels. */
    static <R> R during(final CoverageRecorder recorder, final Supplier<R> body) {
        CoverageRecorder previous = CURRENT.get();
        CURRENT.set(recorder);
        try {
            return body.get();
        } finally {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        }
    }
}

package dev.swaplayer.properties.engine;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Stateless; shrinks a failing list that this engine did not draw (the actions of a seeded scenario, whose
 * values come from {@code java.util.Random} and have no choice sequence to edit) by deleting elements.
 *
 * <p>The passes are those of the engine's own element deletion, on the elements themselves: delete runs of
 * half the list, then of a quarter, down to single elements, each run kept deleted if the rest still fails the
 * same way; repeat until a pass deletes nothing (every element is then needed: the list is 1-minimal) or the
 * budget is spent. A deletion is tried once per pass, so a pass costs at most about twice the list's length in
 * checks.
 *
 * <p>"The same way" is the caller's to say: {@code failureOf} returns a key for a failing list (an invariant's
 * name, an exception's class and throwing frame) and null for one that passes, and a deletion is kept only when
 * the key equals the original's. Without that, a shorter list that fails for another reason would replace the
 * failure being explained.
 */
public final class Sublists {
    private Sublists() {
    }

    /**
     * What is left of a failing list after shrinking.
     *
     * <p>Thread safety: immutable.
     *
     * @param elements the shortest failing sublist found, in the original order
     * @param checks how many lists were checked, the original's replay included
     * @param stoppedBy null at a fixed point (no single deletion keeps the failure); else {@code "time limit"},
     *     {@code "check limit N"} or {@code "not reproduced"} (the original list did not fail again the same way,
     *     so nothing was deleted)
     * @param <T> the element type
     */
    public record Shrunk<T>(List<T> elements, int checks, String stoppedBy) {
        /** Copies the elements. */
        public Shrunk {
            elements = List.copyOf(elements);
        }
    }

    /**
     * Deletes elements of {@code failing} while it fails the same way.
     *
     * @param failing a list that fails
     * @param failureOf the failure's key of a list, or null when the list passes; called with every candidate (the
     *     empty list included) and never concurrently
     * @param timeout checks stop being started after this
     * @param maxChecks at most this many checks, at least 1
     * @param <T> the element type
     * @return the shortest failing sublist found
     * @throws IllegalArgumentException for a null list, function or timeout, or fewer than one check
     */
    public static <T> Shrunk<T> shrink(final List<T> failing, final Function<List<T>, ?> failureOf,
            final Duration timeout, final int maxChecks) {
        if (failing == null || failureOf == null || timeout == null) {
            throw new IllegalArgumentException((failing == null ? "failing" : failureOf == null ? "failureOf"
                    : "timeout") + ": null (expected: a value)");
        }
        if (maxChecks < 1) {
            throw new IllegalArgumentException("maxChecks: " + maxChecks + " (expected: at least 1)");
        }
        return new Run<>(failureOf, System.nanoTime() + Math.max(0, timeout.toNanos()), maxChecks).shrink(failing);
    }

    /**
     * One shrinking.
     *
     * <p>Thread safety: not thread-safe.
     */
    private static final class Run<T> {
        private final Function<List<T>, ?> failureOf;
        private final long deadline;
        private final int maxChecks;
        private Object key;
        private int checks;
        private String stoppedBy;

        Run(final Function<List<T>, ?> failureOf, final long deadline, final int maxChecks) {
            this.failureOf = failureOf;
            this.deadline = deadline;
            this.maxChecks = maxChecks;
        }

        Shrunk<T> shrink(final List<T> failing) {
            checks++;
            key = failureOf.apply(List.copyOf(failing));
            if (key == null) {
                return new Shrunk<>(failing, checks, "not reproduced");
            }
            List<T> best = List.copyOf(failing);
            boolean progress = true;
            while (progress && !exhausted()) {
                progress = false;
                for (int run = Math.max(1, Integer.highestOneBit(best.size() / 2)); run >= 1 && !exhausted();
                        run /= 2) {
                    int at = 0;
                    while (at < best.size() && !exhausted()) {
                        final int end = Math.min(at + run, best.size());
                        final List<T> candidate = without(best, at, end);
                        if (sameFailure(candidate)) {
                            best = candidate;
                            progress = true;
                        } else {
                            at = end;
                        }
                    }
                }
            }
            return new Shrunk<>(best, checks, stoppedBy);
        }

        private boolean sameFailure(final List<T> candidate) {
            checks++;
            return Objects.equals(key, failureOf.apply(candidate));
        }

        private static <T> List<T> without(final List<T> list, final int from, final int to) {
            final List<T> rest = new ArrayList<>(list.size() - (to - from));
            rest.addAll(list.subList(0, from));
            rest.addAll(list.subList(to, list.size()));
            return List.copyOf(rest);
        }

        private boolean exhausted() {
            if (stoppedBy == null && checks >= maxChecks) {
                stoppedBy = "check limit " + maxChecks;
            } else if (stoppedBy == null && System.nanoTime() - deadline > 0) {
                stoppedBy = "time limit";
            }
            return stoppedBy != null;
        }
    }
}

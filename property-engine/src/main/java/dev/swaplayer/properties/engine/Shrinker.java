package dev.swaplayer.properties.engine;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Not thread-safe; shrinks one failing test case by editing its recorded choices.
 *
 * <p>Passes, repeated until none makes progress or the budget (attempts, wall time) is spent:
 * delete whole collection elements (actions, list elements) adjusting the length choice;
 * delete chunks of raw choices; lower each choice toward 0 (to 0, then binary search); move
 * value from a choice to a later one. An edit is kept if the property still fails with the
 * same {@link Origin} (exception class and throwing
 * line) and the choice sequence got simpler (shorter, or lexicographically
 * smaller), which guarantees termination.
 */
final class Shrinker {

    private static final int[] CHUNKS = {16, 8, 4, 2, 1};
    private static final int REDISTRIBUTION_WINDOW = 8;

    private final Trial trial;
    private final Origin origin;
    private final long deadline;
    private final int maxAttempts;
    private final Set<Candidate> seen = new HashSet<>();
    private Outcome best;
    private int attempts;
    private String stopReason;

    Shrinker(final Trial trial, final Outcome failing, final Duration timeout, final int maxAttempts) {
        this.trial = trial;
        this.origin = Origin.of(failing.failure());
        this.best = failing;
        this.deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        this.maxAttempts = maxAttempts;
    }

    /** Shrinks; returns the simplest failing outcome found, or null if the failure did not reproduce. */
    Outcome shrink() {
        Outcome replayed = run(best.recording().raws());
        if (!sameBug(replayed)) {
            return null;
        }
        if (!best.recording().simplerThan(replayed.recording())) {
            best = replayed;
        }
        boolean progress = true;
        while (progress && !exhausted()) {
            progress = deleteElements();
            progress |= deleteChunks();
            progress |= lowerValues();
            progress |= redistribute();
        }
        return best;
    }

    int attempts() {
        return attempts;
    }

    /** Why shrinking stopped before a fixed point ({@code "time limit"}, ...), or null. */
    String stopReason() {
        return stopReason;
    }

    private boolean deleteElements() {
        boolean progress = false;
        for (int list = 0; list < best.recording().lists().size(); list++) {
            for (int chunk : CHUNKS) {
                int element = 0;
                while (!exhausted()) {
                    List<Recording.ListSpan> lists = best.recording().lists();
                    if (list >= lists.size() || element + chunk > lists.get(list).elements()) {
                        break;
                    }
                    if (deleteElements(lists.get(list), element, chunk)) {
                        progress = true;
                    } else {
                        element++;
                    }
                }
            }
        }
        return progress;
    }

    private boolean deleteElements(final Recording.ListSpan list, final int element, final int count) {
        long[] raws = best.recording().raws();
        int counted = list.countedIn(element, element + count);
        if (Long.compareUnsigned(raws[list.lengthIndex()], counted) < 0) {
            return false;
        }
        raws[list.lengthIndex()] -= counted;
        return consider(remove(raws, list.start(element), list.end(element + count - 1)));
    }

    private boolean deleteChunks() {
        boolean progress = false;
        for (int chunk : CHUNKS) {
            int at = 0;
            while (!exhausted() && at + chunk <= best.recording().size()) {
                if (consider(remove(best.recording().raws(), at, at + chunk))) {
                    progress = true;
                } else {
                    at++;
                }
            }
        }
        return progress;
    }

    private boolean lowerValues() {
        boolean progress = false;
        for (int i = 0; i < best.recording().size() && !exhausted(); i++) {
            long value = best.recording().raw(i);
            if (value == 0) {
                continue;
            }
            if (consider(with(i, 0))) {
                progress = true;
                continue;
            }
            long lo = 0; // known not to fail (unsigned)
            long hi = value; // known to fail
            while (Long.compareUnsigned(hi - lo, 1) > 0 && !exhausted() && i < best.recording().size()) {
                long mid = lo + ((hi - lo) >>> 1);
                if (consider(with(i, mid))) {
                    hi = mid;
                    progress = true;
                } else {
                    lo = mid;
                }
            }
        }
        return progress;
    }

    private boolean redistribute() {
        boolean progress = false;
        for (int i = 0; i < best.recording().size() && !exhausted(); i++) {
            for (int j = i + 1; j <= i + REDISTRIBUTION_WINDOW && j < best.recording().size() && !exhausted(); j++) {
                long from = best.recording().raw(i);
                if (from == 0) {
                    break;
                }
                long room = best.recording().span(j) - best.recording().raw(j);
                long amount = Long.compareUnsigned(from, room) < 0 ? from : room;
                if (amount == 0) {
                    continue;
                }
                long[] raws = best.recording().raws();
                raws[i] -= amount;
                raws[j] += amount;
                progress |= consider(raws);
            }
        }
        return progress;
    }

    private long[] with(final int index, final long raw) {
        long[] raws = best.recording().raws();
        raws[index] = raw;
        return raws;
    }

    private static long[] remove(final long[] raws, final int from, final int to) {
        long[] result = new long[raws.length - (to - from)];
        System.arraycopy(raws, 0, result, 0, from);
        System.arraycopy(raws, to, result, from, raws.length - to);
        return result;
    }

    private boolean consider(final long[] raws) {
        if (exhausted() || !seen.add(new Candidate(raws))) {
            return false;
        }
        Outcome outcome = run(raws);
        if (sameBug(outcome) && outcome.recording().simplerThan(best.recording())) {
            best = outcome;
            return true;
        }
        return false;
    }

    private boolean sameBug(final Outcome outcome) {
        return outcome.status() == Outcome.Status.FAILED && origin.equals(Origin.of(outcome.failure()));
    }

    private Outcome run(final long[] raws) {
        attempts++;
        return Coverage.during(null, () -> trial.run(Source.replay(raws)));
    }

    private boolean exhausted() {
        if (stopReason != null) {
            return true;
        }
        if (attempts >= maxAttempts) {
            stopReason = "attempt limit " + maxAttempts;
        } else if (System.nanoTime() - deadline > 0) {
            stopReason = "time limit";
        }
        return stopReason != null;
    }

    /** Immutable key of a tried choice sequence. */
    private static final class Candidate {
        private final long[] raws;
        private final int hash;

        Candidate(final long[] raws) {
            this.raws = raws;
            this.hash = Arrays.hashCode(raws);
        }

        @Override
        public boolean equals(final Object other) {
            return other instanceof Candidate c && Arrays.equals(raws, c.raws);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }
}

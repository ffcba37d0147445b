package dev.swaplayer.verify;

import static dev.swaplayer.verify.Transcript.show;

import dev.swaplayer.allocator.SwapCountCall;
import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.SlotState;
import dev.swaplayer.spec.SwapResult;

/**
 * Long runs of swap-count calls on one held page of a {@link ModelledDevice}, each answer compared with the model's:
 * {@code dup} many times in a row (past 8 and 16 bits), {@code put} as many times back down, and at every count on a
 * digit's edge the swap cache's pin let go of and taken again, where a count kept in digits (the kernel's swap map
 * byte and its continuation pages) is read from its lowest digit alone by a faulty call.
 *
 * <p>Thread safety: confined to its device's thread, as the device is.
 */
final class CountRuns {
    private final ModelledDevice d;

    CountRuns(final ModelledDevice d) {
        this.d = d;
    }

    /**
     * Takes the swap count of a slot just allocated on an empty device to its limit, {@code 2^31 - 1}, one
     * {@code dup} at a time, then makes one more: each must answer OK below the limit, the one at the limit
     * COUNT_OVERFLOW, and the count must read the limit after it. Only the answers are compared (2^31 calls), and the
     * count once at the end.
     *
     * @param counts the allocator's swap counts
     * @param entry the slot, just allocated
     * @return null when the limit held, else what went wrong, in words
     */
    static String toTheLimit(final SwapCounts counts, final long entry) {
        final long limit = Integer.MAX_VALUE;
        for (long c = counts.countOf(entry); c < limit; c++) {
            final SwapResult r = counts.dup(entry);
            if (r != SwapResult.OK) {
                return "dup(" + show(entry) + ") at count " + c + " returned " + r + " (expected OK: the limit is"
                        + " 2^31 - 1)";
            }
        }
        final SwapResult over = counts.dup(entry);
        final long count = counts.countOf(entry);
        return over == SwapResult.COUNT_OVERFLOW && count == limit ? null : "dup(" + show(entry) + ") at count "
                + limit + ", the limit, returned " + over + " and left count " + count + " (expected COUNT_OVERFLOW"
                + " and count " + limit + ", unchanged)";
    }

    /**
     * The counts where a count kept in digits changes its third and fourth digit, past what the stateful sequences'
     * 70,000 {@code dup}s reach: 63, 64, 127 and 128 times 128 and times 128^2 (the kernel's swap map byte holds 63
     * values and each continuation digit 128, so its carries are at 63 x 128^k; other encodings carry at the rest).
     */
    static final long[] DEEP_EDGES = {63L << 7, 64L << 7, 127L << 7, 128L << 7, 63L << 14, 64L << 14, 127L << 14,
        128L << 14};
    /** How far a run goes below each deep edge and back. */
    private static final int ACROSS = 3;

    /**
     * Takes the swap count of a slot just allocated (pinned by the swap cache, so that no {@code put} frees it) up
     * past each of {@link #DEEP_EDGES} with {@code dup}s, and at each edge {@code put}s it three below and
     * {@code dup}s it back, reading the count after each: a borrow or a carry across a high digit that goes wrong
     * shows where no sequence reaches (about 2.1 million calls, compared at the edges only).
     *
     * @param counts the allocator's swap counts
     * @param entry the slot, just allocated
     * @return null when every count read right, else what went wrong, in words
     */
    static String acrossDeepEdges(final SwapCounts counts, final long entry) {
        long c = counts.countOf(entry);
        for (final long edge : DEEP_EDGES) {
            for (; c <= edge; c++) {
                final SwapResult r = counts.dup(entry);
                if (r != SwapResult.OK) {
                    return "dup(" + show(entry) + ") at count " + c + " returned " + r + " (expected OK)";
                }
            }
            String wrong = countIs(counts, entry, c, "after " + c + " dups");
            for (int i = 0; i < ACROSS && wrong == null; i++) {
                final boolean freed = counts.put(entry);
                c--;
                wrong = freed ? "put(" + show(entry) + ") at count " + (c + 1) + " freed the slot (expected false:"
                        + " the swap cache pins it)" : countIs(counts, entry, c, "after a put from count " + (c + 1));
            }
            for (int i = 0; i < ACROSS && wrong == null; i++) {
                final SwapResult r = counts.dup(entry);
                c++;
                wrong = r != SwapResult.OK ? "dup(" + show(entry) + ") at count " + (c - 1) + " returned " + r
                        + " (expected OK)" : countIs(counts, entry, c, "after a dup from count " + (c - 1));
            }
            if (wrong != null) {
                return wrong;
            }
        }
        return null;
    }

    private static String countIs(final SwapCounts counts, final long entry, final long want, final String when) {
        final long got = counts.countOf(entry);
        return got == want ? null : "countOf(" + show(entry) + ") = " + got + " " + when + " (expected " + want + ")";
    }

    /**
     * {@code dup} {@code times} times in a row on one held page, each result compared with the model's: a count
     * kept in fewer bits than the specified limit (2^31 - 1) wraps on the way, which the next comparison sees.
     *
     * @return false when the chosen page is gone (nothing called)
     */
    boolean dupMany(final int index, final int page, final int times) {
        final Held h = d.held(index);
        final int p = page % h.slots.length;
        if (h.gone[p]) {
            return false;
        }
        final long slot = h.slots[p];
        final long entry = SwapEntry.of(d.type(), slot);
        d.log("dup(" + show(entry) + ") x" + times);
        for (int i = 1; i <= times; i++) {
            final Object got = d.counts().dup(entry);
            final Object want = d.model().dup(slot);
            if (!want.equals(got)) { // the message is built only for a failure: this loop runs 70,000 times
                throw d.failure("dup(" + show(entry) + ") number " + i + " in a row returned " + got + " (expected "
                        + want + ")");
            }
            if (atDigitEdge(d.model().swapCount(slot))) {
                countAfterDups(entry, slot, i);
                pinRoundTrip(entry, slot, "after dup number " + i + " in a row");
            }
        }
        countAfterDups(entry, slot, times);
        return true;
    }

    /** The count after {@code n} dups in a row must be the model's: lower when it wrapped, higher when it overshot. */
    private void countAfterDups(final long entry, final long slot, final int n) {
        d.expect(d.counts().countOf(entry) == d.model().swapCount(slot), "countOf(" + show(entry) + ") = "
                + d.counts().countOf(entry) + " after " + n + " dups in a row (expected " + d.model().swapCount(slot)
                + (d.counts().countOf(entry) < d.model().swapCount(slot)
                ? ": a count must neither wrap nor stop below its limit, 2^31 - 1)"
                : "; it reads more than the dups added, as when a continuation's digit is left over from before)"));
    }

    /**
     * {@code put} up to {@code times} times in a row on one held page, while its count is above 0, each result
     * and the count after it compared with the model's: the way back down past the counts where an implementation
     * changes representation (the kernel's continuation pages; here 126, the inline limit), after
     * {@link #dupMany}. A put that frees the page (uncached, count 0) ends the run.
     *
     * @return false when the chosen page is gone or its count is 0 (nothing called)
     */
    boolean putMany(final int index, final int page, final int times) {
        final Held h = d.held(index);
        final int p = page % h.slots.length;
        if (h.gone[p] || d.model().swapCount(h.slots[p]) == 0) {
            return false;
        }
        final long slot = h.slots[p];
        final long entry = SwapEntry.of(d.type(), slot);
        final long from = d.model().swapCount(slot);
        d.log("put(" + show(entry) + ") x" + Math.min(times, from) + " from count " + from);
        for (int i = 1; i <= times && d.model().state(slot) == SlotState.IN_USE && d.model().swapCount(slot) > 0; i++) {
            final Object got = d.counts().put(entry);
            final Object want = d.model().put(slot);
            if (!want.equals(got)) {
                throw d.failure("put(" + show(entry) + ") number " + i + " in a row from count " + from + " returned "
                        + got + " (expected " + want + ")");
            }
            if (d.model().state(slot) == SlotState.IN_USE && d.counts().countOf(entry) != d.model().swapCount(slot)) {
                throw d.failure("countOf(" + show(entry) + ") = " + d.counts().countOf(entry) + " after put number " + i
                        + " in a row from count " + from + " (expected " + d.model().swapCount(slot) + ")");
            }
            if (d.model().state(slot) == SlotState.IN_USE && atDigitEdge(d.model().swapCount(slot))) {
                pinRoundTrip(entry, slot, "after put number " + i + " in a row from count " + from);
            }
        }
        if (d.model().state(slot) != SlotState.IN_USE) {
            h.gone(p);
            d.checkFreed(slot);
            d.dropIfEmpty(h);
        }
        return true;
    }

    /**
     * Whether a count is one where a count kept in digits starts a new one: a multiple of 63 or 64 (the kernel's
     * swap map byte holds 0..62 and a continuation digit 0..63 or 0..127) or of 127 or 128. A call there that reads
     * the count from its lowest digit alone reads 0.
     */
    private static boolean atDigitEdge(final long count) {
        return count > 0 && (count % 63 == 0 || count % 64 == 0 || count % 127 == 0 || count % 128 == 0);
    }

    /**
     * The swap cache's pin let go of and taken again (taken and let go of, when the page is not pinned), at a
     * count on a digit's edge ({@link #atDigitEdge}): each answer must be the model's and the count must read as
     * before, so that a {@code cacheDel} that frees a slot still referenced, or a {@code cacheAdd} that misreads
     * it as free, shows on the way up and down of {@link #dupMany} and {@link #putMany}.
     */
    private void pinRoundTrip(final long entry, final long slot, final String when) {
        final SwapCountCall[] calls = d.model().cached(slot)
                ? new SwapCountCall[] {SwapCountCall.CACHE_DEL, SwapCountCall.CACHE_ADD}
                : new SwapCountCall[] {SwapCountCall.CACHE_ADD, SwapCountCall.CACHE_DEL};
        final long count = d.model().swapCount(slot);
        for (final SwapCountCall call : calls) {
            final Object got = call.on(d.counts(), entry);
            final Object want = call.on(d.model(), slot);
            if (!want.equals(got)) {
                throw d.failure(call.method() + "(" + show(entry) + ") at count " + count + ", " + when + ", returned "
                        + got + " (expected " + want + ", which leaves the slot " + d.inWords(slot) + ")");
            }
        }
        if (d.counts().countOf(entry) != count) {
            throw d.failure("countOf(" + show(entry) + ") = " + d.counts().countOf(entry) + " after the swap cache's"
                    + " pin went and came back at count " + count + ", " + when + " (expected " + count + ")");
        }
    }
}

package dev.swaplayer.verify;

import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.entry.SwapEntry;
import java.util.ArrayList;
import java.util.List;

/**
 * The calls a {@link ModelledDevice} made, each with its answer resolved to slots, and the failures that name the
 * last of them: what a counterexample shows beside the steps that replay it.
 *
 * <p>Thread safety: not thread-safe; the check that owns its device owns it.
 */
final class Transcript {
    /** Where a failure before any call happened. */
    static final String FRESH = "on the fresh device, before any call";
    /** How many of the last calls a failure names. */
    private static final int LAST = 4;

    private final List<String> lines = new ArrayList<>();

    /** Records one call and its answer. */
    void log(final String line) {
        lines.add(line);
    }

    /** Replaces the last call's line, once more of its answer is known (a compound folio's slots). */
    void amendLast(final String line) {
        lines.set(lines.size() - 1, line);
    }

    /** Returns the calls so far. */
    List<String> lines() {
        return List.copyOf(lines);
    }

    /** Returns how many calls were made so far. */
    int size() {
        return lines.size();
    }

    /** Returns an assertion naming what differs, with the last calls made. */
    AssertionError failure(final String message) {
        final int from = Math.max(0, lines.size() - LAST);
        return new AssertionError(message + (lines.isEmpty() ? " " + FRESH : "; last calls: "
                + String.join("; ", lines.subList(from, lines.size()))));
    }

    /** An entry or handle in words: "NONE", "swp(0:0x1f)" or "cswp(0:#3)". */
    static String show(final long entry) {
        return entry == SlotAllocator.NONE ? "NONE" : SwapEntry.toString(entry);
    }

    /** A compound folio's slots in page order, as runs: "0x6, 0x12, 0x1e..0x1f". */
    static String pagesInWords(final long[] slots) {
        final StringBuilder b = new StringBuilder();
        for (int i = 0; i < slots.length; i++) {
            final int from = i;
            while (i + 1 < slots.length && slots[i + 1] == slots[i] + 1) {
                i++;
            }
            b.append(from == 0 ? "" : ", ").append("0x").append(Long.toHexString(slots[from]))
                    .append(i == from ? "" : "..0x" + Long.toHexString(slots[i]));
        }
        return b.toString();
    }
}

package dev.swaplayer.swap.scenario;

import dev.swaplayer.allocator.FolioOutcome;
import dev.swaplayer.swap.SwapIoException;
import java.util.EnumSet;
import java.util.Set;

/**
 * What the runs of a no-data-loss check met: what shows that the check exercised the paths it claims to.
 *
 * <p>Thread safety: immutable (the sets are unmodifiable copies).
 *
 * @param outcomes how the swap-outs placed their folios ({@code SWPOUT}, {@code SWPOUT_COMPOUND},
 *     {@code SWPOUT_FALLBACK}, {@code FAILED} for a folio not swapped)
 * @param failures the directions of the injected I/O errors that reached the caller
 * @param partialSwapIns swap-ins of part of a folio
 * @param dups successful {@code dup}s (forks)
 * @param integrityErrors corrupt reads caught as {@code SwapIntegrityException} naming the corrupted page
 * @param integrityOutcomes how the folios whose corrupted pages were caught had been stored
 * @param partialIntegrityErrors corrupt reads caught in a swap-in of part of a folio
 */
public record Coverage(Set<FolioOutcome> outcomes, Set<SwapIoException.Direction> failures, int partialSwapIns,
        int dups, int integrityErrors, Set<FolioOutcome> integrityOutcomes, int partialIntegrityErrors) {

    /** Nothing met. */
    public static final Coverage NONE = new Coverage(Set.of(), Set.of(), 0, 0, 0, Set.of(), 0);

    /** Copies the sets. */
    public Coverage {
        outcomes = Set.copyOf(outcomes);
        failures = Set.copyOf(failures);
        integrityOutcomes = Set.copyOf(integrityOutcomes);
    }

    /**
     * Returns the union of the sets and the sums of the counts.
     *
     * @param o other coverage
     */
    public Coverage plus(final Coverage o) {
        return new Coverage(union(outcomes, o.outcomes), union(failures, o.failures), partialSwapIns + o.partialSwapIns,
                dups + o.dups, integrityErrors + o.integrityErrors, union(integrityOutcomes, o.integrityOutcomes),
                partialIntegrityErrors + o.partialIntegrityErrors);
    }

    private static <E extends Enum<E>> Set<E> union(final Set<E> a, final Set<E> b) {
        if (a.isEmpty()) {
            return b;
        }
        final Set<E> u = EnumSet.copyOf(a);
        u.addAll(b);
        return u;
    }

    @Override
    public String toString() {
        return "Coverage(" + sorted(outcomes) + ", failures " + sorted(failures) + ", partial swap-ins "
                + partialSwapIns + ", dups " + dups + ", integrity errors " + integrityErrors + " "
                + sorted(integrityOutcomes) + " (" + partialIntegrityErrors + " partial))";
    }

    private static String sorted(final Set<? extends Enum<?>> s) {
        return s.stream().sorted().toList().toString();
    }
}

package dev.swaplayer.swap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.FolioOutcome;
import dev.swaplayer.swap.SwapIoException.Direction;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The issue's two no-data-loss properties, as seeded loops (the project's property engine is not a dependency
 * of this module). Each failure names its seed; rerun one with {@code -Dswaplayer.seed=N}, or run more seeds
 * with {@code -Dswaplayer.tries=N}. The invariants are listed in {@link Scenario}.
 */
class NoDataLossProperties {
    @TempDir
    Path dir;

    private static long[] seeds(final int defaultTries) {
        final String seed = System.getProperty("swaplayer.seed", "");
        if (!seed.isBlank()) {
            return new long[] {Long.parseLong(seed.trim())};
        }
        final String tries = System.getProperty("swaplayer.tries", "");
        return LongStream.range(1, 1 + (tries.isBlank() ? defaultTries : Integer.parseInt(tries.trim()))).toArray();
    }

    /**
     * One fault at every I/O position: run each sequence once to count every area's I/O attempts, then replay
     * it once per attempt with exactly that attempt failing. No slot leaked, no page lost, no wrong byte.
     */
    @Test
    void faultAtEveryIoPosition_noSlotLeaked_noPageLost_noWrongByte() {
        final Scenario.Coverage coverage = new Scenario.Coverage();
        int replays = 0;
        for (final SwapPolicy policy : SwapPolicy.values()) {
            for (final long seed : seeds(8)) {
                final boolean integrity = seed % 2 == 0;
                final Path files = seed % 4 == 1 ? dir : null;
                final Scenario clean = new Scenario(seed, policy, integrity, files, 30).run(-1, 0);
                coverage.add(clean.coverage());
                final long[] attempts = clean.ioAttempts();
                for (int area = 0; area < attempts.length; area++) {
                    for (long k = 1; k <= attempts[area]; k++) {
                        coverage.add(new Scenario(seed, policy, integrity, files, 30).run(area, k).coverage());
                        replays++;
                    }
                }
            }
        }
        assertEquals(EnumSet.allOf(FolioOutcome.class), coverage.outcomes, "every placement reached: " + coverage);
        assertEquals(EnumSet.allOf(Direction.class), coverage.failures, "faults in both directions: " + coverage);
        assertTrue(coverage.partialSwapIns > 0 && coverage.dups > 0, coverage.toString());
        assertTrue(replays > 1000, "replays: " + replays);
    }

    /**
     * One corrupt read at every read position, in integrity mode: run each sequence once to count every area's
     * reads, then replay it once per read with exactly that read returning one flipped bit of a page drawn
     * from the seed, while reporting success. Each must be a {@link SwapIntegrityException} naming that page
     * and slot, with the guarantees of any failed swap-in: no slot leaked, no page lost, no wrong byte.
     */
    @Test
    void corruptReadAtEveryReadPosition_isCaughtNamingThePage_noSlotLeaked_noPageLost_noWrongByte() {
        final Scenario.Coverage coverage = new Scenario.Coverage();
        int replays = 0;
        for (final SwapPolicy policy : SwapPolicy.values()) {
            for (final long seed : seeds(8)) {
                final Path files = seed % 4 == 1 ? dir : null;
                final Scenario clean = new Scenario(seed, policy, true, files, 30).run(-1, 0);
                final long[] reads = clean.readAttempts();
                for (int area = 0; area < reads.length; area++) {
                    for (long k = 1; k <= reads[area]; k++) {
                        coverage.add(new Scenario(seed, policy, true, files, 30)
                                .run(Scenario.Fault.CORRUPT_READ, area, k).coverage());
                        replays++;
                    }
                }
            }
        }
        assertEquals(replays, coverage.integrityErrors, "every corrupt read was caught: " + coverage);
        assertEquals(EnumSet.of(FolioOutcome.SWPOUT, FolioOutcome.SWPOUT_COMPOUND, FolioOutcome.SWPOUT_FALLBACK),
                coverage.integrityOutcomes, "caught in every storage outcome: " + coverage);
        assertTrue(coverage.partialIntegrityErrors > 0, "caught in partial swap-ins: " + coverage);
        assertTrue(replays > 300, "replays: " + replays);
    }

    /**
     * The checker's planted defect: without checksums a corrupt read reaches the caller as a success, and the
     * scenario's BYTES check must catch the wrong byte (so that it would catch a swap path that loses or mixes up
     * data). Every read position of one sequence per policy.
     */
    @Test
    void withoutChecksums_aCorruptReadIsWrongData_andBytesCatchesIt() {
        int caught = 0;
        for (final SwapPolicy policy : SwapPolicy.values()) {
            final long[] reads = new Scenario(5, policy, false, null, 30).run(-1, 0).readAttempts();
            for (long k = 1; k <= reads[0]; k++) {
                final long nth = k;
                final AssertionError e = assertThrows(AssertionError.class, () -> new Scenario(5, policy, false, null,
                        30).run(Scenario.Fault.CORRUPT_READ, 0, nth), policy + " read #" + nth);
                assertTrue(e.getMessage().contains(": BYTES of pages "), e.getMessage());
                caught++;
            }
        }
        assertTrue(caught > 10, "corrupt reads: " + caught);
    }

    /** Any sequence of swap-outs, partial swap-ins, dups, puts and frees returns every byte that went in. */
    @Test
    void anySequence_returnsEveryByteThatWentIn() {
        final Scenario.Coverage coverage = new Scenario.Coverage();
        for (final SwapPolicy policy : SwapPolicy.values()) {
            for (final long seed : seeds(40)) {
                final Path files = seed % 10 == 3 ? dir : null;
                coverage.add(new Scenario(seed, policy, seed % 3 == 0, files, 250).run(-1, 0).coverage());
            }
        }
        assertEquals(EnumSet.allOf(FolioOutcome.class), coverage.outcomes, "every placement reached: " + coverage);
        assertTrue(coverage.partialSwapIns > 100 && coverage.dups > 100, coverage.toString());
    }
}

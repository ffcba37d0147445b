package dev.swaplayer.swap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.FolioOutcome;
import dev.swaplayer.swap.SwapIoException.Direction;
import dev.swaplayer.swap.scenario.Coverage;
import dev.swaplayer.swap.scenario.Fault;
import dev.swaplayer.swap.scenario.NoDataLoss;
import dev.swaplayer.swap.scenario.Plan;
import dev.swaplayer.swap.scenario.Report;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two no-data-loss properties, as seeded loops of {@link NoDataLoss} over the buddy allocator under
 * every placement policy. {@link NoDataLoss} draws each scenario's actions from its seed (in the main code,
 * which {@code ./swaplayer verify} runs too), so these are seeded loops rather than properties on the engine,
 * and a failure is not shrunk. Each failure names its seed; rerun one with {@code -Dswaplayer.seed=N}, or run
 * more seeds with {@code -Dswaplayer.tries=N}.
 */
class NoDataLossProperties {
    @TempDir
    Path dir;

    /** The seeds: {@code -Dswaplayer.seed=N} alone, else 1..{@code -Dswaplayer.tries} (default given). */
    private static Plan seeds(final Plan plan, final int defaultTries) {
        final String seed = System.getProperty("swaplayer.seed", "");
        if (!seed.isBlank()) {
            return plan.withSeeds(Long.parseLong(seed.trim()), 1);
        }
        final String tries = System.getProperty("swaplayer.tries", "");
        return plan.withSeeds(1, tries.isBlank() ? defaultTries : Integer.parseInt(tries.trim()));
    }

    /** Runs the plan with every policy; every run must pass. */
    private static Report[] checkEvery(final Plan plan) {
        final FolioFallback[] policies = FolioFallback.values();
        final Report[] reports = new Report[policies.length];
        for (int i = 0; i < reports.length; i++) {
            final Report r = NoDataLoss.check(policies[i], plan);
            assertNull(r.firstFailure(), () -> r.firstFailure().describe());
            assertEquals(0, r.failedRuns(), r.toString());
            reports[i] = r;
        }
        return reports;
    }

    private static Coverage coverage(final Report[] reports) {
        Coverage c = Coverage.NONE;
        for (final Report r : reports) {
            c = c.plus(r.coverage());
        }
        return c;
    }

    private static int replays(final Report[] reports) {
        int n = 0;
        for (final Report r : reports) {
            n += r.replays();
        }
        return n;
    }

    /**
     * One fault at every I/O position: run each sequence once to count every area's I/O attempts, then replay
     * it once per attempt with exactly that attempt failing. No slot leaked, no page lost, no wrong byte.
     */
    @Test
    void faultAtEveryIoPosition_noSlotLeaked_noPageLost_noWrongByte() {
        final Report[] reports = checkEvery(seeds(Plan.of(8, 30, dir).withFaults(EnumSet.of(Fault.FAIL_IO)), 8));
        final Coverage coverage = coverage(reports);
        assertEquals(EnumSet.allOf(FolioOutcome.class), coverage.outcomes(), "every placement reached: " + coverage);
        assertEquals(EnumSet.allOf(Direction.class), coverage.failures(), "faults in both directions: " + coverage);
        assertTrue(coverage.partialSwapIns() > 0 && coverage.dups() > 0, coverage.toString());
        assertTrue(replays(reports) > 1000, "replays: " + replays(reports));
    }

    /**
     * One corrupt read at every read position, in integrity mode: run each sequence once to count every area's
     * reads, then replay it once per read with exactly that read returning one flipped bit of a page drawn
     * from the seed, while reporting success. Each must be a {@link SwapIntegrityException} naming that page
     * and slot, with the guarantees of any failed swap-in: no slot leaked, no page lost, no wrong byte.
     */
    @Test
    void corruptReadAtEveryReadPosition_isCaughtNamingThePage_noSlotLeaked_noPageLost_noWrongByte() {
        final Report[] reports = checkEvery(seeds(Plan.of(8, 30, dir).withIntegrity(Plan.Integrity.ON)
                .withFaults(EnumSet.of(Fault.CORRUPT_READ)), 8));
        final Coverage coverage = coverage(reports);
        assertEquals(replays(reports), coverage.integrityErrors(), "every corrupt read was caught: " + coverage);
        assertEquals(EnumSet.of(FolioOutcome.SWPOUT, FolioOutcome.SWPOUT_COMPOUND, FolioOutcome.SWPOUT_FALLBACK),
                coverage.integrityOutcomes(), "caught in every storage outcome: " + coverage);
        assertTrue(coverage.partialIntegrityErrors() > 0, "caught in partial swap-ins: " + coverage);
        assertTrue(replays(reports) > 300, "replays: " + replays(reports));
    }

    /**
     * The checker's planted defect: without checksums a corrupt read reaches the caller as a success, and the
     * scenario's BYTES check must catch the wrong byte (so that it would catch a swap path that loses or mixes up
     * data). Every read position of every area of one sequence per policy: each replay fails, the first on BYTES.
     */
    @Test
    void withoutChecksums_aCorruptReadIsWrongData_andBytesCatchesIt() {
        final Plan planted = new Plan(5, 1, 30, null, Plan.Integrity.OFF, EnumSet.of(Fault.CORRUPT_READ));
        int caught = 0;
        for (final FolioFallback policy : FolioFallback.values()) {
            final Report r = NoDataLoss.check(policy, planted);
            assertEquals(1, r.cleanRuns(), r.toString());
            assertEquals(r.replays(), r.failedRuns(), "every corrupt read is wrong data: " + r);
            assertEquals(0, r.coverage().integrityErrors(), "no checksum to catch it: " + r);
            assertEquals(Fault.CORRUPT_READ, r.firstFailure().fault());
            assertEquals(1, r.firstFailure().position(), "the first read position fails first");
            assertTrue(r.firstFailure().message().contains(": BYTES of pages "), r.firstFailure().message());
            assertTrue(r.firstFailure().steps().stream().anyMatch(s -> s.startsWith("swap-in of folio ")),
                    r.firstFailure().describe());
            caught += r.failedRuns();
        }
        assertTrue(caught > 10, "corrupt reads: " + caught);
    }

    /** Any sequence of swap-outs, partial swap-ins, dups, puts and frees returns every byte that went in. */
    @Test
    void anySequence_returnsEveryByteThatWentIn() {
        final Report[] reports = checkEvery(seeds(Plan.of(40, 250, dir).withFaults(Set.of()), 40));
        final Coverage coverage = coverage(reports);
        assertEquals(EnumSet.allOf(FolioOutcome.class), coverage.outcomes(), "every placement reached: " + coverage);
        assertTrue(coverage.partialSwapIns() > 100 && coverage.dups() > 100, coverage.toString());
    }
}

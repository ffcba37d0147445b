package dev.swaplayer.concurrency;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.Fault;
import org.jetbrains.lincheck.LincheckAssertionError;
import org.junit.jupiter.api.Test;

/**
 * The negative demo of the contended swap-count check: the scenario and bounds of
 * {@link ContendedSwapCountsLinearizabilityTest}, on an allocator built with {@link Fault#UNLOCKED_DUP},
 * whose {@code dup} alone reads and writes the slot's count without the cluster lock. Lincheck must find a
 * non-linearizable history: a lost update (a {@code put}, {@code dup} or swap-cache change undone by the
 * racing {@code dup}; the pinned race {@code dupA} against {@code putA} is checked first and finds one), or a
 * {@code dup} that reads slot B while the last {@code put} frees it. The test passes only when Lincheck fails,
 * so every build shows that the check catches a lost update on one slot.
 *
 * <p>Thread safety: none on purpose; Lincheck races {@code dup} against the other operations of one slot.
 */
public class UnlockedDupLincheckDemoTest extends ContendedSwapCounts {

    public UnlockedDupLincheckDemoTest() {
        super(BuddyAllocator.withFault(0, DEVICE, Fault.UNLOCKED_DUP));
    }

    @Test
    void lincheckFindsTheLostUpdate() {
        final LincheckAssertionError found = assertThrows(LincheckAssertionError.class,
                () -> options(getClass()).check(getClass()));
        // Only dup is broken, so every history Lincheck rejects runs a dup in parallel: dupA against another
        // step of slot A (a lost update), or dupB against the put that frees slot B (a dup of a freed slot).
        final String report = found.getMessage();
        assertTrue(report.contains("dupA()") || report.contains("dupB()"), () -> "expected a dup race: " + report);
        // The report (scenario, results, interleaving) goes to the test log, for the reader of the demo.
        System.out.println(report);
    }
}

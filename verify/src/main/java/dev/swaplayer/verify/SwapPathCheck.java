package dev.swaplayer.verify;

import dev.swaplayer.device.TempFiles;
import dev.swaplayer.properties.engine.Sublists;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.swap.scenario.Failure;
import dev.swaplayer.swap.scenario.NoDataLoss;
import dev.swaplayer.swap.scenario.Plan;
import dev.swaplayer.swap.scenario.Report;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The swap path with the verified policy's allocator in every area: the no-data-loss scenario of the swap
 * module ({@link NoDataLoss}), in which folios are swapped out, partly swapped in, dup'ed, put and freed
 * over two fault-injecting devices, every byte is checked, and each scenario is replayed with an I/O error
 * at every I/O position and a corrupt read at every read position.
 *
 * <p>Thread safety: not thread-safe; run one at a time.
 *
 * <p>An allocator without swap counts gets a {@code SwapCountTable} in front of it, as the swap path gives
 * any plug-in. {@code --full} also puts a real swap file (format v1) under the first area in a quarter of
 * the scenarios, in a temporary directory removed afterwards.
 *
 * <p>A failure is shrunk before it is shown: the listing is that of the same seed with only the actions the
 * failure needs (see {@link #shrink}); {@code --seed} re-runs the whole check, unshrunk.
 */
final class SwapPathCheck {
    /** At most this many re-runs while shrinking a failure (each a clean run and its replays). */
    private static final int SHRINK_CHECKS = 400;

    private final Target target;

    SwapPathCheck(final Target target) {
        this.target = target;
    }

    CheckResult run() throws IOException {
        final List<String> refused = new ArrayList<>();
        for (final Geometry g : NoDataLoss.geometries()) {
            if (target.createIfServed(g, refused) == null) {
                return CheckResult.skipped("swap-path", "not run: the provider does not serve the swap path's "
                        + "devices: " + refused.get(0));
            }
        }
        final long start = System.nanoTime();
        final boolean files = target.depth().equals(Depth.FULL);
        final Path dir = files ? TempFiles.createDirectory("swaplayer-verify-") : null; // deleted at Ctrl-C too
        try {
            final Plan plan = Plan.of(target.depth().swapSeeds(), target.depth().swapSteps(), dir)
                    .withSeeds(target.seed(), target.depth().swapSeeds());
            final Report r = NoDataLoss.check(target.provider(), plan);
            if (r.passed()) {
                return CheckResult.pass("swap-path", StatefulCheck.seconds(start), r.cleanRuns() + " scenarios of "
                        + target.depth().swapSteps() + " operations and " + r.replays() + " replays with a fault at"
                        + " every I/O position or a corrupt read at every read position: every byte back, nothing"
                        + " leaked" + (files ? " (RAM devices and swap files)" : " (RAM devices)"));
            }
            final Shrunk first = shrink(plan, r.firstFailure());
            return CheckResult.fail("swap-path", StatefulCheck.seconds(start), first.failure().steps(),
                    r.failedRuns() + " of " + (r.cleanRuns() + r.replays()) + " runs failed (the scenarios' seeds "
                    + target.seed() + " to " + (target.seed() + target.depth().swapSeeds() - 1) + " follow from"
                    + " the run's seed " + target.seed() + "); the first, " + first.how() + ": "
                    + first.failure().message(), target.rerun());
        } finally {
            if (dir != null) {
                TempFiles.delete(dir);
            }
        }
    }

    /**
     * A failure shown after shrinking, and how it was shrunk.
     *
     * @param failure the failure whose steps are listed
     * @param how e.g. {@code "shrunk to 3 of its 30 actions"}
     */
    private record Shrunk(Failure failure, String how) {
    }

    /**
     * Shrinks the first failure to the actions of its seed that it needs ({@link Sublists}): each candidate re-runs
     * the seed with fewer actions ({@link NoDataLoss#rerun}) and counts only if it fails the same way. A run's
     * actions are read against the state they meet, so a deleted swap-out renumbers the folios the later actions
     * pick; what is left is still a run of the same seed's devices, pins and priorities, with the same fault.
     */
    private Shrunk shrink(final Plan plan, final Failure failure) {
        if (failure.steps().isEmpty()) { // the provider failed before any action: nothing to shrink
            return new Shrunk(failure, "which failed before its first action (setting up its devices and pinned"
                    + " slots)");
        }
        final List<Integer> all = IntStream.range(0, plan.steps()).boxed().toList();
        final Sublists.Shrunk<Integer> s = Sublists.shrink(all, kept -> {
            final Failure f = NoDataLoss.rerun(target.provider(), plan, failure, kept);
            return f == null ? null : f.what();
        }, Duration.ofSeconds(target.depth().equals(Depth.FULL) ? 60 : 20), SHRINK_CHECKS);
        final Failure shrunk = s.elements().size() < all.size()
                ? NoDataLoss.rerun(target.provider(), plan, failure, s.elements()) : null;
        if (shrunk == null) {
            return new Shrunk(failure, "not shrunk (" + ("not reproduced".equals(s.stoppedBy())
                    ? "it did not fail the same way when re-run" : "every one of its actions is needed") + ")");
        }
        return new Shrunk(shrunk, "shrunk to " + s.elements().size() + " of its " + all.size() + " actions"
                + (s.stoppedBy() == null ? "" : " (shrinking stopped at its " + s.stoppedBy() + ")"));
    }
}

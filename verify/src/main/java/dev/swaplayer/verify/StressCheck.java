package dev.swaplayer.verify;

import dev.swaplayer.check.Stress;
import dev.swaplayer.spec.Geometry;
import java.util.Locale;

/**
 * The multi-thread stress run of {@code ./swaplayer stress} on the verified policy: two threads on one small
 * device (so that they meet in the same clusters), every slot claimed in a shared owner table, everything
 * returned at the end, then the allocator's own audit if it has one (INV-16, INV-17).
 *
 * <p>Thread safety: {@link #run} starts and joins the stress run's own threads.
 *
 * <p>A failure here has no replayable counterexample: the interleaving was the scheduler's. The message says
 * what was duplicated or lost; the linearizability check is the one that prints a history.
 */
final class StressCheck {
    /** Small enough that two threads keep meeting in the same clusters, large enough for 64 KiB folios. */
    static final Geometry DEVICE = Geometry.builder(4096).clusterSlots(64).maxOrder(4).build();
    private static final int THREADS = 2;

    private final Target target;

    StressCheck(final Target target) {
        this.target = target;
    }

    CheckResult run() throws InterruptedException {
        final long start = System.nanoTime();
        final Stress.Result r;
        try {
            r = Stress.run(target.registry(), target.policy(), DEVICE, THREADS, target.depth().stressOps(),
                    target.seed());
        } catch (IllegalArgumentException e) {
            return CheckResult.fail("stress", StatefulCheck.seconds(start), null, "the stress run could not start: "
                    + e.getMessage(), target.rerun());
        }
        final String what = String.format(Locale.ROOT, "%d threads, %,d operations on %s", THREADS,
                r.ops(), DEVICE);
        if (r.passed()) {
            return CheckResult.pass("stress", StatefulCheck.seconds(start), what + ": nothing lost or duplicated");
        }
        return CheckResult.fail("stress", StatefulCheck.seconds(start), null, what + ": " + r.duplicated()
                + " slots handed to two threads at once, " + r.lost() + " lost" + (r.failure() == null ? ""
                : "; " + r.failure()) + " (the interleaving is the scheduler's: re-run to see it again)",
                target.rerun());
    }
}

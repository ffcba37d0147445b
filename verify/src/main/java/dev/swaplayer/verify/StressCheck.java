package dev.swaplayer.verify;

import dev.swaplayer.allocator.FolioAllocator;
import dev.swaplayer.check.Stress;
import dev.swaplayer.spec.Geometry;
import java.util.Locale;

/**
 * The multi-thread stress run of {@code ./swaplayer stress} on the verified policy, in rounds: two threads on one
 * small device (so that they meet in the same clusters), every slot claimed in a shared owner table, a few slots
 * whose swap counts and swap-cache pin all threads work on at once, everything returned at the end of a round, then
 * the allocator's own audit if it has one (INV-16, INV-17), the contested rounds, where two threads make a call each
 * on one slot at once (INV-13, INV-17), for an allocator with the folio calls the compound churn, where the two
 * threads share compound folios and free each other's pages (INV-7, INV-20), and last its counters, which must read
 * an empty device, and a drain of that device at order 0, which must hand out every free slot once (INV-17: no
 * free's update lost). Each round builds the allocator anew, so that what an allocator sets up on first use
 * (metadata grown on demand) is raced in every round, not once.
 *
 * <p>Thread safety: {@link #run} starts and joins the stress run's own threads.
 *
 * <p>A failure here has no replayable counterexample: the interleaving was the scheduler's. The message says
 * what was duplicated or lost, and in which round; the linearizability check is the one that prints a history.
 * The failed round's operations then run once more on one thread, where the run is the same every time, so that the
 * message tells a race from a bug that every caller meets (a call that throws, a count kept wrong), which the
 * single-thread checks then missed.
 */
final class StressCheck {
    /** Small enough that two threads keep meeting in the same 16 clusters, large enough for 64 KiB folios. */
    static final Geometry DEVICE = Geometry.builder(1024).clusterSlots(64).maxOrder(4).build();
    /** Rounds, each on a fresh allocator; the depth's operations are shared out among them. */
    static final int ROUNDS = 20;
    private static final int THREADS = 2;

    private final Target target;

    StressCheck(final Target target) {
        this.target = target;
    }

    CheckResult run() throws InterruptedException {
        final long start = System.nanoTime();
        final long perRound = Math.max(1, target.depth().stressOps() / ROUNDS);
        long ops = 0;
        for (int round = 1; round <= ROUNDS; round++) {
            final Stress.Result r;
            try {
                r = Stress.run(target.registry(), target.policy(), DEVICE, THREADS, perRound,
                        target.seed() + round - 1);
            } catch (IllegalArgumentException e) {
                return CheckResult.fail("stress", StatefulCheck.seconds(start), null, "the stress run could not"
                        + " start: " + e.getMessage(), target.rerun());
            }
            ops += r.ops();
            if (!r.passed()) {
                return CheckResult.fail("stress", StatefulCheck.seconds(start), null, String.format(Locale.ROOT,
                        "round %d of %d (%d threads, %,d operations on a fresh %s): ", round, ROUNDS, THREADS,
                        r.ops(), DEVICE) + inWords(r) + oneThread(perRound, target.seed() + round - 1),
                        target.rerun());
            }
        }
        final String folios = target.create(DEVICE) instanceof FolioAllocator ? String.format(Locale.ROOT, "; the"
                + " folio calls too, on compound folios in the contested rounds and in a compound churn of %d threads"
                + " each round, every slot held once and no descriptor left", Stress.churnThreads(THREADS)) : "";
        return CheckResult.pass("stress", StatefulCheck.seconds(start), String.format(Locale.ROOT,
                "%d rounds of %d threads, %,d operations in all, each round on a fresh %s: nothing lost or"
                + " duplicated, counters and shared swap counts right, every free slot handed out again, every"
                + " contested round as if one call came first%s",
                ROUNDS, THREADS, ops, DEVICE, folios));
    }

    /**
     * The failed round's operations once more, from its seed, on one thread, where the run is the same every time:
     * what fails there too is no race but a bug every caller meets, which the single-thread checks did not reach.
     */
    private String oneThread(final long ops, final long seed) throws InterruptedException {
        final Stress.Result alone = Stress.run(target.registry(), target.policy(), DEVICE, 1, ops, seed);
        if (alone.passed()) {
            return " (the interleaving is the scheduler's: re-run to see it again; on one thread the round passes)";
        }
        return "; on one thread, from the same seed, the round fails too, and on every run: not a race ("
                + inWords(alone) + ")";
    }

    private static String inWords(final Stress.Result r) {
        return r.duplicated() + (r.threads() == 1 ? " slots handed out twice, " : " slots handed to two threads at"
                + " once, ") + r.lost() + " lost"
                + (r.failure() == null ? "" : "; " + r.failure());
    }
}

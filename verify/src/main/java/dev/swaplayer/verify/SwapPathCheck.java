package dev.swaplayer.verify;

import dev.swaplayer.spec.Geometry;
import dev.swaplayer.swap.scenario.NoDataLoss;
import dev.swaplayer.swap.scenario.Plan;
import dev.swaplayer.swap.scenario.Report;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

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
 */
final class SwapPathCheck {
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
        final Path dir = files ? Files.createTempDirectory("swaplayer-verify-") : null;
        try {
            final Report r = NoDataLoss.check(target.provider(), Plan.of(target.depth().swapSeeds(),
                    target.depth().swapSteps(), dir).withSeeds(target.seed(), target.depth().swapSeeds()));
            if (r.passed()) {
                return CheckResult.pass("swap-path", StatefulCheck.seconds(start), r.cleanRuns() + " scenarios of "
                        + target.depth().swapSteps() + " operations and " + r.replays() + " replays with a fault at"
                        + " every I/O position or a corrupt read at every read position: every byte back, nothing"
                        + " leaked" + (files ? " (RAM devices and swap files)" : " (RAM devices)"));
            }
            return CheckResult.fail("swap-path", StatefulCheck.seconds(start), r.firstFailure().steps(),
                    r.failedRuns() + " of " + (r.cleanRuns() + r.replays()) + " runs failed (the scenarios' seeds "
                    + target.seed() + " to " + (target.seed() + target.depth().swapSeeds() - 1) + " follow from"
                    + " --seed " + target.seed() + "); the first: " + r.firstFailure().message(), target.rerun());
        } finally {
            if (dir != null) {
                delete(dir);
            }
        }
    }

    private static void delete(final Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

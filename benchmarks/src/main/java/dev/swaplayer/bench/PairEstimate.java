package dev.swaplayer.bench;

/**
 * A pair's ratio (the measured build's throughput over the baseline's, {@link PairBench}), which the goals use as
 * measured, and beside it how much faster the measured build ran alone in the same run ({@code factor}, for the
 * report).
 *
 * <p>Both sides of a pair run slower than in {@link AllocatorBench}, by 0–40% in the runs so far. Until
 * 2026-12-05 a ratio below 1 was carried over to solo speed, {@code 1 - (1 - paired) × factor}, on the
 * assumption that the pair adds the same time to every step of both sides (the two devices sharing the core's
 * caches). The measurements do not bear that out: the slowdown does not shrink with longer batches (1,024 to
 * 65,536 steps per side, {@code docs/PERFORMANCE.md}, "Two checks of the pair design"), so it is not the sides
 * evicting each other's data; where both sides' solo speeds were measured it was the same share of each step,
 * not the same time (the bitmap pair in the run of 6391f90: 2.4% and 2.1%); and the factor, a one-thread score
 * from separate forks over the pair's median, read 1.20–1.38 for buddy's lock pairs in one run and 1.00 in the
 * next with the same code, carrying the separate forks' luck that the pairs exist to remove into the goals.
 *
 * <p>Thread safety: immutable.
 *
 * @param pair the paired measurement
 * @param factor the measured build's throughput alone (same run, separate forks) over its median throughput in
 *     the pair; NaN when the run has no solo figure
 */
public record PairEstimate(MedianRatio pair, double factor) {

    /**
     * Returns the estimate.
     *
     * @param pair the paired measurement
     * @param soloMeasured the measured build's {@link AllocatorBench#oneThread} throughput, ops/µs, or NaN
     */
    public static PairEstimate of(final MedianRatio pair, final double soloMeasured) {
        return new PairEstimate(pair, soloMeasured / MedianRatio.median(pair.numerator()));
    }

    /** Returns the measured build's throughput over the baseline's: the median over forks. */
    public double ratio() {
        return pair.ratio();
    }

    /** Returns the lower end of the 95% interval. */
    public double low() {
        return pair.low();
    }

    /** Returns the upper end of the 95% interval. */
    public double high() {
        return pair.high();
    }
}

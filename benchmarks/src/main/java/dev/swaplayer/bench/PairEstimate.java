package dev.swaplayer.bench;

/**
 * A pair's ratio (the measured build's throughput over the baseline's, {@link PairBench}) carried over to the
 * speed the measured build reaches alone. In {@link PairBench} the two devices share the core's caches, so every
 * step of both sides is slower than in {@link AllocatorBench}; an equal time added to each step pulls the paired
 * ratio towards 1. A cost per step ({@code 1 - ratio} of the measured side's time: the locks', or a placement's)
 * is taken to be the same absolute time alone, where a step is {@code factor} times shorter, so alone it is
 * {@code factor} times the share: {@code solo = 1 - (1 - paired) * factor}. The factor is never below 1, and a
 * paired ratio above 1 (the measured side is the faster) is kept as it is, so the estimate never flatters.
 *
 * <p>Thread safety: immutable.
 *
 * @param pair the paired measurement
 * @param factor the measured build's throughput alone (same run) over its median throughput in the pair, at least
 *     1; 1 when the run has no solo figure
 */
public record PairEstimate(MedianRatio pair, double factor) {

    /**
     * Returns the estimate.
     *
     * @param pair the paired measurement
     * @param soloMeasured the measured build's {@link AllocatorBench#oneThread} throughput, ops/µs, or NaN
     */
    public static PairEstimate of(final MedianRatio pair, final double soloMeasured) {
        final double f = soloMeasured / MedianRatio.median(pair.numerator());
        return new PairEstimate(pair, Double.isNaN(f) ? 1 : Math.max(1, f));
    }

    /** Returns the measured build's throughput over the baseline's, alone. */
    public double ratio() {
        return solo(pair.ratio());
    }

    /** Returns the lower end of the 95% interval, alone. */
    public double low() {
        return solo(pair.low());
    }

    /** Returns the upper end of the 95% interval, alone. */
    public double high() {
        return solo(pair.high());
    }

    private double solo(final double paired) {
        return paired >= 1 ? paired : 1 - (1 - paired) * factor;
    }
}

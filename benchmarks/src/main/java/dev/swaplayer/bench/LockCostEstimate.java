package dev.swaplayer.bench;

/**
 * A locked/unlocked pair's ratio carried over to the speed the locked build reaches alone. In
 * {@link LockPairBench} the two devices share the core's caches, so every step of both sides is slower than
 * in {@link AllocatorBench}; an equal time added to each step pulls the paired ratio towards 1. The locks'
 * cost per step, {@code 1 - ratio} of the locked side's time, is taken to be the same absolute time alone,
 * where a step is {@code factor} times shorter, so alone it is {@code factor} times the share:
 * {@code solo = 1 - (1 - paired) * factor}. The factor is never below 1, so the estimate never flatters.
 *
 * <p>Thread safety: immutable.
 *
 * @param pair the paired measurement
 * @param factor the locked build's throughput alone (same run) over its median throughput in the pair, at least
 *     1; 1 when the run has no solo figure
 */
public record LockCostEstimate(MedianRatio pair, double factor) {

    /**
     * Returns the estimate.
     *
     * @param pair the paired measurement
     * @param soloLocked the locked build's {@link AllocatorBench#oneThread} throughput, ops/µs, or NaN
     */
    public static LockCostEstimate of(final MedianRatio pair, final double soloLocked) {
        final double f = soloLocked / MedianRatio.median(pair.numerator());
        return new LockCostEstimate(pair, Double.isNaN(f) ? 1 : Math.max(1, f));
    }

    /** Returns the locked build's throughput over the unlocked build's, alone. */
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
        return 1 - (1 - paired) * factor;
    }
}

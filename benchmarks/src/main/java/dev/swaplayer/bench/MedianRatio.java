package dev.swaplayer.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A ratio of two sides measured together in each fork, as the median of the per-fork ratios with a bootstrap
 * interval: the pairs of {@link PairBench} and {@link TwoThreadPairBench} (throughputs), {@code --against}, and the
 * whole simulations of {@link SimulatorPair} (times). Each fork measures both sides side by side and so gives one
 * ratio, free of the machine's drift but not of that JVM's JIT decisions, which move it by several percent. The
 * median over forks is robust to an unlucky fork, and the interval says how far it could move: the forks are
 * resampled with replacement, the median recomputed, and the 2.5th and 97.5th percentiles of those medians kept.
 *
 * <p>Thread safety: immutable.
 *
 * @param ratio the median over forks of the numerator side's figure over the denominator side's
 * @param low the lower end of the 95% percentile-bootstrap interval
 * @param high the upper end of that interval
 * @param numerator each fork's figure of the numerator side (the measured one), in the order measured
 * @param denominator the same fork's figure of the denominator side (the baseline)
 */
// The arrays are shared, not copied: equals and hashCode compare them by identity.
@SuppressWarnings("ArrayRecordComponent")
public record MedianRatio(double ratio, double low, double high, double[] numerator, double[] denominator) {
    /** Bootstrap resamples per interval. */
    static final int RESAMPLES = 10_000;
    /** The resampling seed: the same forks give the same interval. */
    static final long SEED = 20_261_126L;

    /**
     * Returns the median of the per-fork ratios and its interval.
     *
     * @param numerator per-fork throughputs of one build (at least one)
     * @param denominator the same forks' throughputs of the baseline build, index by index
     * @throws IllegalArgumentException when there are no forks or the two sides differ in length
     */
    public static MedianRatio ofPairs(final double[] numerator, final double[] denominator) {
        if (numerator.length == 0 || numerator.length != denominator.length) {
            throw new IllegalArgumentException("forks: " + numerator.length + " and " + denominator.length
                    + " (expected: the same number of forks on each side, at least one)");
        }
        final double[] ratios = new double[numerator.length];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = numerator[i] / denominator[i];
        }
        final SplittableRandom random = new SplittableRandom(SEED);
        final double[] medians = new double[RESAMPLES];
        final double[] sample = new double[ratios.length];
        for (int r = 0; r < RESAMPLES; r++) {
            for (int i = 0; i < sample.length; i++) {
                sample[i] = ratios[random.nextInt(ratios.length)];
            }
            medians[r] = median(sample);
        }
        Arrays.sort(medians);
        return new MedianRatio(median(ratios), medians[(int) (0.025 * (RESAMPLES - 1))],
                medians[(int) Math.ceil(0.975 * (RESAMPLES - 1))], numerator.clone(), denominator.clone());
    }

    /**
     * Returns their median: the middle one, or the mean of the two middle ones.
     *
     * @param xs values (sorted in place)
     */
    static double median(final double[] xs) {
        Arrays.sort(xs);
        final int m = xs.length / 2;
        return xs.length % 2 == 1 ? xs[m] : (xs[m - 1] + xs[m]) / 2;
    }

    /** Returns a copy of the numerator side's fork figures. */
    @Override
    public double[] numerator() {
        return numerator.clone();
    }

    /** Returns a copy of the denominator side's fork figures. */
    @Override
    public double[] denominator() {
        return denominator.clone();
    }

    /** Returns how many forks (pairs). */
    public int forks() {
        return numerator.length;
    }
}

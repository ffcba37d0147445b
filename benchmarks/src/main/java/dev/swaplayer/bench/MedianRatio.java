package dev.swaplayer.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The ratio of two builds' median fork scores, with a bootstrap interval: how the locks' cost is reported. One
 * JMH fork's score depends on that JVM's JIT decisions (two forks of one build differ by up to 1.9× at order
 * 0), so a mean over a few forks moves with one unlucky fork. The median of many forks does not, and the
 * interval says how far it could move: each build's forks are resampled with replacement, the medians'
 * ratio recomputed, and the 2.5th and 97.5th percentiles of those ratios kept.
 *
 * <p>Thread safety: immutable.
 *
 * @param ratio median of {@code numerator} over median of {@code denominator}
 * @param low the lower end of the 95% percentile-bootstrap interval
 * @param high the upper end of that interval
 * @param numerator the numerator's fork scores, in the order measured
 * @param denominator the denominator's fork scores, in the order measured
 */
public record MedianRatio(double ratio, double low, double high, double[] numerator, double[] denominator) {
    /** Bootstrap resamples per interval. */
    static final int RESAMPLES = 10_000;
    /** The resampling seed: the same forks give the same interval. */
    static final long SEED = 20_261_126L;

    /**
     * @param numerator fork scores of one build (at least one)
     * @param denominator fork scores of the baseline build (at least one)
     * @return their median ratio and its interval
     * @throws IllegalArgumentException when either side has no scores
     */
    public static MedianRatio of(final double[] numerator, final double[] denominator) {
        if (numerator.length == 0 || denominator.length == 0) {
            throw new IllegalArgumentException("forks: " + numerator.length + " and " + denominator.length
                    + " (expected: at least one score on each side)");
        }
        final SplittableRandom random = new SplittableRandom(SEED);
        final double[] ratios = new double[RESAMPLES];
        final double[] a = new double[numerator.length];
        final double[] b = new double[denominator.length];
        for (int i = 0; i < RESAMPLES; i++) {
            ratios[i] = median(resample(numerator, a, random)) / median(resample(denominator, b, random));
        }
        Arrays.sort(ratios);
        return new MedianRatio(median(numerator.clone()) / median(denominator.clone()),
                ratios[(int) (0.025 * (RESAMPLES - 1))], ratios[(int) Math.ceil(0.975 * (RESAMPLES - 1))],
                numerator.clone(), denominator.clone());
    }

    private static double[] resample(final double[] from, final double[] into, final SplittableRandom random) {
        for (int i = 0; i < into.length; i++) {
            into[i] = from[random.nextInt(from.length)];
        }
        return into;
    }

    /**
     * @param xs scores (sorted in place)
     * @return their median: the middle one, or the mean of the two middle ones
     */
    static double median(final double[] xs) {
        Arrays.sort(xs);
        final int m = xs.length / 2;
        return xs.length % 2 == 1 ? xs[m] : (xs[m - 1] + xs[m]) / 2;
    }

    /** @return a copy of the numerator's fork scores */
    @Override
    public double[] numerator() {
        return numerator.clone();
    }

    /** @return a copy of the denominator's fork scores */
    @Override
    public double[] denominator() {
        return denominator.clone();
    }
}

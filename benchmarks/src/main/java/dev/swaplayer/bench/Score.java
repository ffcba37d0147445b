package dev.swaplayer.bench;

/**
 * One JMH result: the mean throughput of a benchmark and its 99.9% confidence half-width.
 *
 * <p>Thread safety: immutable.
 *
 * @param score the mean
 * @param error the half-width of the confidence interval; NaN when JMH had too few samples
 * @param unit JMH's unit, e.g. {@code ops/us}
 */
public record Score(double score, double error, String unit) {

    /**
     * Returns this score over the baseline's.
     *
     * @param other the baseline
     */
    public double over(final Score other) {
        return score / other.score;
    }
}

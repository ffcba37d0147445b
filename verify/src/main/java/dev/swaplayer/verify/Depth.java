package dev.swaplayer.verify;

/**
 * How deep {@code ./swaplayer verify} looks: {@code --quick} for CI gates, {@code --full} for a release.
 *
 * <p>Thread safety: immutable.
 *
 * @param label the option's name
 * @param tries stateful property sequences per geometry
 * @param steps the longest sequence
 * @param exhaustiveDepth the longest sequence the exhaustive check enumerates
 * @param stressOps operations of the multi-thread stress run
 * @param histories concurrent histories checked for linearizability
 * @param swapSeeds swap-path scenarios, each replayed with a fault at every I/O position
 * @param swapSteps operations per swap-path scenario
 * @param fragmentationIterations iterations of thp-swap-test per mode
 * @param secondsPerCheck the time one check may take before it counts as hung
 */
public record Depth(String label, int tries, int steps, int exhaustiveDepth, long stressOps, int histories,
        int swapSeeds, int swapSteps, int fragmentationIterations, int secondsPerCheck) {

    /** About a minute in all on a 2-core machine: for CI gates. */
    public static final Depth QUICK = new Depth("quick", 40, 300, 4, 1_000_000, 2_000, 6, 30, 20, 300);
    /**
     * Ten times the sequences of {@link #QUICK}, twice as long, one step deeper, five times the stress operations and
     * ten times the histories, and one swap count taken to its limit ({@link #countToTheLimit}): about 8 minutes per
     * built-in policy on a 2-core machine.
     */
    public static final Depth FULL = new Depth("full", 400, 600, 5, 5_000_000, 20_000, 24, 60, 100, 3_600);

    /**
     * Whether the properties check takes one slot's swap count to its limit, 2^31 - 1, and one {@code dup} past
     * it: about 2^31 calls, 10 to 30 s, so {@code --full} only.
     */
    public boolean countToTheLimit() {
        return label.equals(FULL.label);
    }
}

package dev.swaplayer.swap.scenario;

import dev.swaplayer.spec.Checks;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

/**
 * Which runs a {@link NoDataLoss} check makes: for each seed {@code firstSeed .. firstSeed + seeds - 1}, a clean
 * run of {@code steps} actions, then one replay per I/O position of every area with that I/O failing (when
 * {@link Fault#FAIL_IO} is asked for), then one replay per read position of every area with that read corrupt
 * (when {@link Fault#CORRUPT_READ} is asked for, in the seeds whose checksums are on; see {@link Integrity}).
 *
 * <p>Thread safety: immutable.
 *
 * @param firstSeed the first seed
 * @param seeds how many consecutive seeds, at least 1
 * @param steps actions per run, at least 1
 * @param fileDir a directory where area 0 of the seeds {@code seed % 4 == 1} is a swap file (4 KiB pages,
 *     created once and reopened by every run), or null for RAM devices only (512-byte pages)
 * @param integrity which seeds keep and check a CRC32C per page
 * @param faults the kinds of fault to replay at every position; empty for clean runs only
 */
public record Plan(long firstSeed, int seeds, int steps, Path fileDir, Integrity integrity, Set<Fault> faults) {

    /** Which seeds run with checksums ({@code SwapSpace.Builder#integrity}). */
    public enum Integrity {
        /** No seed: a corrupt read then comes back as wrong bytes, which BYTES must catch (the planted defect). */
        OFF,
        /** Every seed. */
        ON,
        /** The even seeds; corrupt reads are replayed in those only. */
        EVEN_SEEDS
    }

    /**
     * @throws IllegalArgumentException for fewer than one seed or step, or a null integrity or fault set
     */
    public Plan {
        Checks.checkInRange("seeds", seeds, 1, Integer.MAX_VALUE);
        Checks.checkInRange("steps", steps, 1, Integer.MAX_VALUE);
        if (integrity == null) {
            throw Checks.badArgument("integrity", null, "one of OFF, ON, EVEN_SEEDS");
        }
        if (faults == null) {
            throw Checks.badArgument("faults", null, "a set of Fault, possibly empty");
        }
        faults = faults.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(faults));
    }

    /**
     * The full check: seeds 1..{@code seeds}, checksums on the even ones, both kinds of fault.
     *
     * @param seeds how many seeds
     * @param steps actions per run
     * @param fileDir where to put the swap files, or null for RAM devices only
     * @return the plan
     */
    public static Plan of(final int seeds, final int steps, final Path fileDir) {
        return new Plan(1, seeds, steps, fileDir, Integrity.EVEN_SEEDS, EnumSet.allOf(Fault.class));
    }

    /**
     * Returns this plan over other seeds.
     *
     * @param first the first seed
     * @param count how many seeds
     */
    public Plan withSeeds(final long first, final int count) {
        return new Plan(first, count, steps, fileDir, integrity, faults);
    }

    /**
     * Returns this plan with that integrity.
     *
     * @param value which seeds run with checksums
     */
    public Plan withIntegrity(final Integrity value) {
        return new Plan(firstSeed, seeds, steps, fileDir, value, faults);
    }

    /**
     * Returns this plan with those faults.
     *
     * @param value the kinds of fault to replay; empty for clean runs only
     */
    public Plan withFaults(final Set<Fault> value) {
        return new Plan(firstSeed, seeds, steps, fileDir, integrity, value);
    }

    /**
     * Returns whether its runs keep and check checksums.
     *
     * @param seed a seed of the plan
     */
    public boolean integrity(final long seed) {
        return integrity == Integrity.ON || (integrity == Integrity.EVEN_SEEDS && seed % 2 == 0);
    }

    /**
     * Returns whether its area 0 is a swap file.
     *
     * @param seed a seed of the plan
     */
    public boolean fileBacked(final long seed) {
        return fileDir != null && Math.floorMod(seed, 4) == 1;
    }

    /**
     * Returns whether its corrupt reads are replayed: asked for, and checksums on (or off for every seed, the planted
     * defect).
     *
     * @param seed a seed of the plan
     */
    boolean corruptReads(final long seed) {
        return faults.contains(Fault.CORRUPT_READ) && (integrity(seed) || integrity == Integrity.OFF);
    }
}

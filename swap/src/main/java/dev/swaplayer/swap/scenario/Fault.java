package dev.swaplayer.swap.scenario;

/**
 * The kind of the one fault a replay injects into one area's device ({@code dev.swaplayer.device.FaultPlan}).
 *
 * <p>Thread safety: immutable.
 */
public enum Fault {
    /** The k-th I/O attempt (read or write) of the device throws an {@code IOException}. */
    FAIL_IO,
    /** The k-th read of the device succeeds with one bit flipped in a page drawn from the seed. */
    CORRUPT_READ
}

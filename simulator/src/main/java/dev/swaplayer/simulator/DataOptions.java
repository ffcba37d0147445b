package dev.swaplayer.simulator;

import dev.swaplayer.device.Algorithm;
import dev.swaplayer.device.UserInput;
import java.util.Arrays;
import java.util.Locale;

/**
 * Whether and how a run carries page contents through a real swap device (data mode).
 *
 * <p>Thread safety: immutable.
 *
 * @param device where the bytes go; {@link Device#NONE} is allocation only
 * @param algorithm the compressor of {@link Device#ZRAM}
 * @param verify whether every page read back is compared with what was written
 * @param corruptWrite flip one byte of the n-th page written (1-based), to show that verification catches it;
 *     0 for none
 */
public record DataOptions(Device device, Algorithm algorithm, boolean verify, long corruptWrite) {
    /** Allocation only: no device, no bytes. */
    public static final DataOptions NONE = new DataOptions(Device.NONE, Algorithm.LZ4, false, 0);

    /** Where page contents go. */
    public enum Device {
        /** No bytes: allocation only. */
        NONE,
        /** A Linux swap file ({@code FileSwapDevice}) in a temporary file of the workload's swap size. */
        FILE,
        /** A zram-like compressed RAM device ({@code CompressedRamDevice}), 4 KiB units. */
        ZRAM;

        /** Returns the command-line spelling. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /**
         * Returns the device kind.
         *
         * @param s none, file or zram
         * @throws IllegalArgumentException for anything else
         */
        public static Device parse(final String s) {
            for (final Device d : values()) {
                if (d.label().equals(s)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("--device: " + UserInput.show(s) + " (expected: none, file or zram)");
        }
    }

    /** Validates the combination. */
    public DataOptions {
        if (device == null || algorithm == null) {
            throw new IllegalArgumentException("device, algorithm: null (expected: set)");
        }
        if (device == Device.NONE && (verify || corruptWrite != 0)) {
            throw new IllegalArgumentException((verify ? "--verify-data" : "--corrupt-write")
                    + ": without a device (expected: with --device file or zram)");
        }
        if (corruptWrite < 0) {
            throw new IllegalArgumentException("--corrupt-write: " + corruptWrite + " (expected: >= 1, a page write)");
        }
    }

    /**
     * Returns the options.
     *
     * @param device none, file or zram
     * @param algo the zram compressor's kernel name (lz4, zstd, deflate), or null for lz4
     * @param verify whether to check every byte read back
     * @param corruptWrite the page write to corrupt, or 0
     * @throws IllegalArgumentException for a bad value or combination, with the option's name
     */
    public static DataOptions of(final String device, final String algo, final boolean verify,
            final long corruptWrite) {
        final Device d = Device.parse(device);
        Algorithm a = Algorithm.LZ4;
        if (algo != null) {
            if (d != Device.ZRAM) {
                throw new IllegalArgumentException("--algo: " + UserInput.show(algo)
                        + " (expected: only with --device zram)");
            }
            a = Arrays.stream(Algorithm.values()).filter(x -> x.kernelName().equals(algo)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--algo: " + UserInput.show(algo)
                            + " (expected: one of "
                            + String.join(", ", Arrays.stream(Algorithm.values()).map(Algorithm::kernelName)
                                    .toList()) + ")"));
        }
        return new DataOptions(d, a, verify, corruptWrite);
    }

    /** Returns whether bytes move at all. */
    public boolean enabled() {
        return device != Device.NONE;
    }
}

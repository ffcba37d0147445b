package dev.swaplayer.properties.engine;

import java.security.SecureRandom;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** Immutable helpers (static only) reading the engine's system properties and deriving seeds. */
final class Settings {

    static final String SEED = "swaplayer.seed";
    static final String TRIES = "swaplayer.tries";

    private static final SecureRandom SEEDS = new SecureRandom();

    private Settings() {
    }

    /** The seed forced by {@code -Dswaplayer.seed}, if set and non-empty. */
    static OptionalLong seedOverride() {
        String text = property(SEED);
        if (text == null) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(text.endsWith("L") ? text.substring(0, text.length() - 1) : text));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + SEED + "=" + text + " is not a long", e);
        }
    }

    /** The number of tries forced by {@code -Dswaplayer.tries}, if set and non-empty. */
    static OptionalInt triesOverride() {
        String text = property(TRIES);
        if (text == null) {
            return OptionalInt.empty();
        }
        try {
            int tries = Integer.parseInt(text);
            if (tries < 0) {
                throw new IllegalArgumentException("-D" + TRIES + "=" + text + " is negative");
            }
            return OptionalInt.of(tries);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + TRIES + "=" + text + " is not an int", e);
        }
    }

    static int tries(final int configured) {
        return triesOverride().orElse(configured);
    }

    static long freshSeed() {
        synchronized (SEEDS) {
            return SEEDS.nextLong();
        }
    }

    /** The seed of try {@code index} of a run with {@code seed}: a SplitMix64 mix of both. */
    static long trySeed(final long seed, final int index) {
        long z = seed + (index + 1L) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static void requireNonNegative(final int value, final String what) {
        if (value < 0) {
            throw new IllegalArgumentException(what + " must be non-negative: " + value);
        }
    }

    private static String property(final String key) {
        String value = System.getProperty(key);
        return value == null || value.isBlank() ? null : value.trim();
    }
}

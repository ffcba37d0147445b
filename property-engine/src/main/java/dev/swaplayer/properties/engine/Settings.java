package dev.swaplayer.properties.engine;

import java.security.SecureRandom;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Immutable helpers (static only) reading the engine's system properties and deriving seeds.
 *
 * <p>Thread safety: stateless; reads system properties on each call.
 */
final class Settings {

    static final String SEED = "swaplayer.seed";
    static final String TRIES = "swaplayer.tries";
    /** A cap on every property's tries, whatever it asks for or the override says (the mutation gate's budget). */
    static final String MAX_TRIES = "swaplayer.maxTries";

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
        return nonNegativeInt(TRIES);
    }

    /** The cap on tries set by {@code -Dswaplayer.maxTries}, if set and non-empty. */
    static OptionalInt maxTries() {
        return nonNegativeInt(MAX_TRIES);
    }

    /** The tries a property runs: the override if set, else its own; at most the cap if one is set. */
    static int tries(final int configured) {
        return Math.min(triesOverride().orElse(configured), maxTries().orElse(Integer.MAX_VALUE));
    }

    private static OptionalInt nonNegativeInt(final String key) {
        String text = property(key);
        if (text == null) {
            return OptionalInt.empty();
        }
        try {
            int value = Integer.parseInt(text);
            if (value < 0) {
                throw new IllegalArgumentException("-D" + key + "=" + text + " is negative");
            }
            return OptionalInt.of(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-D" + key + "=" + text + " is not an int", e);
        }
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

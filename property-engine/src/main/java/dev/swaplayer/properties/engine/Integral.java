package dev.swaplayer.properties.engine;

import java.util.Arrays;

/**
 * Immutable mapping between a range of longs and raw choices such that raw 0 is the simplest
 * value: the minimum, or 0 when the range contains 0 (then 1, -1, 2, -2, ... in that order).
 *
 * <p>Thread safety: immutable.
 */
final class Integral {

    private final long min;
    private final long max;
    private final long span;
    private final boolean zigzag;
    private final long shorterSide;
    private final boolean positiveLonger;
    private final long[] specials;

    Integral(final long min, final long max) {
        if (min > max) {
            throw new IllegalArgumentException("empty range [" + min + ", " + max + "]");
        }
        this.min = min;
        this.max = max;
        this.span = max - min;
        this.zigzag = min < 0 && max >= 0;
        long negativeSide = -min; // unsigned: 2^63 for Long.MIN_VALUE
        this.positiveLonger = Long.compareUnsigned(max, negativeSide) > 0;
        this.shorterSide = positiveLonger ? negativeSide : max;
        this.specials = specialsOf(min, max);
    }

    /** Draws a value, biased toward the range's edges and small values. */
    long draw(final Source source) {
        return fromRaw(source.drawBiased(span, specials));
    }

    long fromRaw(final long raw) {
        if (!zigzag) {
            return min + raw;
        }
        long twiceShorter = shorterSide << 1; // fits unsigned: shorterSide <= 2^63 - 1
        if (Long.compareUnsigned(raw, twiceShorter) <= 0) {
            if (raw == 0) {
                return 0;
            }
            return (raw & 1) == 1 ? (raw >>> 1) + 1 : -(raw >>> 1);
        }
        long magnitude = raw - shorterSide;
        return positiveLonger ? magnitude : -magnitude;
    }

    long toRaw(final long value) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(value + " outside [" + min + ", " + max + "]");
        }
        if (!zigzag) {
            return value - min;
        }
        if (value == 0) {
            return 0;
        }
        long magnitude = value > 0 ? value : -value; // unsigned for Long.MIN_VALUE
        if (Long.compareUnsigned(magnitude, shorterSide) <= 0) {
            return value > 0 ? 2 * magnitude - 1 : 2 * magnitude;
        }
        return magnitude + shorterSide;
    }

    private long[] specialsOf(final long lo, final long hi) {
        long[] candidates = {lo, hi, 0, 1, -1, lo + 1, hi - 1};
        long[] raws = new long[candidates.length];
        int n = 0;
        for (long candidate : candidates) {
            if (candidate >= lo && candidate <= hi) {
                raws[n++] = toRaw(candidate);
            }
        }
        return Arrays.stream(raws, 0, n).distinct().toArray();
    }
}

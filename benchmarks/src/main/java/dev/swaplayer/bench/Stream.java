package dev.swaplayer.bench;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The order streams of the allocator benchmarks.
 *
 * <p>Thread safety: immutable.
 */
public enum Stream {
    /** Every allocation is one slot (a 4 KiB page). */
    ORDER0,
    /** Every allocation is 16 slots (a 64 KiB mTHP folio). */
    ORDER4,
    /** Seeded mix by allocation count: half order 0, a quarter order 2 (16 KiB), a quarter order 4 (64 KiB). */
    MIXED;

    /** Returns the name used in parameters, tables and JSON keys. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Returns the stream.
     *
     * @param key a name as {@link #key()} prints it
     * @throws IllegalArgumentException for an unknown name
     */
    public static Stream of(final String key) {
        for (final Stream s : values()) {
            if (s.key().equals(key)) {
                return s;
            }
        }
        throw new IllegalArgumentException("stream: " + key + " (expected: order0, order4, mixed)");
    }

    /**
     * Returns the order of the next allocation.
     *
     * @param random the seeded source
     */
    public int nextOrder(final SplittableRandom random) {
        return switch (this) {
            case ORDER0 -> 0;
            case ORDER4 -> 4;
            case MIXED -> {
                final int r = random.nextInt(4);
                yield r < 2 ? 0 : r == 2 ? 2 : 4;
            }
        };
    }
}

package dev.swaplayer.properties.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Not thread-safe; one source serves one test case on one thread.
 *
 * <p>The stream of random decisions generators draw from. Every choice is recorded as a raw
 * value, its offset from the choice's minimum (0 is the simplest), so that the engine can
 * replay a test case and shrink it by editing the recorded choices. A source is either random
 * (seeded) or replays a recorded sequence; past the end of a replayed sequence every choice is
 * its minimum.
 */
public final class Source {

    /** A test case drawing more choices than this is abandoned as runaway generation. */
    static final int MAX_CHOICES = 1 << 20;

    private static final int SMALL = 16;

    private final SplittableRandom random;
    private final long[] prefix;
    private long[] raws = new long[32];
    private long[] spans = new long[32];
    private int size;
    private final List<ListRecorder> lists = new ArrayList<>();

    private Source(final SplittableRandom random, final long[] prefix) {
        this.random = random;
        this.prefix = prefix;
    }

    /**
     * Returns a random source; the same seed yields the same choices. Useful to sample a
     * generator outside a property, e.g. {@code gen.generate(Source.random(42))}.
     *
     * @param seed the seed
     * @return a fresh random source
     */
    public static Source random(final long seed) {
        return new Source(new SplittableRandom(seed), null);
    }

    /** Returns a source replaying the given raw choices, then minimums. */
    static Source replay(final long[] raws) {
        return new Source(null, raws.clone());
    }

    /**
     * Draws a value uniformly from {@code [minInclusive, maxInclusive]}; shrinks toward
     * {@code minInclusive}.
     *
     * @param minInclusive the smallest possible value
     * @param maxInclusive the largest possible value
     * @return the chosen value
     * @throws IllegalArgumentException if {@code minInclusive > maxInclusive}
     */
    public long choose(final long minInclusive, final long maxInclusive) {
        if (minInclusive > maxInclusive) {
            throw new IllegalArgumentException("empty range [" + minInclusive + ", " + maxInclusive + "]");
        }
        return minInclusive + drawUniform(maxInclusive - minInclusive);
    }

    /** Draws a raw value uniformly from {@code [0, span]} (span unsigned). */
    long drawUniform(final long span) {
        return record(span, random == null ? 0 : uniform(span));
    }

    /**
     * Draws a raw value from {@code [0, span]} (span unsigned) biased toward edge cases: one
     * draw in eight is one of {@code specials}, one in eight is small, the rest are uniform.
     */
    long drawBiased(final long span, final long... specials) {
        if (random == null) {
            return record(span, 0);
        }
        int roll = random.nextInt(8);
        long raw;
        if (roll == 0 && specials.length > 0) {
            raw = specials[random.nextInt(specials.length)];
        } else if (roll == 1) {
            raw = uniform(Long.compareUnsigned(span, SMALL) < 0 ? span : SMALL);
        } else {
            raw = uniform(span);
        }
        return record(span, Long.compareUnsigned(raw, span) > 0 ? span : raw);
    }

    /** Draws an index into {@code weights} with probability proportional to its weight. */
    int drawWeighted(final int[] weights, final long total) {
        if (random == null) {
            return (int) record(weights.length - 1, 0);
        }
        long r = random.nextLong(total);
        int index = 0;
        while (r >= weights[index]) {
            r -= weights[index];
            index++;
        }
        return (int) record(weights.length - 1, index);
    }

    /** Returns the number of choices drawn so far, i.e. the index of the next choice. */
    int position() {
        return size;
    }

    /**
     * Declares that the choice at {@code lengthIndex} is the length of a collection whose
     * elements are drawn next; the returned recorder takes the element spans.
     */
    ListRecorder openList(final int lengthIndex) {
        ListRecorder recorder = new ListRecorder(lengthIndex);
        lists.add(recorder);
        return recorder;
    }

    /** Returns an immutable snapshot of the choices drawn so far. */
    Recording recording() {
        List<Recording.ListSpan> spansOfLists = new ArrayList<>(lists.size());
        for (ListRecorder list : lists) {
            spansOfLists.add(list.snapshot());
        }
        return new Recording(Arrays.copyOf(raws, size), Arrays.copyOf(spans, size), spansOfLists);
    }

    private long record(final long span, final long randomRaw) {
        if (size >= MAX_CHOICES) {
            throw new GenerationException("a test case drew more than " + MAX_CHOICES + " choices");
        }
        long raw = randomRaw;
        if (random == null) {
            raw = size < prefix.length ? prefix[size] : 0;
            if (Long.compareUnsigned(raw, span) > 0) {
                raw = span;
            }
        }
        if (size == raws.length) {
            raws = Arrays.copyOf(raws, size * 2);
            spans = Arrays.copyOf(spans, size * 2);
        }
        raws[size] = raw;
        spans[size] = span;
        size++;
        return raw;
    }

    private long uniform(final long span) {
        if (span == -1L) {
            return random.nextLong();
        }
        if (span == Long.MAX_VALUE) {
            return random.nextLong() & Long.MAX_VALUE;
        }
        if (span >= 0) {
            return random.nextLong(span + 1);
        }
        long r;
        do {
            r = random.nextLong();
        } while (Long.compareUnsigned(r, span) > 0);
        return r;
    }

    /** Not thread-safe; collects the element spans of one collection while it is generated. */
    static final class ListRecorder {
        private final int lengthIndex;
        private int[] starts = new int[8];
        private int[] ends = new int[8];
        private boolean[] counted = new boolean[8];
        private int count;

        private ListRecorder(final int lengthIndex) {
            this.lengthIndex = lengthIndex;
        }

        /**
         * Records that choices {@code [start, end)} form one element; {@code countsTowardLength}
         * says whether the element counts toward the length choice (skipped actions do not).
         */
        void element(final int start, final int end, final boolean countsTowardLength) {
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
                ends = Arrays.copyOf(ends, count * 2);
                counted = Arrays.copyOf(counted, count * 2);
            }
            starts[count] = start;
            ends[count] = end;
            counted[count] = countsTowardLength;
            count++;
        }

        private Recording.ListSpan snapshot() {
            return new Recording.ListSpan(lengthIndex, Arrays.copyOf(starts, count),
                    Arrays.copyOf(ends, count), Arrays.copyOf(counted, count));
        }
    }
}

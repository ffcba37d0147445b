package dev.swaplayer.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The steady state the allocator benchmarks measure: a device about half full with a seeded, fragmented
 * pattern, on which each step frees one live allocation and allocates one of the same order again, so the
 * slot count stays put however long the benchmark runs.
 *
 * <p>Thread safety: the live set is shared, but a step touches only its own index; threads given disjoint
 * index sets ({@link #victims}) need no lock here (the allocator must then be thread-safe itself).
 *
 * <p>Setup ({@link #prepare}): allocate from the stream up to 3/4 of the usable slots, then free seeded random
 * allocations down to 1/2, which leaves holes of every order spread over the device. A step whose allocation
 * fails stores {@link BenchAllocator#NONE}, and that index only allocates the next time it is chosen.
 */
public final class Churn {
    private final BenchAllocator allocator;
    private final long[] handles;
    private final byte[] orders;

    private Churn(final BenchAllocator allocator, final long[] handles, final byte[] orders) {
        this.allocator = allocator;
        this.handles = handles;
        this.orders = orders;
    }

    /**
     * Returns the live set, about half the usable slots.
     *
     * @param allocator an allocator of an empty device
     * @param usableSlots its usable slots
     * @param stream the orders to allocate
     * @param seed the seed of the orders and of the frees
     */
    public static Churn prepare(final BenchAllocator allocator, final long usableSlots, final Stream stream,
            final long seed) {
        final SplittableRandom random = new SplittableRandom(seed);
        final int cap = (int) Math.min(Integer.MAX_VALUE - 8, usableSlots);
        long[] handles = new long[cap];
        byte[] orders = new byte[cap];
        int live = 0;
        long used = 0;
        while (used < usableSlots * 3 / 4) {
            final int order = stream.nextOrder(random);
            final long h = allocator.allocate(order);
            if (h == BenchAllocator.NONE) {
                break;
            }
            handles[live] = h;
            orders[live++] = (byte) order;
            used += 1L << order;
        }
        while (used > usableSlots / 2 && live > 0) {
            final int i = random.nextInt(live);
            allocator.free(handles[i], orders[i]);
            used -= 1L << orders[i];
            live--;
            handles[i] = handles[live];
            orders[i] = orders[live];
        }
        final long[] h = Arrays.copyOf(handles, live);
        final byte[] o = Arrays.copyOf(orders, live);
        return new Churn(allocator, h, o);
    }

    /** Returns how many allocations are live (or waiting to be re-allocated). */
    public int size() {
        return handles.length;
    }

    /** Returns the allocator. */
    public BenchAllocator allocator() {
        return allocator;
    }

    /**
     * A seeded sequence of indexes of one thread's share: those congruent to {@code thread} mod
     * {@code threads}.
     *
     * @param thread the thread's index
     * @param threads how many threads share the live set
     * @param length the sequence length, a power of two
     * @param seed the seed
     * @return the indexes
     */
    public int[] victims(final int thread, final int threads, final int length, final long seed) {
        final int share = (handles.length - thread + threads - 1) / threads;
        if (share <= 0 || Integer.bitCount(length) != 1) {
            throw new IllegalArgumentException("live set: " + handles.length + " allocations for " + threads
                    + " threads, sequence " + length + " (expected: one allocation per thread, a power of two)");
        }
        final SplittableRandom random = new SplittableRandom(seed * 31 + thread);
        final int[] v = new int[length];
        for (int k = 0; k < length; k++) {
            v[k] = thread + threads * random.nextInt(share);
        }
        return v;
    }

    /**
     * Frees the allocation at index i (if it is live) and allocates one of the same order in its place.
     *
     * @param i an index of the caller's share
     * @return the new handle, {@link BenchAllocator#NONE} when nothing fitted
     */
    public long step(final int i) {
        final long h = handles[i];
        final int order = orders[i];
        if (h != BenchAllocator.NONE) {
            allocator.free(h, order);
        }
        final long n = allocator.allocate(order);
        handles[i] = n;
        return n;
    }
}

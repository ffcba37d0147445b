package dev.swaplayer.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A growable set of live allocations (handle and order) on one allocator, filled and churned with a seeded
 * mixed-order stream: the device states the memory measurement sizes.
 *
 * <p>Thread safety: not thread-safe.
 *
 * <p>{@link #fillTo} allocates from the stream until the target share of the usable slots is in use; when an
 * order does not fit it falls back to order 0, and stops when order 0 does not fit either (the device is
 * full). {@link #churn} frees random live allocations and refills, which spreads holes of every order over
 * the filled part, as a running system does.
 */
final class LiveSet {
    private final BenchAllocator allocator;
    private final long usable;
    private final SplittableRandom random;
    private long[] handles = new long[1024];
    private byte[] orders = new byte[1024];
    private int live;
    private long used;

    LiveSet(final BenchAllocator allocator, final long usable, final long seed) {
        this.allocator = allocator;
        this.usable = usable;
        this.random = new SplittableRandom(seed);
    }

    /** Returns slots in use by this set. */
    long used() {
        return used;
    }

    /**
     * Returns slots in use afterwards.
     *
     * @param share the target share of the usable slots, 0..1
     */
    long fillTo(final double share) {
        final long target = (long) Math.ceil(share * usable);
        while (used < target) {
            if (!add(Stream.MIXED.nextOrder(random))) {
                break;
            }
        }
        return used;
    }

    private boolean add(final int order) {
        long h = allocator.allocate(order);
        int o = order;
        if (h == BenchAllocator.NONE && order > 0) {
            h = allocator.allocate(0);
            o = 0;
        }
        if (h == BenchAllocator.NONE) {
            return false;
        }
        if (live == handles.length) {
            handles = Arrays.copyOf(handles, live * 2);
            orders = Arrays.copyOf(orders, live * 2);
        }
        handles[live] = h;
        orders[live++] = (byte) o;
        used += 1L << o;
        return true;
    }

    /**
     * Frees {@code count} random live allocations, then refills to the share in use before.
     *
     * @param count how many to free
     */
    void churn(final int count) {
        final double share = (double) used / usable;
        for (int k = 0; k < count && live > 0; k++) {
            final int i = random.nextInt(live);
            allocator.free(handles[i], orders[i]);
            used -= 1L << orders[i];
            live--;
            handles[i] = handles[live];
            orders[i] = orders[live];
        }
        fillTo(share);
    }

    /** Returns live allocations. */
    int size() {
        return live;
    }
}

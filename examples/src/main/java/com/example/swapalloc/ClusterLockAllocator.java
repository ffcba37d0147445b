package com.example.swapalloc;

import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Fragmentation;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.SwapResult;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A thread-safe swap-slot allocator with swap counts, written as a user would: one lock per cluster, which
 * guards the cluster's slot states, swap counts, swap-cache pins and free count, an atomic used-slot counter and
 * an atomic hint, the lowest cluster that may hold a free slot. An allocation takes the lowest aligned free run
 * at or above the hint, one cluster at a time; a free takes the locks of the clusters its run covers, in
 * ascending order. Built with a {@link Race} other than {@link Race#NONE}, one line of it runs outside its lock:
 * the planted defect.
 *
 * <p>Thread safety: thread-safe with {@link Race#NONE}; with any other race, not (the defect).
 */
public class ClusterLockAllocator implements SlotAllocator, SwapCounts {
    private static final byte FREE = 0;
    private static final byte IN_USE = 1;
    private static final byte RESERVED = 2;

    private final int type;
    private final Geometry geometry;
    private final Race race;
    /** Built in the constructor, or on first use with {@link Race#LAZY_CLUSTER}. */
    private final Cluster[] clusters;
    /** Every cluster below the hint has no free slot. Lowered under the freeing cluster's lock. */
    private final AtomicInteger hint = new AtomicInteger();
    private final AtomicLong used = new AtomicLong();
    /** The used counter of {@link Race#PLAIN_USED_COUNTER}. */
    private long usedPlain;

    /**
     * @param type the device type
     * @param geometry the device
     * @param race the planted race, or {@link Race#NONE}
     */
    public ClusterLockAllocator(final int type, final Geometry geometry, final Race race) {
        this.type = type;
        this.geometry = geometry;
        this.race = race;
        this.clusters = new Cluster[geometry.clusterCount()];
        if (race != Race.LAZY_CLUSTER) {
            for (int c = 0; c < clusters.length; c++) {
                clusters[c] = new Cluster(c, geometry);
            }
        }
    }

    /** One cluster's slots; every field but the final ones is guarded by {@link #lock}. */
    private static final class Cluster {
        final ReentrantLock lock = new ReentrantLock();
        final int index;
        final int base;
        final int size;
        final byte[] state;
        final boolean[] cached;
        final int[] count;
        int free;

        Cluster(final int index, final Geometry g) {
            this.index = index;
            this.base = index * g.clusterSlots();
            this.size = (int) Math.min(g.clusterSlots(), g.totalSlots() - base);
            this.state = new byte[size];
            this.cached = new boolean[size];
            this.count = new int[size];
            for (int i = 0; i < size; i++) {
                if (g.isReserved(base + i)) {
                    state[i] = RESERVED;
                } else {
                    free++;
                }
            }
        }

        /** The lowest free run of n slots at a multiple of step, or -1. */
        int findRun(final int n, final int step) {
            for (int off = 0; off + n <= size; off += step) {
                int i = off;
                while (i < off + n && state[i] == FREE) {
                    i++;
                }
                if (i == off + n) {
                    return off;
                }
            }
            return -1;
        }

        IllegalStateException notInUse(final int off) {
            return new IllegalStateException("slot " + (base + off) + ": " + (state[off] == RESERVED ? "reserved"
                    : "free") + " (expected: in use)");
        }
    }

    private Cluster cluster(final int c) {
        Cluster cl = clusters[c];
        if (cl == null) { // only with Race.LAZY_CLUSTER
            cl = new Cluster(c, geometry);
            clusters[c] = cl;
        }
        return cl;
    }

    private Cluster clusterOfSlot(final int slot) {
        return cluster(geometry.clusterOf(slot));
    }

    @Override
    public int type() {
        return type;
    }

    @Override
    public Geometry geometry() {
        return geometry;
    }

    @Override
    public long allocate(final int order) {
        geometry.checkOrder(order);
        final int n = 1 << geometry.effectiveOrder(order);
        final int step = geometry.aligned() ? n : 1 << geometry.minOrder();
        for (int c = hint.get(); c < clusters.length; c++) {
            final Cluster cl = cluster(c);
            final int scannedEarly = race == Race.SCAN_EARLY ? cl.findRun(n, step) : -1;
            final boolean full;
            cl.lock.lock();
            try {
                full = cl.free == 0;
                if (full && race != Race.HINT_AFTER_UNLOCK) {
                    hint.compareAndSet(c, c + 1);
                }
                final int off = cl.free < n ? -1 : race == Race.SCAN_EARLY ? scannedEarly : cl.findRun(n, step);
                if (off >= 0) {
                    take(cl, off, n);
                    return SwapEntry.of(type, cl.base + off);
                }
            } finally {
                cl.lock.unlock();
            }
            if (full && race == Race.HINT_AFTER_UNLOCK) {
                hint.compareAndSet(c, c + 1);
            }
        }
        return NONE;
    }

    /** Takes a run: in use, count 0, pinned by the swap cache (the specification's fresh allocation). */
    private void take(final Cluster cl, final int off, final int n) {
        for (int i = off; i < off + n; i++) {
            cl.state[i] = IN_USE;
            cl.count[i] = 0;
            cl.cached[i] = true;
        }
        cl.free -= n;
        addUsed(n);
    }

    /** Frees part of a run in one cluster, whose lock the caller holds; the free count is the caller's. */
    private void clear(final Cluster cl, final int off, final int n) {
        for (int i = off; i < off + n; i++) {
            cl.state[i] = FREE;
            cl.count[i] = 0;
            cl.cached[i] = false;
        }
        addUsed(-n);
        hint.accumulateAndGet(cl.index, Math::min);
    }

    /** The last reference of one slot is gone (a put or a cacheDel): back to free. The caller holds the lock. */
    private void release(final Cluster cl, final int off) {
        clear(cl, off, 1);
        cl.free++;
    }

    private void addUsed(final long n) {
        if (race == Race.PLAIN_USED_COUNTER) {
            usedPlain += n;
        } else {
            used.addAndGet(n);
        }
    }

    @Override
    public void free(final long entry, final long nrSlots) {
        final long first = slotEntry(entry);
        if (nrSlots < 1 || first + nrSlots > geometry.totalSlots()) {
            throw new IllegalArgumentException("nrSlots: " + nrSlots + " (expected: 1.." + (geometry.totalSlots()
                    - first) + " from slot " + first + ")");
        }
        final int c0 = geometry.clusterOf(first);
        final int c1 = geometry.clusterOf(first + nrSlots - 1);
        if (race == Race.FREE_VALIDATE_EARLY) {
            requireInUse(first, nrSlots);
        }
        for (int c = c0; c <= c1; c++) {
            cluster(c).lock.lock();
        }
        try {
            if (race != Race.FREE_VALIDATE_EARLY) {
                requireInUse(first, nrSlots);
            }
            for (int c = c0; c <= c1; c++) {
                final Cluster cl = cluster(c);
                final int lo = (int) Math.max(first, cl.base);
                final int hi = (int) Math.min(first + nrSlots, cl.base + cl.size);
                clear(cl, lo - cl.base, hi - lo);
                if (race != Race.FREE_COUNT_AFTER_UNLOCK) {
                    cl.free += hi - lo;
                }
            }
        } finally {
            for (int c = c1; c >= c0; c--) {
                cluster(c).lock.unlock();
            }
        }
        if (race == Race.FREE_COUNT_AFTER_UNLOCK) {
            for (int c = c0; c <= c1; c++) {
                final Cluster cl = cluster(c);
                cl.free += (int) (Math.min(first + nrSlots, cl.base + cl.size) - Math.max(first, cl.base));
            }
        }
    }

    private void requireInUse(final long first, final long nrSlots) {
        for (long s = first; s < first + nrSlots; s++) {
            final Cluster cl = clusterOfSlot((int) s);
            if (cl.state[(int) s - cl.base] != IN_USE) {
                throw cl.notInUse((int) s - cl.base);
            }
        }
    }

    @Override
    public long freeSlots() {
        long free = 0;
        for (int c = 0; c < clusters.length; c++) {
            final Cluster cl = cluster(c);
            cl.lock.lock();
            try {
                free += cl.free;
            } finally {
                cl.lock.unlock();
            }
        }
        return free;
    }

    @Override
    public long usedSlots() {
        return race == Race.PLAIN_USED_COUNTER ? usedPlain : used.get();
    }

    @Override
    public Fragmentation fragmentation() {
        final boolean[] free = new boolean[(int) geometry.totalSlots()];
        for (int c = 0; c < clusters.length; c++) {
            cluster(c).lock.lock();
        }
        try {
            for (int c = 0; c < clusters.length; c++) {
                final Cluster cl = cluster(c);
                for (int i = 0; i < cl.size; i++) {
                    free[cl.base + i] = cl.state[i] == FREE;
                }
            }
        } finally {
            for (int c = clusters.length - 1; c >= 0; c--) {
                cluster(c).lock.unlock();
            }
        }
        return Fragmentation.of(geometry, s -> s >= 0 && s < free.length && free[(int) s]);
    }

    // ------------------------------------------------------------------------------------------ swap counts

    /** The slot a slot entry of this device names; throws for another type, a compound entry or a bad offset. */
    private int slotEntry(final long entry) {
        if (SwapEntry.isCompound(entry) || SwapEntry.type(entry) != type) {
            throw new IllegalArgumentException("entry: " + SwapEntry.toString(entry) + " (expected: a slot entry of "
                    + "device type " + type + ")");
        }
        return (int) geometry.checkSlot("slot", SwapEntry.offset(entry));
    }

    @Override
    public SwapResult dup(final long entry) {
        final int s = slotEntry(entry);
        final Cluster cl = clusterOfSlot(s);
        final int off = s - cl.base;
        if (race == Race.DUP_IN_USE_EARLY && cl.state[off] != IN_USE) {
            throw cl.notInUse(off);
        }
        cl.lock.lock();
        try {
            if (race != Race.DUP_IN_USE_EARLY && cl.state[off] != IN_USE) {
                throw cl.notInUse(off);
            }
            if (cl.count[off] == SwapResult.MAX_SWAP_COUNT) {
                return SwapResult.COUNT_OVERFLOW;
            }
            if (race != Race.DUP_AFTER_UNLOCK) {
                cl.count[off]++;
            }
        } finally {
            cl.lock.unlock();
        }
        if (race == Race.DUP_AFTER_UNLOCK) {
            cl.count[off]++;
        }
        return SwapResult.OK;
    }

    @Override
    public boolean put(final long entry) {
        final int s = slotEntry(entry);
        final Cluster cl = clusterOfSlot(s);
        final int off = s - cl.base;
        final int countEarly = cl.count[off]; // read without the lock: used only by Race.PUT_COUNT_EARLY
        final boolean pinEarly = cl.cached[off]; // likewise, for Race.PUT_PIN_EARLY
        cl.lock.lock();
        try {
            if (cl.state[off] != IN_USE) {
                throw cl.notInUse(off);
            }
            final int count = race == Race.PUT_COUNT_EARLY ? countEarly : cl.count[off];
            if (count == 0) {
                throw new IllegalStateException("swap count of slot " + s + ": 0 (expected: more than 0 to put)");
            }
            final boolean pinned = race == Race.PUT_PIN_EARLY ? pinEarly : cl.cached[off];
            cl.count[off] = count - 1;
            if (count > 1 || pinned) {
                return false;
            }
            if (race != Race.PUT_RELOCK) {
                release(cl, off);
                return true;
            }
        } finally {
            cl.lock.unlock();
        }
        cl.lock.lock(); // Race.PUT_RELOCK: decides anew, but forgets that the slot may be free by now
        try {
            if (cl.count[off] == 0 && !cl.cached[off]) {
                release(cl, off);
                return true;
            }
            return false;
        } finally {
            cl.lock.unlock();
        }
    }

    @Override
    public SwapResult cacheAdd(final long entry) {
        final int s = slotEntry(entry);
        if (geometry.isReserved(s)) {
            throw new IllegalStateException("slot " + s + ": reserved (expected: in use)");
        }
        final Cluster cl = clusterOfSlot(s);
        final int off = s - cl.base;
        final boolean pinnedEarly = cl.cached[off]; // read without the lock: used only by CACHE_ADD_CACHED_EARLY
        if (race == Race.CACHE_ADD_IN_USE_EARLY && cl.state[off] != IN_USE) {
            return SwapResult.NOT_IN_USE;
        }
        cl.lock.lock();
        try {
            if (race != Race.CACHE_ADD_IN_USE_EARLY && cl.state[off] != IN_USE) {
                return SwapResult.NOT_IN_USE;
            }
            if (race == Race.CACHE_ADD_CACHED_EARLY ? pinnedEarly : cl.cached[off]) {
                return SwapResult.ALREADY_CACHED;
            }
            cl.cached[off] = true;
            return SwapResult.OK;
        } finally {
            cl.lock.unlock();
        }
    }

    @Override
    public boolean cacheDel(final long entry) {
        final int s = slotEntry(entry);
        final Cluster cl = clusterOfSlot(s);
        final int off = s - cl.base;
        if (race == Race.CACHE_DEL_EARLY) {
            requirePinned(cl, off);
        }
        cl.lock.lock();
        try {
            if (race != Race.CACHE_DEL_EARLY) {
                requirePinned(cl, off);
            }
            cl.cached[off] = false;
            if (cl.count[off] == 0) {
                release(cl, off);
                return true;
            }
            return false;
        } finally {
            cl.lock.unlock();
        }
    }

    private static void requirePinned(final Cluster cl, final int off) {
        if (cl.state[off] != IN_USE) {
            throw cl.notInUse(off);
        }
        if (!cl.cached[off]) {
            throw new IllegalStateException("swap cache flag of slot " + (cl.base + off) + ": clear (expected: set"
                    + " to delete it)");
        }
    }

    @Override
    public long countOf(final long entry) {
        final int s = slotEntry(entry);
        final Cluster cl = clusterOfSlot(s);
        final int off = s - cl.base;
        cl.lock.lock();
        try {
            return cl.state[off] == IN_USE ? cl.count[off] : 0;
        } finally {
            cl.lock.unlock();
        }
    }

    @Override
    public boolean isCached(final long entry) {
        final int s = slotEntry(entry);
        final Cluster cl = clusterOfSlot(s);
        final int off = s - cl.base;
        cl.lock.lock();
        try {
            return cl.state[off] == IN_USE && cl.cached[off];
        } finally {
            cl.lock.unlock();
        }
    }
}

package dev.swaplayer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The scale measurement, run in a JVM of its own with {@code -Xmx2g}: a 1 TiB device (2^28 slots) under the
 * buddy allocator, created, filled to 50% with the mixed-order stream, then emptied. Prints one JSON object:
 * the time of each phase, the live heap after each (after a full GC), and the peak heap of the run.
 *
 * <p>Thread safety: runs on the main thread.
 *
 * <p>The entries are kept as int slot offsets (below 2^28) shifted left by 3 with the order in the low 3
 * bits, in chunks of 2^20, so the
 * measurement's own bookkeeping is 4 bytes per allocation; it is part of the live heap reported.
 */
public final class ScaleRun {
    static final int LOG2_SLOTS = 28;
    private static final int CHUNK = 1 << 20;
    private static final int ORDER_BITS = 3;

    private ScaleRun() {
    }

    /**
     * Runs the scale measurement and prints its JSON object.
     *
     * @param args unused
     */
    public static void main(final String[] args) {
        System.out.println(run(LOG2_SLOTS));
    }

    static ObjectNode run(final int log2) {
        final ObjectNode out = new ObjectMapper().createObjectNode();
        out.put("slots", 1L << log2);
        out.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        final long heap0 = liveHeap();
        long t = System.nanoTime();
        final Geometry g = Geometry.builder(1L << log2).build();
        final BuddyAllocator a = new BuddyAllocator(0, g);
        out.put("create_ms", (System.nanoTime() - t) / 1e6);
        out.put("heap_after_create_bytes", liveHeap() - heap0);

        final List<int[]> chunks = new ArrayList<>();
        final SplittableRandom random = new SplittableRandom(AllocatorBench.SEED);
        final long target = (g.totalSlots() - g.reservedSlots()) / 2;
        long n = 0;
        t = System.nanoTime();
        while (a.usedSlots() < target) {
            final int order = Stream.MIXED.nextOrder(random);
            final long e = a.allocate(order);
            if (e == BuddyAllocator.NONE) {
                throw new IllegalStateException("allocation " + n + ": NONE at " + a.usedSlots() + " used slots");
            }
            if (n % CHUNK == 0) {
                chunks.add(new int[CHUNK]);
            }
            chunks.get((int) (n / CHUNK))[(int) (n % CHUNK)] = (int) (SwapEntry.offset(e) << ORDER_BITS) | order;
            n++;
        }
        out.put("fill_ms", (System.nanoTime() - t) / 1e6);
        out.put("allocations", n);
        out.put("used_slots", a.usedSlots());
        out.put("heap_after_fill_bytes", liveHeap() - heap0);
        out.put("bookkeeping_bytes", (long) chunks.size() * CHUNK * Integer.BYTES);

        t = System.nanoTime();
        for (long i = 0; i < n; i++) {
            final int v = chunks.get((int) (i / CHUNK))[(int) (i % CHUNK)];
            final int order = v & ((1 << ORDER_BITS) - 1);
            a.free(SwapEntry.of(0, v >>> ORDER_BITS), 1L << order);
        }
        out.put("free_ms", (System.nanoTime() - t) / 1e6);
        if (a.usedSlots() != 0) {
            throw new IllegalStateException("usedSlots: " + a.usedSlots() + " after freeing all (expected: 0)");
        }
        chunks.clear();
        out.put("heap_after_free_bytes", liveHeap() - heap0);
        out.put("peak_heap_bytes", peakHeap());
        return out;
    }

    private static long liveHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** @return the sum of the heap pools' peaks: an upper bound of the peak heap in use */
    private static long peakHeap() {
        long sum = 0;
        for (final MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}

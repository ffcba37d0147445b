package dev.swaplayer.bench;

import dev.swaplayer.allocator.FolioAllocator;
import dev.swaplayer.allocator.FolioPolicy;
import dev.swaplayer.allocator.PerCpu;
import dev.swaplayer.allocator.SlotAllocator;

/**
 * {@link BenchAllocator} views of the allocators: one thin forwarding class per shape (contiguous runs,
 * folios, contiguous runs with per-CPU hints, the bitmaps), so that a benchmark fork, which drives one
 * allocator, sees exactly one implementation at its call sites. A policy and its baseline (buddy and
 * buddy_unlocked, cluster and cluster_unlocked) go through the same shape, so that only the allocator differs.
 *
 * <p>Thread safety: as the wrapped allocator.
 */
final class Adapters {
    private Adapters() {
    }

    /**
     * Returns {@link #folio} for {@link FolioPolicy#COMPOUND}, else {@link #perCpu} when the allocator keeps per-CPU
     * hints, else {@link #contiguous}.
     *
     * @param a a registered policy's allocator
     * @param folioPolicy its folio policy
     */
    static BenchAllocator of(final SlotAllocator a, final FolioPolicy folioPolicy) {
        if (folioPolicy == FolioPolicy.COMPOUND) {
            return folio((FolioAllocator) a); // PolicyRegistry.create checked the cast
        }
        if (a instanceof PerCpu) {
            return perCpu(a);
        }
        return contiguous(a);
    }

    static BenchAllocator bitmap(final long slots) {
        final FlatBitmap b = new FlatBitmap(slots);
        return new BenchAllocator() {
            @Override
            public long allocate(final int order) {
                return b.allocate(order);
            }

            @Override
            public void free(final long handle, final int order) {
                b.free(handle, order);
            }

            @Override
            public long usedSlots() {
                return b.usedSlots();
            }

            @Override
            public Object metadata() {
                return b;
            }
        };
    }

    static BenchAllocator atomicBitmap(final long slots) {
        final AtomicFlatBitmap b = new AtomicFlatBitmap(slots);
        return new BenchAllocator() {
            @Override
            public long allocate(final int order) {
                return b.allocate(order);
            }

            @Override
            public void free(final long handle, final int order) {
                b.free(handle, order);
            }

            @Override
            public long usedSlots() {
                return b.usedSlots();
            }

            @Override
            public Object metadata() {
                return b;
            }
        };
    }

    /** Naturally aligned runs: {@code allocate}, and {@code free} of the whole run. */
    static BenchAllocator contiguous(final SlotAllocator a) {
        return new BenchAllocator() {
            @Override
            public long allocate(final int order) {
                return a.allocate(order);
            }

            @Override
            public void free(final long handle, final int order) {
                a.free(handle, 1L << order);
            }

            @Override
            public long usedSlots() {
                return a.usedSlots();
            }

            @Override
            public Object metadata() {
                return a;
            }
        };
    }

    /** Whole folios: {@code allocateFolio} (contiguous first, else a compound descriptor), {@code freeFolioPages}. */
    static BenchAllocator folio(final FolioAllocator a) {
        return new BenchAllocator() {
            @Override
            public long allocate(final int order) {
                return a.allocateFolio(order);
            }

            @Override
            public void free(final long handle, final int order) {
                a.freeFolioPages(handle, order, 0, 1 << order);
            }

            @Override
            public long usedSlots() {
                return a.usedSlots();
            }

            @Override
            public Object metadata() {
                return a;
            }
        };
    }

    /** Naturally aligned runs of an allocator with per-CPU hints: benchmark thread i runs on CPU i. */
    static BenchAllocator perCpu(final SlotAllocator a) {
        final PerCpu cpus = (PerCpu) a;
        return new BenchAllocator() {
            @Override
            public long allocate(final int order) {
                return a.allocate(order);
            }

            @Override
            public void free(final long handle, final int order) {
                a.free(handle, 1L << order);
            }

            @Override
            public void bindThread(final int index) {
                cpus.setCpu(index % cpus.cpus());
            }

            @Override
            public long usedSlots() {
                return a.usedSlots();
            }

            @Override
            public Object metadata() {
                return a;
            }
        };
    }
}

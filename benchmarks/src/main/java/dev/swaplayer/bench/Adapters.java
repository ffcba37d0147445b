package dev.swaplayer.bench;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.kernel.PerCpuAllocator;

/**
 * {@link BenchAllocator} views of each policy: one thin forwarding class each, so that a benchmark fork sees
 * exactly one implementation at its call sites.
 *
 * <p>Thread safety: as the wrapped allocator.
 */
final class Adapters {
    private Adapters() {
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

    static BenchAllocator buddy(final BuddyAllocator a) {
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

    static BenchAllocator compound(final BuddyAllocator a) {
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

    static BenchAllocator kernel(final PerCpuAllocator a) {
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
                a.setCpu(index % a.cpus());
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

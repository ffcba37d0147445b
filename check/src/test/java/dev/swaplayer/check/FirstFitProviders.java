package dev.swaplayer.check;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Fragmentation;
import dev.swaplayer.spec.Geometry;
import java.util.BitSet;

/**
 * Plug-in-like policies for the stress tests, registered through this module's test
 * {@code META-INF/services}: a first-fit allocator that implements only {@link SlotAllocator} (no audit of
 * its own, no swap counts), and copies of it with a planted defect each, to show that the stress run's
 * outside audit (owner table, slots left in use) catches what such an allocator gets wrong.
 *
 * <p>Thread safety: the providers are stateless; the allocator is synchronized.
 */
final class FirstFitProviders {
    private FirstFitProviders() {
    }

    /** What the allocator gets wrong on purpose. */
    enum Defect {
        /** Nothing. */
        NONE,
        /** Every 50th allocation hands out the run it handed out last, still in use. */
        DOUBLE_HANDOUT,
        /** Every 50th free forgets to free. */
        LEAK
    }

    /** {@code first-fit}: correct and thread-safe. */
    public static final class Correct implements AllocatorProvider {
        @Override
        public String name() {
            return "first-fit";
        }

        @Override
        public SlotAllocator create(final int type, final Geometry geometry) {
            return new FirstFit(type, geometry, Defect.NONE);
        }

        @Override
        public boolean threadSafe() {
            return true;
        }
    }

    /** {@code first-fit-confined}: correct, but does not claim to be thread-safe. */
    public static final class Confined implements AllocatorProvider {
        @Override
        public String name() {
            return "first-fit-confined";
        }

        @Override
        public SlotAllocator create(final int type, final Geometry geometry) {
            return new FirstFit(type, geometry, Defect.NONE);
        }
    }

    /** {@code planted-double}: {@link Defect#DOUBLE_HANDOUT}. */
    public static final class DoubleHandout implements AllocatorProvider {
        @Override
        public String name() {
            return "planted-double";
        }

        @Override
        public SlotAllocator create(final int type, final Geometry geometry) {
            return new FirstFit(type, geometry, Defect.DOUBLE_HANDOUT);
        }

        @Override
        public boolean threadSafe() {
            return true;
        }
    }

    /** {@code planted-leak}: {@link Defect#LEAK}. */
    public static final class Leak implements AllocatorProvider {
        @Override
        public String name() {
            return "planted-leak";
        }

        @Override
        public SlotAllocator create(final int type, final Geometry geometry) {
            return new FirstFit(type, geometry, Defect.LEAK);
        }

        @Override
        public boolean threadSafe() {
            return true;
        }
    }

    /** Naturally aligned first fit over a bitmap of used slots; slot 0 (the header) is never handed out. */
    static final class FirstFit implements SlotAllocator {
        private final int type;
        private final Geometry geometry;
        private final Defect defect;
        private final BitSet used = new BitSet();
        private long inUse;
        private long calls;
        private long last = NONE;

        FirstFit(final int type, final Geometry geometry, final Defect defect) {
            this.type = type;
            this.geometry = geometry;
            this.defect = defect;
            used.set(0);
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
        public synchronized long allocate(final int order) {
            if (defect == Defect.DOUBLE_HANDOUT && ++calls % 50 == 0 && last != NONE) {
                return last;
            }
            final int n = 1 << order;
            for (long s = 0; s + n <= geometry.totalSlots(); s += n) {
                final int from = (int) s;
                if (used.get(from, from + n).isEmpty()) {
                    used.set(from, from + n);
                    inUse += n;
                    last = SwapEntry.of(type, s);
                    return last;
                }
            }
            return NONE;
        }

        @Override
        public synchronized void free(final long entry, final long nrSlots) {
            if (defect == Defect.LEAK && ++calls % 50 == 0) {
                return;
            }
            final int from = (int) SwapEntry.offset(entry);
            if (used.get(from, from + (int) nrSlots).cardinality() != nrSlots) {
                throw new IllegalStateException("free: " + SwapEntry.toString(entry) + " + " + nrSlots
                        + " (expected: slots in use)");
            }
            used.clear(from, from + (int) nrSlots);
            inUse -= nrSlots;
        }

        @Override
        public synchronized long freeSlots() {
            return geometry.totalSlots() - 1 - inUse;
        }

        @Override
        public synchronized long usedSlots() {
            return inUse;
        }

        @Override
        public synchronized Fragmentation fragmentation() {
            return Fragmentation.of(geometry, s -> !used.get((int) s) && !geometry.isReserved(s));
        }
    }
}

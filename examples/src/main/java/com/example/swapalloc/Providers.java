package com.example.swapalloc;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.spec.Geometry;

/**
 * The example policies, one provider each: {@code firstfit} passes {@code ./swaplayer verify}; the others
 * carry one classic defect each, which it must catch.
 *
 * <p>Thread safety: stateless.
 */
public final class Providers {
    private Providers() {
    }

    /** {@code firstfit}: the correct example. */
    public static final class FirstFit implements AllocatorProvider {
        @Override
        public String name() {
            return "firstfit";
        }

        @Override
        public SlotAllocator create(final int type, final Geometry geometry) {
            return new FirstFitAllocator(type, geometry);
        }
    }

    /** {@code wordmask}: a whole-word run's mask wraps to 0; 64-slot folios are handed out twice. */
    public static final class WordMask implements AllocatorProvider {
        @Override
        public String name() {
            return "wordmask";
        }

        @Override
        public SlotAllocator create(final int type, final Geometry geometry) {
            return new WordMaskAllocator(type, geometry);
        }
    }

    /** {@code nodoublefreecheck}: a double free is accepted. */
    public static final class NoDoubleFreeCheck implements AllocatorProvider {
        @Override
        public String name() {
            return "nodoublefreecheck";
        }

        @Override
        public SlotAllocator create(final int type, final Geometry geometry) {
            return new NoDoubleFreeCheckAllocator(type, geometry);
        }
    }

    /** {@code driftingcounter}: the used-slot counter drifts on multi-slot frees. */
    public static final class DriftingCounter implements AllocatorProvider {
        @Override
        public String name() {
            return "driftingcounter";
        }

        @Override
        public SlotAllocator create(final int type, final Geometry geometry) {
            return new DriftingCounterAllocator(type, geometry);
        }
    }

    /** {@code racyfirstfit}: first fit claimed thread-safe without a lock. */
    public static final class RacyFirstFit implements AllocatorProvider {
        @Override
        public String name() {
            return "racyfirstfit";
        }

        @Override
        public SlotAllocator create(final int type, final Geometry geometry) {
            return new RacyFirstFitAllocator(type, geometry);
        }

        @Override
        public boolean threadSafe() {
            return true;
        }
    }

    /** {@code scatter}: every folio stored page by page under a descriptor, even when a contiguous run is free. */
    public static final class Scatter implements AllocatorProvider {
        @Override
        public String name() {
            return "scatter";
        }

        @Override
        public SlotAllocator create(final int type, final Geometry geometry) {
            return new ScatterFolioAllocator(type, geometry);
        }
    }
}

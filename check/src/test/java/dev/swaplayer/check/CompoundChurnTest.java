package dev.swaplayer.check;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.ForwardingFolioAllocator;
import dev.swaplayer.allocator.ForwardingSlotAllocator;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Threads that share compound folios on a scattered device: the buddy allocator's folio calls, under either folio
 * policy, come out right; each planted defect, which shows only when a folio is shared between threads or many
 * descriptors are live at once, is named.
 *
 * <p>Thread safety: each test runs its own churn.
 */
class CompoundChurnTest {
    /** The stress check's device in verify: 16 clusters of 64 slots, folios up to 16 pages. */
    private static final Geometry G = Geometry.builder(1024).clusterSlots(64).maxOrder(4).build();

    @ParameterizedTest
    @ValueSource(strings = {"buddy", "compound"})
    void theBuddyAllocatorsFolioCalls_comeOutRight(final String policy) throws InterruptedException {
        final PolicyRegistry r = PolicyRegistry.builtIn();
        for (long seed = 1; seed <= 3; seed++) {
            assertNull(CompoundChurn.run(() -> StressTarget.of(r, policy, G, 2), 2, 20_000, seed), "seed " + seed);
        }
    }

    /** An allocator without the folio calls is not called at all: any allocation it were asked for would throw. */
    @Test
    void anAllocatorWithoutFolioCalls_hasNoChurn() throws InterruptedException {
        final BiFunction<Integer, Geometry, SlotAllocator> untouchable = (type, g) ->
                new ForwardingSlotAllocator<>(new BuddyAllocator(type, g)) {
                    @Override
                    public long allocate(final int order) {
                        throw new IllegalStateException("planted: the churn must not call an allocator without"
                                + " the folio calls");
                    }
                };
        assertNull(churn(untouchable));
    }

    /**
     * Ids that wrap at 16 while 64 folios may be live: a new descriptor takes the id of a live one, so a handle that
     * was given out names another folio, and its pages are read or freed wrong.
     */
    @Test
    void descriptorIdsReusedWhileLive_areCaught() throws InterruptedException {
        final String got = churn(IdsModulo16::new);
        assertTrue(got != null && got.startsWith("compound churn (2 threads, 20,000 calls on up to 64 folios of 2 to 16"
                + " pages that the threads share, on a device whose free slots are scattered one by one; "), got);
        assertTrue(got.contains("which another folio held") || got.contains("(expected: the pages freed")
                || got.contains("where it was placed") || got.contains("worker failed"), got);
    }

    /** A free of a folio's pages made by a thread other than the one that placed it is dropped: its slots leak. */
    @Test
    void aFreeFromAnotherThreadDropped_isALeak() throws InterruptedException {
        final String got = churn(FreedByItsOwnerOnly::new);
        assertTrue(got != null && got.matches("compound churn \\(.*\\): once every folio was freed, usedSlots\\(\\) ="
                + " \\d+ and freeSlots\\(\\) = \\d+ \\(expected: \\d+ and \\d+, as the device was laid:"
                + " \\d+ slots stayed in use, a free that was lost\\)"), got);
    }

    private static String churn(final BiFunction<Integer, Geometry, SlotAllocator> planted)
            throws InterruptedException {
        return CompoundChurn.run(() -> PlantedBuddy.target(planted, G, 2), 2, 20_000, 7);
    }

    /** Planted: the handles it gives out number descriptors modulo 16, so a new one may take a live one's name. */
    static final class IdsModulo16 extends ForwardingFolioAllocator<BuddyAllocator> {
        private final Map<Long, Long> byId = new ConcurrentHashMap<>();
        private final AtomicLong next = new AtomicLong();

        IdsModulo16(final int type, final Geometry g) {
            super(new BuddyAllocator(type, g));
        }

        @Override
        public long allocateFolio(final int order) {
            final long h = delegate().allocateFolio(order);
            if (h == NONE || !SwapEntry.isCompound(h)) {
                return h;
            }
            final long id = next.getAndIncrement() % 16 + 1; // planted: 16 names for up to 64 live descriptors
            byId.put(id, h);
            return SwapEntry.compound(SwapEntry.type(h), id);
        }

        private long real(final long handle) {
            return SwapEntry.isCompound(handle) ? byId.getOrDefault(SwapEntry.offset(handle), handle) : handle;
        }

        @Override
        public long slotOf(final long handle, final int order, final int page) {
            return delegate().slotOf(real(handle), order, page);
        }

        @Override
        public void freeFolioPages(final long handle, final int order, final int first, final int count) {
            delegate().freeFolioPages(real(handle), order, first, count);
        }

        @Override
        public int extents(final long handle, final int order) {
            return delegate().extents(real(handle), order);
        }
    }

    /** Planted: it remembers which thread placed each compound folio, and drops a free made by any other. */
    static final class FreedByItsOwnerOnly extends ForwardingFolioAllocator<BuddyAllocator> {
        private final Map<Long, Thread> placedBy = new ConcurrentHashMap<>();

        FreedByItsOwnerOnly(final int type, final Geometry g) {
            super(new BuddyAllocator(type, g));
        }

        @Override
        public long allocateFolio(final int order) {
            final long h = delegate().allocateFolio(order);
            if (h != NONE) {
                placedBy.put(h, Thread.currentThread());
            }
            return h;
        }

        @Override
        public void freeFolioPages(final long handle, final int order, final int first, final int count) {
            if (placedBy.getOrDefault(handle, Thread.currentThread()) == Thread.currentThread()) {
                delegate().freeFolioPages(handle, order, first, count); // planted: another thread's free is dropped
            }
        }
    }
}

package dev.swaplayer.verify;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.FolioPolicy;
import dev.swaplayer.allocator.ForwardingFolioAllocator;
import dev.swaplayer.allocator.ForwardingSlotAllocator;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.SwapResult;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The checks on the folio calls: a page freed twice and a compound folio named with another order must be rejected
 * (INV-13), and a descriptor must go with its folio's last page (INV-7). Each planted defect below is caught on the
 * step where it shows; the honest allocator passes the same steps.
 *
 * <p>Thread safety: JUnit runs it on one thread.
 */
class FolioChecksTest {
    private static final Geometry G = Geometry.builder(64).clusterSlots(16).maxOrder(2).build();

    @Test
    void theBuddyAllocatorRejectsBothFolioMisusesAndRetiresItsDescriptors() {
        final ModelledDevice d = withCompoundFolio(new Folios());
        d.free(d.heldCount() - 1, 1, 1);
        assertDoesNotThrow(() -> {
            d.misuse(Misuse.FOLIO_PAGE_FREED, 0);
            d.misuse(Misuse.FOLIO_WRONG_ORDER, 0);
            for (int call = 0; call < 4; call++) {
                d.misuse(Misuse.FOLIO_PAGE_OUT_OF_RANGE, call);
            }
            d.compare();
        });
        d.free(d.heldCount() - 1, 0, 4);
        assertDoesNotThrow(d::compare);
    }

    @Test
    void aFolioPageFreedTwiceAndAccepted_isCaught() {
        final ModelledDevice d = withCompoundFolio(new Folios() {
            @Override
            public void freeFolioPages(final long handle, final int order, final int firstPage, final int count) {
                try {
                    super.freeFolioPages(handle, order, firstPage, count);
                } catch (IllegalStateException alreadyFreed) { // the planted defect: a double free ignored
                }
            }
        });
        d.free(d.heldCount() - 1, 2, 1);
        final AssertionError e = assertThrows(AssertionError.class, () -> d.misuse(Misuse.FOLIO_PAGE_FREED, 0));
        assertTrue(e.getMessage().contains("pages 2+1) of a page already freed was accepted"), e.getMessage());
    }

    @Test
    void aCompoundFolioNamedWithAnotherOrderAndAccepted_isCaught() {
        final ModelledDevice d = withCompoundFolio(new RemembersOrders() {
            @Override
            public long slotOf(final long handle, final int order, final int page) { // the order it was given
                return super.slotOf(handle, placed(handle, order), page);
            }
        });
        final AssertionError e = assertThrows(AssertionError.class, () -> d.misuse(Misuse.FOLIO_WRONG_ORDER, 0));
        assertTrue(e.getMessage().contains("of a compound folio of order 2 was accepted"), e.getMessage());
    }

    @Test
    void pagesOutsideTheFolioAnsweredOrFreed_areCaught() {
        for (int call = 0; call < 3; call++) {
            final int pick = call;
            final ModelledDevice d = withCompoundFolio(new Unbounded());
            final AssertionError e = assertThrows(AssertionError.class,
                    () -> d.misuse(Misuse.FOLIO_PAGE_OUT_OF_RANGE, pick));
            assertTrue(e.getMessage().matches("(slotOf\\(.*, page (4|-1)\\)|freeFolioPages\\(.*\\) one page past"
                    + " the folio's end).* was accepted \\(expected: .*"), e.getMessage());
        }
    }

    @Test
    void extentsThatChangeWhenPagesAreFreed_areCaughtByTheNextComparison() {
        final Set<Long> partlyFreed = new HashSet<>();
        final ModelledDevice d = withCompoundFolio(new Folios() {
            @Override
            public void freeFolioPages(final long handle, final int order, final int firstPage, final int count) {
                super.freeFolioPages(handle, order, firstPage, count);
                partlyFreed.add(handle);
            }

            @Override
            public int extents(final long handle, final int order) { // the defect: the pages left, not as placed
                return partlyFreed.contains(handle) ? 1 : super.extents(handle, order);
            }
        });
        assertDoesNotThrow(d::compare);
        d.free(d.heldCount() - 1, 1, 1);
        final AssertionError e = assertThrows(AssertionError.class, d::compare);
        assertTrue(e.getMessage().startsWith("extents(cswp(31:#1), order 2) = 1 with 3 of its 4 pages still swapped"
                + " out (expected 4, the extents it was placed in"), e.getMessage());
    }

    @Test
    void aCompoundFolioFreedThroughAnotherOrderAndAccepted_isCaught() {
        final ModelledDevice d = withCompoundFolio(new RemembersOrders() {
            @Override
            public void freeFolioPages(final long handle, final int order, final int firstPage, final int count) {
                super.freeFolioPages(handle, placed(handle, order), firstPage, count); // the defect
            }
        });
        final AssertionError e = assertThrows(AssertionError.class,
                () -> d.misuse(Misuse.FOLIO_FREE_WRONG_ORDER, 0));
        assertTrue(e.getMessage().startsWith("freeFolioPages(cswp(31:#1), order 1, pages 0+1) of a compound folio of"
                + " order 2 was accepted"), e.getMessage());
        assertDoesNotThrow(() -> withCompoundFolio(new Folios()).misuse(Misuse.FOLIO_FREE_WRONG_ORDER, 0));
    }

    /**
     * A compound folio's page freed, its slot taken by the next allocation, and the page freed again: an allocator
     * that asks the slot's state, not the descriptor, frees the other allocation's slot.
     */
    @Test
    void aFreedPageWhoseSlotWasTakenAgain_freedThroughItsFolio_isCaught() {
        final ModelledDevice d = withCompoundFolio(asksTheSlot());
        d.free(d.heldCount() - 1, 0, 1);
        d.allocate(0); // the only free slot: page 0's
        final AssertionError e = assertThrows(AssertionError.class, () -> d.misuse(Misuse.FOLIO_PAGE_FREED, 0));
        assertTrue(e.getMessage().contains("pages 0+1) of a page already freed, whose slot another allocation holds"
                + " now was accepted"), e.getMessage());
    }

    /** The step that builds that state itself, as the properties draw it: caught, and the honest allocator passes. */
    @Test
    void theStepThatReusesAFreedPagesSlot_catchesTheSameDefect() {
        final ModelledDevice d = withCompoundFolio(asksTheSlot());
        final Step step = new Step.FreedPageReused(0);
        assertTrue(step.applicable(d));
        final AssertionError e = assertThrows(AssertionError.class, () -> step.run(d));
        assertTrue(e.getMessage().contains("whose slot another allocation holds now was accepted"), e.getMessage());
        final ModelledDevice honest = withCompoundFolio(new Folios());
        assertDoesNotThrow(() -> {
            step.run(honest);
            honest.compare();
        });
    }

    /** The planted defect of the two tests above: a page already freed is looked up by its slot's state. */
    private static Folios asksTheSlot() {
        final Map<Long, long[]> pages = new HashMap<>();
        return new Folios() {
            @Override
            public long allocateFolio(final int order) {
                final long handle = super.allocateFolio(order);
                final long[] slots = new long[1 << order];
                for (int p = 0; p < slots.length; p++) {
                    slots[p] = super.slotOf(handle, order, p);
                }
                pages.put(handle, slots);
                return handle;
            }

            @Override
            public void freeFolioPages(final long handle, final int order, final int firstPage, final int count) {
                try {
                    super.freeFolioPages(handle, order, firstPage, count);
                } catch (IllegalStateException gone) {
                    delegate().free(pages.get(handle)[firstPage], count);
                }
            }
        };
    }

    /** extents() must count the runs its pages take, each cut at a cluster boundary (here 4 single slots). */
    @Test
    void extentsThatMiscountTheRuns_areCaughtWhereTheFolioIsPlaced() {
        final AssertionError e = assertThrows(AssertionError.class, () -> withCompoundFolio(new Folios() {
            @Override
            public int extents(final long handle, final int order) { // the planted defect: one extent per pair
                return super.extents(handle, order) / 2;
            }
        }));
        assertTrue(e.getMessage().startsWith("extents(cswp(31:#1), order 2) = 2 (expected 4: the runs of consecutive"
                + " slots its pages take, each inside one cluster)"), e.getMessage());
    }

    /** Completeness, for a folio allocator: a folio that only a compound could hold gets one, not NONE. */
    @Test
    void aFolioAnsweredNoneWhileAnyCompoundWouldHoldIt_isIncomplete() {
        final ModelledDevice d = scattered(noCompounds(), true);
        final AssertionError e = assertThrows(AssertionError.class, () -> d.allocateFolio(2));
        assertTrue(e.getMessage().startsWith(Completeness.INCOMPLETE + " allocateFolio(order 2) = NONE while enough"
                + " whole chunks were free to store its 4 pages as a compound folio in 4 extents"), e.getMessage());
        assertDoesNotThrow(() -> scattered(noCompounds(), false).allocateFolio(2), "a safety check: NONE is legal");
    }

    /** The planted defect of the test above: contiguous or nothing. */
    private static Folios noCompounds() {
        return new Folios() {
            @Override
            public long allocateFolio(final int order) {
                final long handle = super.allocateFolio(order);
                if (SwapEntry.isCompound(handle)) {
                    super.freeFolioPages(handle, order, 0, 1 << order);
                    return NONE;
                }
                return handle;
            }
        };
    }

    /** Completeness, for a folio allocator: a compound folio takes the fewest extents any placement could have. */
    @Test
    void aCompoundInMoreExtentsThanNeeded_isIncomplete() {
        assertDoesNotThrow(() -> pairAndSingles(new Folios()).allocateFolio(2),
                "the buddy allocator takes the pair and two single slots: 3 extents");
        final ModelledDevice spread = pairAndSingles(new Folios() {
            @Override
            public long allocateFolio(final int order) { // the planted defect: the pair kept out of the placement
                final long pair = delegate().allocate(1);
                final long handle = super.allocateFolio(order);
                delegate().free(pair, 2);
                return handle;
            }
        });
        final AssertionError e = assertThrows(AssertionError.class, () -> spread.allocateFolio(2));
        assertTrue(e.getMessage().startsWith(Completeness.INCOMPLETE + " allocateFolio(order 2) stored the folio in"
                + " 4 extents while 3 would hold it"), e.getMessage());
    }

    /** A full device, for the completeness check, with an aligned pair (slots 42, 43) and four single slots free. */
    private static ModelledDevice pairAndSingles(final Folios allocator) {
        final ModelledDevice d = new ModelledDevice(allocator, true);
        fillSingles(d);
        for (final int index : new int[] {53, 42, 41, 29, 17, 5}) { // highest first: a freed slot leaves the list
            d.free(index, 0, 1);
        }
        return d;
    }

    private static void fillSingles(final ModelledDevice d) {
        while (d.heldCount() < G.totalSlots() - G.reservedSlots()) {
            assertTrue(d.allocate(0), "a fresh device has room for every single slot");
        }
    }

    /** A full device with four single slots free in different aligned blocks of four. */
    private static ModelledDevice scattered(final Folios allocator, final boolean complete) {
        final ModelledDevice d = new ModelledDevice(allocator, complete);
        fillSingles(d);
        for (final int index : new int[] {41, 29, 17, 5}) { // highest first: a freed slot leaves the held list
            d.free(index, 0, 1);
        }
        return d;
    }

    @Test
    void aDescriptorThatOutlivesItsLastPage_isCaught() {
        final int[] retired = {0};
        final ModelledDevice d = withCompoundFolio(new Folios() {
            @Override
            public void freeFolioPages(final long handle, final int order, final int firstPage, final int count) {
                final int before = super.descriptorCount();
                super.freeFolioPages(handle, order, firstPage, count);
                retired[0] += before - super.descriptorCount();
            }

            @Override
            public int descriptorCount() { // the planted defect: a retired descriptor still counted (kept)
                return super.descriptorCount() + retired[0];
            }
        });
        d.free(d.heldCount() - 1, 0, 3);
        assertDoesNotThrow(d::compare);
        d.free(d.heldCount() - 1, 3, 1);
        final AssertionError e = assertThrows(AssertionError.class, d::compare);
        assertTrue(e.getMessage().startsWith("descriptorCount() = 1 (expected 0"), e.getMessage());
    }

    /**
     * A compound folio's pages freed one by one through the calls that name a slot: the honest allocator retires the
     * descriptor with the last page, with counts (odd pages by their cacheDel) or without; one that retires it only
     * in freeFolioPages is caught.
     */
    @Test
    void aDescriptorKeptWhenItsLastPageWasFreedBySlot_isCaughtByReleasingBySlot() {
        final int[] kept = {0};
        final ModelledDevice d = withCompoundFolio(new Folios() {
            @Override
            public void free(final long entry, final long nrSlots) {
                final int before = super.descriptorCount();
                super.free(entry, nrSlots);
                kept[0] += before - super.descriptorCount();
            }

            @Override
            public int descriptorCount() { // the planted defect: a descriptor retired by free(entry) still counted
                return super.descriptorCount() + kept[0];
            }
        });
        final AssertionError e = assertThrows(AssertionError.class, () -> new Step.ReleaseBySlot(0).run(d));
        assertTrue(e.getMessage().startsWith("descriptorCount() = 1 (expected 0"), e.getMessage());
        for (final Folios honest : List.of(new Folios(), new CountedFolios(false))) {
            final ModelledDevice ok = withCompoundFolio(honest);
            assertDoesNotThrow(() -> {
                assertTrue(ok.releaseBySlot(0));
                ok.compare();
            });
            assertEquals(0, honest.descriptorCount());
        }
    }

    @Test
    void aDescriptorKeptWhenItsFolioWasFreedInPieces_isCaughtByFreeingInPieces() {
        final Set<Long> pieced = new HashSet<>();
        final int[] leaked = {0};
        final ModelledDevice d = withCompoundFolio(new Folios() {
            @Override
            public void freeFolioPages(final long handle, final int order, final int firstPage, final int count) {
                final int before = super.descriptorCount();
                super.freeFolioPages(handle, order, firstPage, count);
                if (count < 1 << order) {
                    leaked[0] += pieced.add(handle) ? 0 : before - super.descriptorCount();
                }
            }

            @Override
            public int descriptorCount() { // the planted defect: a folio freed in pieces keeps its descriptor
                return super.descriptorCount() + leaked[0];
            }
        });
        final AssertionError e = assertThrows(AssertionError.class, () -> d.freeInPieces(d.heldCount() - 1, 2));
        assertTrue(e.getMessage().startsWith("descriptorCount() = 1 (expected 0"), e.getMessage());
        final ModelledDevice honest = withCompoundFolio(new Folios());
        assertDoesNotThrow(() -> honest.freeInPieces(honest.heldCount() - 1, 4));
    }

    @Test
    void aFolioOrderAboveMaxOrderAnsweredWithNone_isCaught() {
        final ModelledDevice d = new ModelledDevice(new Folios() {
            @Override
            public long allocateFolio(final int order) { // the planted defect: no device serves it, so NONE
                return order > G.maxOrder() ? NONE : super.allocateFolio(order);
            }
        }, false);
        final AssertionError e = assertThrows(AssertionError.class,
                () -> d.misuse(Misuse.FOLIO_ORDER_TOO_LARGE, 0));
        assertTrue(e.getMessage().startsWith("allocateFolio(order 3) above maxOrder was accepted"), e.getMessage());
        assertDoesNotThrow(() -> new ModelledDevice(new Folios(), false).misuse(Misuse.FOLIO_ORDER_TOO_LARGE, 0));
    }

    @Test
    void aCompoundProviderWithoutTheFolioCalls_isRefusedBeforeAnyCheck() {
        final AllocatorProvider p = new AllocatorProvider() {
            @Override
            public String name() {
                return "slots-only";
            }

            @Override
            public SlotAllocator create(final int type, final Geometry geometry) {
                return new ForwardingSlotAllocator<>(new BuddyAllocator(type, geometry)) {
                };
            }

            @Override
            public FolioPolicy folioPolicy() {
                return FolioPolicy.COMPOUND;
            }
        };
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Verifier.probe(p));
        assertTrue(e.getMessage().startsWith("--policy: slots-only (expected: a provider that builds an allocator;"
                + " folio policy COMPOUND but "), e.getMessage());
    }

    /**
     * Fills the device with single slots, frees four in different aligned blocks of four, and places an order-2
     * folio, which must then be compound: the last held allocation.
     */
    private static ModelledDevice withCompoundFolio(final Folios allocator) {
        final ModelledDevice d = scattered(allocator, false);
        d.allocateFolio(2);
        assertNotNull(Targets.folio(d, d.heldCount() - 1, true), "an order-2 folio over four scattered free slots");
        assertEquals(1, allocator.descriptorCount());
        return d;
    }

    /**
     * A swap-count call or query through a compound folio's handle: the honest allocator rejects each; one that reads
     * the handle's offset (the descriptor's id, 1) as a slot answers for slot 1, which an order-0 allocation holds.
     */
    @Test
    void aCountCallThroughACompoundHandle_isAcceptedByAnAllocatorThatReadsItsOffsetAsASlot() {
        final ModelledDevice honest = withCompoundFolio(new CountedFolios(false));
        assertDoesNotThrow(() -> {
            for (int pick = 0; pick < 6; pick++) { // the four swap-count calls and the two queries
                honest.misuse(Misuse.COUNT_ON_COMPOUND_HANDLE, pick);
            }
            honest.compare();
        });
        final ModelledDevice loose = withCompoundFolio(new CountedFolios(true));
        final AssertionError query = assertThrows(AssertionError.class,
                () -> loose.misuse(Misuse.COUNT_ON_COMPOUND_HANDLE, 4));
        assertTrue(query.getMessage().startsWith("countOf(cswp(31:#1)) through a compound folio's handle was"
                + " accepted"), query.getMessage());
        final AssertionError dup = assertThrows(AssertionError.class,
                () -> loose.misuse(Misuse.COUNT_ON_COMPOUND_HANDLE, 0));
        assertTrue(dup.getMessage().startsWith("dup(cswp(31:#1)) through a compound folio's handle was accepted"),
                dup.getMessage());
    }

    /** The buddy allocator's folio calls and swap counts; {@code loose} plants a compound handle read as a slot. */
    private static final class CountedFolios extends Folios implements SwapCounts.Forwarding {
        private final boolean loose;

        CountedFolios(final boolean loose) {
            this.loose = loose;
        }

        @Override
        public SwapCounts swapCounts() {
            return delegate();
        }

        /** The planted defect: the compound bit dropped, the descriptor's id taken for a slot's offset. */
        private long slot(final long entry) {
            return loose ? SwapEntry.of(SwapEntry.type(entry), SwapEntry.offset(entry)) : entry;
        }

        @Override
        public SwapResult dup(final long entry) {
            return delegate().dup(slot(entry));
        }

        @Override
        public boolean put(final long entry) {
            return delegate().put(slot(entry));
        }

        @Override
        public SwapResult cacheAdd(final long entry) {
            return delegate().cacheAdd(slot(entry));
        }

        @Override
        public boolean cacheDel(final long entry) {
            return delegate().cacheDel(slot(entry));
        }

        @Override
        public long countOf(final long entry) {
            return delegate().countOf(slot(entry));
        }

        @Override
        public boolean isCached(final long entry) {
            return delegate().isCached(slot(entry));
        }
    }

    /** The buddy allocator's folio calls, keeping each folio's order for a defect that uses it over the one named. */
    /** The buddy allocator's folios with no bound on a page: {@code slotOf} wraps, {@code freeFolioPages} clips. */
    private static final class Unbounded extends Folios {
        @Override
        public long slotOf(final long handle, final int order, final int page) {
            return super.slotOf(handle, order, Math.floorMod(page, 1 << order));
        }

        @Override
        public void freeFolioPages(final long handle, final int order, final int firstPage, final int count) {
            super.freeFolioPages(handle, order, firstPage, Math.min(count, (1 << order) - firstPage));
        }
    }

    private static class RemembersOrders extends Folios {
        private final Map<Long, Integer> orders = new HashMap<>();

        @Override
        public long allocateFolio(final int order) {
            final long handle = super.allocateFolio(order);
            orders.put(handle, order);
            return handle;
        }

        /** The order the folio was placed with, whatever order a call names. */
        int placed(final long handle, final int named) {
            return orders.getOrDefault(handle, named);
        }
    }

    /** The buddy allocator's folio calls, each open to a planted defect. */
    private static class Folios extends ForwardingFolioAllocator<BuddyAllocator> {
        Folios() {
            super(new BuddyAllocator(Target.TYPE, G));
        }
    }
}

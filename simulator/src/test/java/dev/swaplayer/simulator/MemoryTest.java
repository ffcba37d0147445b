package dev.swaplayer.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.simulator.Memory.PageState;
import dev.swaplayer.spec.Geometry;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The memory model on small devices, worked by hand from the buddy allocator's rule (best fit, lowest
 * address): slot 0 is the header, so a device of 16-slot clusters starts with free blocks 1/o0, 2/o1, 4/o2
 * and 8/o3 in cluster 0.
 *
 * <p>Thread safety: each test runs on JUnit's one thread on its own instance, and builds its own memory and counters.
 */
class MemoryTest {
    private Counters counters;

    private Memory memory(final String policy, final long slots, final int cluster, final SwapIn swapIn,
            final Workload.Region... regions) {
        final Geometry g = Geometry.builder(slots).clusterSlots(cluster).build();
        counters = new Counters(g.maxOrder());
        return new Memory(List.of(regions), TestPolicies.create(policy, g, 1), swapIn, counters);
    }

    private static Workload.Region region(final String name, final int pages, final int order) {
        return new Workload.Region(name, pages, order);
    }

    private static long slot(final Memory m, final int region, final int page) {
        final long e = m.slotOf(region, page);
        return e == SwapEntry.NONE ? -1 : SwapEntry.offset(e);
    }

    @Test
    void write_alignedRunAllAbsent_faultsOneLargeFolio() {
        final Memory m = memory("buddy", 64, 16, SwapIn.PAGE, region("a", 16, 2));
        m.write(0, 1, 1);
        for (int p = 0; p < 4; p++) {
            assertEquals(PageState.RESIDENT, m.state(0, p));
            assertEquals(2, m.folioOrder(0, p));
        }
        assertEquals(PageState.ABSENT, m.state(0, 4));
        m.checkInvariants();
    }

    @Test
    void write_alignedRunPartlyPresent_faultsOrderZero() {
        final Memory m = memory("buddy", 64, 16, SwapIn.PAGE, region("a", 16, 2));
        m.write(0, 0, 8);
        m.dontneed(0, 1, 1);
        m.write(0, 1, 1);
        assertEquals(0, m.folioOrder(0, 1));
        assertEquals(0, m.folioOrder(0, 0), "the cut folio was split by DONTNEED");
        assertEquals(2, m.folioOrder(0, 4), "the other folio is untouched");
        m.checkInvariants();
    }

    @Test
    void write_alignedRunPastRegionEnd_faultsOrderZero() {
        final Memory m = memory("buddy", 64, 16, SwapIn.PAGE, region("a", 6, 2));
        m.write(0, 5, 1);
        assertEquals(0, m.folioOrder(0, 5));
        assertEquals(PageState.ABSENT, m.state(0, 4));
    }

    @Test
    void pageout_wholeFolios_storesEachContiguouslyBestFitLowestAddress() {
        final Memory m = memory("buddy", 64, 16, SwapIn.PAGE, region("a", 8, 2));
        m.write(0, 0, 8);
        m.pageout(0, 0, 8);
        for (int p = 0; p < 4; p++) {
            assertEquals(4 + p, slot(m, 0, p), "first folio in the order-2 block at 4");
            assertEquals(8 + p, slot(m, 0, 4 + p), "second one splits the order-3 block at 8");
        }
        assertEquals(2, counters.swpout(2));
        assertEquals(0.0, counters.fallbackRatio(2));
        assertEquals(8, m.policy().allocator().usedSlots());
        m.checkInvariants();
    }

    @Test
    void write_pageSwapIn_bringsBackOnePageAndFreesItsSlot() {
        final Memory m = memory("buddy", 64, 16, SwapIn.PAGE, region("a", 8, 2));
        m.write(0, 0, 8);
        m.pageout(0, 0, 8);
        m.write(0, 1, 1);
        assertEquals(PageState.RESIDENT, m.state(0, 1));
        assertEquals(0, m.folioOrder(0, 1));
        assertEquals(PageState.SWAPPED, m.state(0, 0));
        assertEquals(7, m.policy().allocator().usedSlots());
        assertEquals(-1, slot(m, 0, 1), "the seam names no slot for a resident page");
        m.checkInvariants();
    }

    @Test
    void write_folioSwapIn_bringsBackTheWholeFolioOnlyWhileItIsWhole() {
        final Memory m = memory("buddy", 64, 16, SwapIn.FOLIO, region("a", 8, 2));
        m.write(0, 0, 8);
        m.pageout(0, 0, 8);
        m.write(0, 6, 1);
        for (int p = 4; p < 8; p++) {
            assertEquals(2, m.folioOrder(0, p));
        }
        assertEquals(4, m.policy().allocator().usedSlots());
        m.dontneed(0, 1, 1);
        m.write(0, 0, 1);
        assertEquals(0, m.folioOrder(0, 0), "pages 0-3 are no longer whole in swap: page by page");
        assertEquals(PageState.SWAPPED, m.state(0, 2));
        assertEquals(2, m.policy().allocator().usedSlots());
        m.checkInvariants();
    }

    @Test
    void write_folioSwapIn_bringsA2MiBFolioBackPageByPage_asAllocSwapFolioOnlyTriesOrdersBelowPmd() {
        final Memory m = memory("buddy", 2048, 512, SwapIn.FOLIO, region("big", 1024, 9), region("mthp", 256, 8));
        m.write(0, 0, 1024);
        m.write(1, 0, 256);
        m.pageout(0, 0, 1024);
        m.pageout(1, 0, 256);
        assertEquals(2, counters.swpout(9), "both 2 MiB folios stored whole");
        assertEquals(1, counters.swpout(8));
        m.write(0, 5, 1);
        assertEquals(0, m.folioOrder(0, 5), "order 9 = PMD_ORDER: the faulted page alone");
        assertEquals(PageState.SWAPPED, m.state(0, 4));
        assertEquals(PageState.SWAPPED, m.state(0, 6));
        m.write(1, 7, 1);
        assertEquals(8, m.folioOrder(1, 7), "order 8, below PMD_ORDER: the whole folio");
        assertEquals(PageState.RESIDENT, m.state(1, 255));
        assertEquals(1023, m.policy().allocator().usedSlots());
        m.checkInvariants();
        assertEquals(List.of(false, true, true, false), List.of(SwapIn.FOLIO.wholeFolio(0), SwapIn.FOLIO.wholeFolio(1),
                SwapIn.FOLIO.wholeFolio(SwapIn.PMD_ORDER - 1), SwapIn.FOLIO.wholeFolio(SwapIn.PMD_ORDER)));
        assertFalse(SwapIn.PAGE.wholeFolio(4));
    }

    @Test
    void pageout_rangeCutsFolios_splitsThemAndSwapsOnlyPagesInside() {
        final Memory m = memory("buddy", 64, 16, SwapIn.PAGE, region("a", 8, 2));
        m.write(0, 0, 8);
        m.pageout(0, 2, 4);
        assertEquals(List.of(PageState.RESIDENT, PageState.RESIDENT, PageState.SWAPPED, PageState.SWAPPED,
                PageState.SWAPPED, PageState.SWAPPED, PageState.RESIDENT, PageState.RESIDENT), states(m, 0, 8));
        assertEquals(4, counters.swpout(0));
        assertEquals(0, counters.swpout(2) + counters.swpoutFallback(2), "a cut folio is not a fallback");
        m.checkInvariants();
    }

    @Test
    void pageout_noRunForALargeFolio_splitsItAndCountsFallbackAndFailedPages() {
        // 8 slots: header + 7; the first folio takes the order-2 block 4-7, the second finds slots 1-3 only
        final Memory m = memory("buddy", 8, 8, SwapIn.PAGE, region("a", 8, 2));
        m.write(0, 0, 8);
        m.pageout(0, 0, 8);
        assertEquals(1, counters.swpout(2));
        assertEquals(1, counters.swpoutFallback(2));
        assertEquals(50.0, counters.fallbackRatio(2));
        assertEquals(3, counters.swpout(0), "three pieces of the split folio found a slot");
        assertEquals(1, counters.failed(0), "the fourth stays resident");
        assertEquals(PageState.RESIDENT, m.state(0, 7));
        assertEquals(0, m.folioOrder(0, 7));
        m.checkInvariants();
    }

    @ParameterizedTest
    @ValueSource(strings = {"buddy", "compound"})
    void pageout_deviceFull_splitsTheFolioAndCountsAFallbackAsTheKernelDoes(final String policy) {
        final Memory m = memory(policy, 8, 8, SwapIn.PAGE, region("f", 7, 0), region("g", 4, 2));
        m.write(0, 0, 7);
        m.pageout(0, 0, 7);
        assertEquals(0, m.policy().allocator().freeSlots());
        m.write(1, 0, 4);
        m.pageout(1, 0, 4);
        assertEquals(1, counters.failed(2), "no page found a slot");
        assertEquals(1, counters.swpoutFallback(2), "shrink_folio_list() splits on any add_to_swap() failure and"
                + " counts swpout_fallback, a full device included");
        assertEquals(4, counters.failed(0), "each page of the split folio found no slot");
        assertEquals(7, counters.swpout(0), "region f's pages only");
        for (int p = 0; p < 4; p++) {
            assertEquals(0, m.folioOrder(1, p), "split: page " + p + " stays resident as a folio of its own");
            assertEquals(PageState.RESIDENT, m.state(1, p));
        }
        m.pageout(1, 0, 4);
        assertEquals(1, counters.swpoutFallback(2), "split pages are swapped out as order 0, not again as a fallback");
        assertEquals(8, counters.failed(0));
        m.checkInvariants();
    }

    /** Free slots 3, 4, 10, 11: no aligned run of 4 anywhere, but 4 slots in two extents. */
    private Memory scattered(final String policy, final SwapIn swapIn) {
        final Memory m = memory(policy, 32, 8, swapIn, region("pin", 31, 0), region("big", 4, 2));
        m.write(0, 0, 31);
        m.pageout(0, 0, 31);
        assertEquals(3, slot(m, 0, 2));
        m.dontneed(0, 2, 2);
        m.dontneed(0, 9, 2);
        m.write(1, 0, 4);
        m.pageout(1, 0, 4);
        return m;
    }

    @Test
    void pageout_compoundWithScatteredSlots_storesTheFolioWholeInTwoExtents() {
        final Memory m = scattered("compound", SwapIn.FOLIO);
        assertEquals(1, counters.swpoutCompound(2));
        assertEquals(0, counters.swpoutFallback(2));
        assertEquals(2, counters.extentsMax());
        assertEquals(List.of(3L, 4L, 10L, 11L), List.of(slot(m, 1, 0), slot(m, 1, 1), slot(m, 1, 2), slot(m, 1, 3)));
        m.checkInvariants();
        m.write(1, 2, 1);
        for (int p = 0; p < 4; p++) {
            assertEquals(2, m.folioOrder(1, p), "reassembled: the whole folio came back at order 2");
        }
        assertEquals(27, m.policy().allocator().usedSlots());
        m.checkInvariants();
    }

    @Test
    void pageout_buddyWithScatteredSlots_fallsBack() {
        final Memory m = scattered("buddy", SwapIn.FOLIO);
        assertEquals(1, counters.swpoutFallback(2));
        assertEquals(100.0, counters.fallbackRatio(2));
        m.write(1, 2, 1);
        assertEquals(0, m.folioOrder(1, 2), "split pages come back one by one");
        assertEquals(PageState.SWAPPED, m.state(1, 3));
        m.checkInvariants();
    }

    @Test
    void folioOrder_notResident_throws() {
        final Memory m = memory("buddy", 64, 16, SwapIn.PAGE, region("a", 8, 2));
        assertEquals("page 3: ABSENT (expected: RESIDENT)",
                assertThrows(IllegalStateException.class, () -> m.folioOrder(0, 3)).getMessage());
    }

    /**
     * Memory-model properties after every operation of a random workload, on every policy: a page is in
     * exactly one place, no two pages share a slot, pages reference exactly the slots in use; and when all is
     * dropped, every slot comes back.
     */
    @ParameterizedTest
    @ValueSource(strings = {"legacy", "cluster", "buddy", "compound"})
    void randomWorkload_everyPolicy_keepsTheInvariantsAndReturnsEverySlot(final String policy) {
        for (final SwapIn swapIn : SwapIn.values()) {
            final Workload.Region[] regions = {region("a", 128, 2), region("b", 64, 0), region("c", 96, 3)};
            final Memory m = memory(policy, 256, 32, swapIn, regions);
            final long free = m.policy().allocator().freeSlots();
            final Random rnd = new Random(42);
            int swapOuts = 0;
            for (int step = 0; step < 600; step++) {
                final int r = rnd.nextInt(regions.length);
                final int pages = regions[r].pages();
                final int first = rnd.nextInt(pages);
                final int count = 1 + rnd.nextInt(Math.min(pages - first, 24));
                switch (rnd.nextInt(10)) {
                    case 0, 1, 2, 3 -> m.write(r, first, count);
                    case 4, 5 -> m.dontneed(r, first, count);
                    default -> {
                        m.pageout(r, first, count);
                        swapOuts++;
                    }
                }
                m.checkInvariants();
            }
            assertTrue(swapOuts > 100);
            for (int r = 0; r < regions.length; r++) {
                m.dontneed(r, 0, regions[r].pages());
            }
            m.checkInvariants();
            assertEquals(0, m.policy().allocator().usedSlots(), policy + " " + swapIn);
            assertEquals(free, m.policy().allocator().freeSlots(), policy + " " + swapIn + ": every slot came back");
        }
    }

    private static List<PageState> states(final Memory m, final int region, final int n) {
        final List<PageState> s = new ArrayList<>();
        for (int p = 0; p < n; p++) {
            s.add(m.state(region, p));
        }
        return s;
    }
}

package dev.swaplayer.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The kernel models driven through the memory model, on a device small enough to work by hand from the
 * kernel's algorithm ({@code mm/swapfile.c}: {@code scan_swap_map_slots} at v6.10,
 * {@code cluster_alloc_swap_entry} at v6.12; the class comments of LegacyAllocator and ClusterAllocator).
 *
 * <p>Thread safety: each test runs on JUnit's one thread on its own instance, and builds its own memory and counters.
 *
 * <p>Device: 64 slots in clusters of 16. Cluster 0 holds the header, so at swapon it is not free: the free list
 * is clusters 1, 2, 3 (ascending: a device this small has one row of SWAP_CLUSTER_COLS). Region {@code pin}
 * has 3 small folios, region {@code big} 12 folios of order 2.
 * <ol>
 *   <li>Pageout pin: order 0 takes the head of the free list, cluster 1: slots 16, 17, 18; next[0] = 19.</li>
 *   <li>Pageout big: order 2 takes cluster 2 (slots 32-47, four folios) then cluster 3 (48-63); the free list
 *       is then empty and order 2 cannot use the partly used clusters 0 and 1, in 6.10 (only free clusters)
 *       as in 6.12 (no nonfull or frag cluster of order 2): the last four folios fall back. Their 16 pages
 *       take slots 19-31 of cluster 1 from the order-0 hint, then three slots of cluster 0.</li>
 *   <li>DONTNEED the first folio (slots 32-35) and write it again: a fresh order-2 folio. 6.10: cluster 2 is
 *       not free, so it falls back. 6.12: cluster 2 left the full list for nonfull[2] when its slots were
 *       freed, and order 2 finds slots 32-35 there.</li>
 * </ol>
 */
class KernelModelScenariosTest {
    private Counters counters;

    private Memory memory(final String policy) {
        final Geometry g = Geometry.builder(64).clusterSlots(16).build();
        counters = new Counters(g.maxOrder());
        return new Memory(List.of(new Workload.Region("pin", 3, 0), new Workload.Region("big", 48, 2)),
                TestPolicies.create(policy, g, 1), SwapIn.PAGE, counters);
    }

    private static long slot(final Memory m, final int region, final int page) {
        return SwapEntry.offset(m.slotOf(region, page));
    }

    @ParameterizedTest
    @ValueSource(strings = {"legacy", "cluster"})
    void steps1and2_bothKernels_takeFreeClustersThenFallBack(final String policy) {
        final Memory m = memory(policy);
        m.write(0, 0, 3);
        m.pageout(0, 0, 3);
        assertEquals(List.of(16L, 17L, 18L), List.of(slot(m, 0, 0), slot(m, 0, 1), slot(m, 0, 2)));
        m.write(1, 0, 48);
        m.pageout(1, 0, 48);
        for (int folio = 0; folio < 8; folio++) {
            assertEquals(32 + 4L * folio, slot(m, 1, 4 * folio), "folio " + folio);
        }
        assertEquals(8, counters.swpout(2));
        assertEquals(4, counters.swpoutFallback(2));
        assertEquals(3 + 16, counters.swpout(0));
        assertEquals(0, counters.failed(0));
        for (int p = 32; p < 45; p++) {
            assertEquals(19 + p - 32, slot(m, 1, p), "split page " + p + " follows the order-0 hint");
        }
        for (int p = 45; p < 48; p++) {
            assertEquals(0, m.policy().allocator().geometry().clusterOf(slot(m, 1, p)), "then cluster 0");
        }
        assertEquals(3 + 48, m.policy().allocator().usedSlots());
        m.checkInvariants();
    }

    @Test
    void step3_legacy_partlyFreedClusterServesNoLargeFolio() {
        step3("legacy");
        assertEquals(1, counters.swpoutFallback(2));
        assertEquals(0, counters.swpout(2));
    }

    @Test
    void step3_cluster_partlyFreedClusterServesItsOrderAgain() {
        final Memory m = step3("cluster");
        assertEquals(1, counters.swpout(2));
        assertEquals(0, counters.swpoutFallback(2));
        assertEquals(32, slot(m, 1, 0));
    }

    private Memory step3(final String policy) {
        final Memory m = memory(policy);
        m.write(0, 0, 3);
        m.pageout(0, 0, 3);
        m.write(1, 0, 48);
        m.pageout(1, 0, 48);
        m.dontneed(1, 0, 4);
        assertEquals(3 + 44, m.policy().allocator().usedSlots());
        m.write(1, 0, 4);
        counters = new Counters(m.policy().allocator().geometry().maxOrder());
        m.countInto(counters);
        m.pageout(1, 0, 4);
        m.checkInvariants();
        return m;
    }

    /**
     * Published fidelity points that a few iterations reach: Chris Li's 6.12 v5 cover letter quotes, for the
     * kernel before the series, "Iteration 1: swpout inc: 32, swpout fallback inc: 192, Fallback percentage:
     * 85.71%" and 100% from iteration 2 with -a; with the series, 0% with -a (page-by-page swap-in).
     */
    @Test
    void thpSwapTestA_pageSwapIn_matchesThePublishedShape() {
        final Workload w = Workloads.thpSwapTest(ThpMode.A, 1, 3);
        final Simulator.Options o = new Simulator.Options(SwapIn.PAGE, 1, false);
        final PolicyRun legacy = Simulator.run(w, TestPolicies.create("legacy", w.geometry(), 1), o, null);
        assertEquals(32, legacy.phases().get(1).counters().swpout(4));
        assertEquals(192, legacy.phases().get(1).counters().swpoutFallback(4));
        assertEquals(100.0, legacy.phases().get(2).counters().fallbackRatio(4));
        assertEquals(100.0, legacy.phases().get(3).counters().fallbackRatio(4));
        final PolicyRun cluster = Simulator.run(w, TestPolicies.create("cluster", w.geometry(), 1), o, null);
        for (int i = 1; i <= 3; i++) {
            assertEquals(0.0, cluster.phases().get(i).counters().fallbackRatio(4), "iteration " + i);
        }
    }

    /**
     * A device too small for the folios: Debian's 6.12.117 kernel, booted by {@code ./swaplayer kernel-run --kernel
     * debian:trixie --script s_small.swl --swapin page --compare cluster-612-slots,cluster --json} on 2026-12-06
     * (the script below), counted {@code swpout} 0 and {@code swpout_fallback} 16 at 64 KiB and 99 order-0 pages:
     * shrink_folio_list() splits a folio on any failed add_to_swap(), a full device included, and counts the
     * split. The models must count the same, the 9 folios without a slot for any page among the fallbacks.
     */
    @ParameterizedTest
    @ValueSource(strings = {"cluster", "cluster-612-slots"})
    void aFullDevice_countsAsDebians612KernelCounted(final String policy) {
        final Workload w = DataModeTest.workload("""
                swaplayer-workload 1
                swap 100
                region r 256 folio-order 4
                phase p
                write r 0 256
                pageout r
                """);
        final RunResult r = Experiment.run(TestPolicies.REGISTRY, w, null, null, List.of(policy),
                new Simulator.Options(SwapIn.PAGE, 1, false), null);
        final Counters c = r.runs().get(0).totals();
        assertEquals(0, c.swpout(4));
        assertEquals(16, c.swpoutFallback(4), "every folio split, as the kernel's swpout_fallback");
        assertEquals(99, c.swpout(0), "the kernel's pswpout: the 99 usable slots");
        assertEquals(9, c.failed(4), "of the 16, those that found no slot for any page");
    }
}

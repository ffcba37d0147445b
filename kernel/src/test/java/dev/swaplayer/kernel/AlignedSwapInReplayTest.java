package dev.swaplayer.kernel;

import static dev.swaplayer.kernel.KernelFixtures.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.kernel.KernelFixtures.Model;
import dev.swaplayer.spec.Geometry;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The shape of {@code thp_swap_allocator_test -a} ({@code tools/mm/thp_swap_allocator_test.c}) on both models, with
 * java.util.Random instead of glibc rand(): a 64 MiB device, 960 chunks of 64 KiB swapped out, then per
 * iteration 256 random whole-chunk swap-ins (each page comes back as a small folio, as on kernels without
 * large swap-in), 256 random DONTNEEDs (a fresh 64 KiB folio each) and a PAGEOUT of every chunk in memory,
 * in address order. Only the 64 KiB folios count in the ratio. The published outcome (section 13.1): without
 * the 6.12 series, about 86% fallback in iteration 1 and 100% after; with it, 0% in every iteration. The
 * simulator replays the real workload; this pins the models' headline behaviour.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own model.
 */
class AlignedSwapInReplayTest {
    private static final int CHUNK_ORDER = 4;
    private static final int PAGES = 1 << CHUNK_ORDER;
    private static final int CHUNKS = 960;
    private static final int TOUCHES = 256;
    private static final int ITERATIONS = 8;
    private static final long SEED = 1;

    @Test
    void legacyFallsBackAlmostAlwaysAfterTheFirstIteration() {
        final double[] ratios = replay(Model.LEGACY);
        System.out.println("6.10 fallback per iteration: " + Arrays.toString(ratios));
        // Only cluster 31 is still free: at most 32 chunks fit, and none if a small folio claims it first
        // (published, with glibc rand(): 85.71%).
        assertTrue(ratios[0] > 0.8, "iteration 1: " + ratios[0]);
        for (int i = 1; i < ratios.length; i++) {
            assertTrue(ratios[i] > 0.95, "iteration " + (i + 1) + ": " + ratios[i]);
        }
    }

    @Test
    void clusterNeverFallsBackWithWholeChunkSwapIn() {
        final double[] ratios = replay(Model.CLUSTER);
        System.out.println("6.12 fallback per iteration: " + Arrays.toString(ratios));
        for (final double r : ratios) {
            assertEquals(0.0, r);
        }
    }

    private static double[] replay(final Model model) {
        final KernelModel a = model.create(Geometry.builder(KernelFixtures.ZRAM_SLOTS).build(), 1);
        final long[][] slots = new long[CHUNKS][];
        final Random r = new Random(SEED);
        final boolean[] all = new boolean[CHUNKS];
        Arrays.fill(all, true);
        pageout(a, slots, all);
        final double[] ratios = new double[ITERATIONS];
        for (int it = 0; it < ITERATIONS; it++) {
            final boolean[] large = new boolean[CHUNKS];
            for (int i = 0; i < TOUCHES; i++) {
                swapIn(a, slots, r.nextInt(CHUNKS));
            }
            for (int i = 0; i < TOUCHES; i++) {
                final int chunk = r.nextInt(CHUNKS);
                swapIn(a, slots, chunk);
                large[chunk] = true;
            }
            ratios[it] = pageout(a, slots, large);
            a.checkConsistency();
        }
        return ratios;
    }

    /** Brings a chunk back (or discards it): its slots are freed. */
    private static void swapIn(final KernelModel a, final long[][] slots, final int chunk) {
        if (slots[chunk] == null) {
            return;
        }
        if (slots[chunk].length == 1) {
            a.free(entry(slots[chunk][0]), PAGES);
        } else {
            for (final long s : slots[chunk]) {
                a.free(entry(s), 1);
            }
        }
        slots[chunk] = null;
    }

    /**
     * Swaps out every chunk in memory, in address order: a large folio tries order 4 and is split on failure;
     * a chunk of small folios takes 16 order-0 slots.
     *
     * @return the 64 KiB fallback ratio
     */
    private static double pageout(final KernelModel a, final long[][] slots, final boolean[] large) {
        int swpout = 0;
        int fallback = 0;
        for (int chunk = 0; chunk < CHUNKS; chunk++) {
            if (slots[chunk] != null) {
                continue;
            }
            final long e = large[chunk] ? a.allocate(CHUNK_ORDER) : SwapEntry.NONE;
            if (e != SwapEntry.NONE) {
                slots[chunk] = new long[] {SwapEntry.offset(e)};
                swpout++;
                continue;
            }
            fallback += large[chunk] ? 1 : 0;
            final long[] pages = new long[PAGES];
            for (int p = 0; p < PAGES; p++) {
                pages[p] = SwapEntry.offset(a.allocate(0));
                assertTrue(pages[p] != 0, "the device has room for every page");
            }
            slots[chunk] = pages;
        }
        return (double) fallback / (fallback + swpout);
    }
}

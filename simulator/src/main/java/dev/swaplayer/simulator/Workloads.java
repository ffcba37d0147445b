package dev.swaplayer.simulator;

import dev.swaplayer.device.UserInput;
import java.util.List;

/**
 * The built-in workloads. Each is generated up front as a {@link Workload}, exactly the program a v1 script
 * would hold, so {@code --emit-script} and {@code replay} reproduce a built-in run operation for operation.
 * Every random draw is independent of the simulated state, so one workload serves every policy.
 *
 * <p>Thread safety: stateless.
 */
public final class Workloads {
    /** The built-in names. */
    public static final List<String> NAMES = List.of("thp-swap-test", "aging", "adversarial");

    /** Pages of 4 KiB in 64 MiB: the test's zram disk. */
    static final int THP_SWAP_PAGES = 16384;
    /** 60 MiB of 4 KiB pages: the mTHP region mem1. */
    static final int THP_MTHP_PAGES = 15360;
    /** 4 MiB: the small-folio region mem2 (-s). */
    static final int THP_SMALL_PAGES = 1024;
    /** 64 KiB folios: order 4. */
    static final int THP_ORDER = 4;
    /** 16 MiB of swap-in and of DONTNEED per iteration, in 64 KiB chunks. */
    static final int THP_CHUNK_DRAWS = 256;
    /** 16 MiB of swap-in per iteration in 4 KiB pages (no -a). */
    static final int THP_PAGE_DRAWS = 4096;
    /** 1 MiB of swap-in per iteration on mem2 in 4 KiB pages (-s). */
    static final int THP_SMALL_DRAWS = 256;

    private Workloads() {
    }

    /**
     * {@code tools/mm/thp_swap_allocator_test.c} (v2, in mainline) on its documented setup: a 64 MiB zram
     * device, 64 KiB mTHP always, 2 MiB THP never. Draws are glibc {@code rand()} with {@code srand(seed)}.
     * <pre>
     * mem1 = 60 MiB (MADV_HUGEPAGE: 64 KiB folios); with -s mem2 = 4 MiB (MADV_NOHUGEPAGE: small folios)
     * warm-up: memset mem1; PAGEOUT mem1; with -s: memset mem2; PAGEOUT mem2
     * each iteration:
     *   -a: 256 x memset a random 64 KiB chunk of mem1   (rand() % 960)
     *   else: 4096 x memset a random 4 KiB page of mem1  (rand() % 15360)
     *   256 x { chunk = rand() % 960; DONTNEED chunk; memset chunk }
     *   -s: 256 x memset a random 4 KiB page of mem2      (rand() % 1024)
     *   PAGEOUT mem1; -s: PAGEOUT mem2
     * </pre>
     * Phases: {@code warm-up}, then {@code iteration 1} .. {@code iteration N}.
     *
     * @param mode the -a / -s flags
     * @param seed the srand() seed; the C program never calls srand(), which is seed 1
     * @param iterations the C program runs 100
     * @return the workload
     */
    public static Workload thpSwapTest(final ThpMode mode, final long seed, final int iterations) {
        checkIterations(iterations);
        final GlibcRandom rand = new GlibcRandom(seed);
        final Workload.Builder b = Workload.builder("thp-swap-test", THP_SWAP_PAGES, 512)
                .comment("thp-swap-test: tools/mm/thp_swap_allocator_test.c v2, flags " + mode.flags() + ", srand("
                        + seed + "), " + iterations + " iterations")
                .comment("64 MiB swap; mem1 60 MiB of 64 KiB folios" + (mode.smallFolios()
                        ? "; mem2 4 MiB of small folios" : ""));
        final int mem1 = b.region("mem1", THP_MTHP_PAGES, THP_ORDER);
        final int mem2 = mode.smallFolios() ? b.region("mem2", THP_SMALL_PAGES, 0) : -1;
        final int chunk = 1 << THP_ORDER;
        final int chunks = THP_MTHP_PAGES / chunk;
        b.phase("warm-up").write(mem1, 0, THP_MTHP_PAGES).pageout(mem1);
        if (mem2 >= 0) {
            b.write(mem2, 0, THP_SMALL_PAGES).pageout(mem2);
        }
        for (int i = 1; i <= iterations; i++) {
            b.phase("iteration " + i);
            if (mode.aligned()) {
                for (int d = 0; d < THP_CHUNK_DRAWS; d++) {
                    b.write(mem1, (long) rand.nextMod(chunks) * chunk, chunk);
                }
            } else {
                for (int d = 0; d < THP_PAGE_DRAWS; d++) {
                    b.write(mem1, rand.nextMod(THP_MTHP_PAGES), 1);
                }
            }
            for (int d = 0; d < THP_CHUNK_DRAWS; d++) {
                final long at = (long) rand.nextMod(chunks) * chunk;
                b.dontneed(mem1, at, chunk).write(mem1, at, chunk);
            }
            if (mem2 >= 0) {
                for (int d = 0; d < THP_SMALL_DRAWS; d++) {
                    b.write(mem2, rand.nextMod(THP_SMALL_PAGES), 1);
                }
            }
            b.pageout(mem1);
            if (mem2 >= 0) {
                b.pageout(mem2);
            }
        }
        return b.build();
    }

    /**
     * A long mixed run in the spirit of the field reports ("under 10% fallback in the first hour, 100% after
     * several hours"; "unusable after five hours with less than half of swap in use"): a 256 MiB device,
     * three apps with 64 KiB folios and a small-folio heap, 44% of the device at most in use. A warm-up
     * phase writes everything and swaps it out; then each phase (an "hour"):
     * <pre>
     *   2048 x touch a random 4 KiB page of a random app    (page-level swap-in)
     *   512  x touch a random page of the heap
     *   96   x { a random 64 KiB chunk of a random app: DONTNEED, then rewrite }   (free + fresh mTHP)
     *   128  x { a random page of the heap: DONTNEED, then rewrite }
     *   every 10th phase: app3 restarts: DONTNEED all of it, then rewrite it
     *   PAGEOUT every region (reclaim)
     * </pre>
     * Draws are {@link GlibcRandom} with the given seed.
     *
     * @param seed the seed
     * @param phases how many hours
     * @return the workload
     */
    public static Workload aging(final long seed, final int phases) {
        checkIterations(phases);
        final GlibcRandom rand = new GlibcRandom(seed);
        final Workload.Builder b = Workload.builder("aging", 65536, 512)
                .comment("aging: seed " + seed + ", " + phases + " phases; 256 MiB swap, three apps of 64 KiB folios"
                        + " and a small-folio heap");
        final int[] apps = {b.region("app1", 12288, THP_ORDER), b.region("app2", 8192, THP_ORDER),
            b.region("app3", 4096, THP_ORDER)};
        final int[] appPages = {12288, 8192, 4096};
        final int heap = b.region("heap", 4096, 0);
        b.phase("warm-up");
        for (int a = 0; a < apps.length; a++) {
            b.write(apps[a], 0, appPages[a]);
        }
        b.write(heap, 0, 4096);
        pageoutAll(b, apps, heap);
        final int chunk = 1 << THP_ORDER;
        for (int h = 1; h <= phases; h++) {
            b.phase("hour " + h);
            for (int d = 0; d < 2048; d++) {
                final int a = rand.nextMod(apps.length);
                b.write(apps[a], rand.nextMod(appPages[a]), 1);
            }
            for (int d = 0; d < 512; d++) {
                b.write(heap, rand.nextMod(4096), 1);
            }
            for (int d = 0; d < 96; d++) {
                final int a = rand.nextMod(apps.length);
                final long at = (long) rand.nextMod(appPages[a] / chunk) * chunk;
                b.dontneed(apps[a], at, chunk).write(apps[a], at, chunk);
            }
            for (int d = 0; d < 128; d++) {
                final int p = rand.nextMod(4096);
                b.dontneed(heap, p, 1).write(heap, p, 1);
            }
            if (h % 10 == 0) {
                b.dontneed(apps[2], 0, appPages[2]).write(apps[2], 0, appPages[2]);
            }
            pageoutAll(b, apps, heap);
        }
        return b.build();
    }

    private static void pageoutAll(final Workload.Builder b, final int[] apps, final int heap) {
        for (final int a : apps) {
            b.pageout(a);
        }
        b.pageout(heap);
    }

    /**
     * The seed's malicious pattern: fill the device with small folios, free all but one slot in every
     * aligned block of the folio size (64 KiB), then swap out large folios. Each round drops the victim region
     * and writes it afresh before swapping it out again.
     * <pre>
     *   phase fill:   memset 16383 pages of small folios; PAGEOUT          (the device is full)
     *   phase punch:  DONTNEED 15 of every 16 pages (keep page 16i+15)      (one slot pinned per block
     *                                                                        when slots were given out in order)
     *   phase attack N: DONTNEED victim; memset victim (8192 pages of 64 KiB folios); PAGEOUT victim
     * </pre>
     *
     * @param rounds attack rounds
     * @return the workload
     */
    public static Workload adversarial(final int rounds) {
        checkIterations(rounds);
        final int swap = THP_SWAP_PAGES;
        final int chunk = 1 << THP_ORDER;
        final Workload.Builder b = Workload.builder("adversarial", swap, 512)
                .comment("adversarial: fill swap, keep one page in every aligned 64 KiB block, then swap out 64 KiB"
                        + " folios; " + rounds + " rounds");
        final int filler = b.region("filler", swap - 1, 0);
        final int victim = b.region("victim", swap / 2, THP_ORDER);
        b.phase("fill").write(filler, 0, swap - 1).pageout(filler);
        b.phase("punch");
        for (int at = 0; at < swap - 1; at += chunk) {
            b.dontneed(filler, at, Math.min(chunk - 1, swap - 1 - at));
        }
        for (int r = 1; r <= rounds; r++) {
            b.phase("attack " + r).dontneed(victim, 0, swap / 2).write(victim, 0, swap / 2).pageout(victim);
        }
        return b.build();
    }

    /**
     * Builds a built-in by name.
     *
     * @param name one of {@link #NAMES}
     * @param mode the thp-swap-test flags (ignored by the others)
     * @param seed the seed (ignored by adversarial, which draws nothing)
     * @param iterations iterations, hours or rounds
     * @return the workload
     * @throws IllegalArgumentException for an unknown name
     */
    public static Workload byName(final String name, final ThpMode mode, final long seed, final int iterations) {
        checkName(name);
        return switch (name) {
            case "thp-swap-test" -> thpSwapTest(mode, seed, iterations);
            case "aging" -> aging(seed, iterations);
            case "adversarial" -> adversarial(iterations);
            default -> throw new AssertionError(name);
        };
    }

    /**
     * Returns its default iteration count: 100 (the C test's), or 10 rounds for adversarial.
     *
     * @param name a built-in's name
     * @throws IllegalArgumentException for an unknown name
     */
    public static int defaultIterations(final String name) {
        checkName(name);
        return name.equals("adversarial") ? 10 : 100;
    }

    private static void checkName(final String name) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("--workload: " + UserInput.show(name) + " (expected: "
                    + String.join(", ", NAMES) + ")");
        }
    }

    /** The most iterations a built-in accepts. */
    public static final int MAX_ITERATIONS = 100_000;

    private static void checkIterations(final int n) {
        if (n < 1 || n > MAX_ITERATIONS) {
            throw new IllegalArgumentException("--iterations: " + n + " (expected: 1.." + MAX_ITERATIONS + ")");
        }
    }
}

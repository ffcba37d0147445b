package dev.swaplayer.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.FolioPolicy;
import dev.swaplayer.allocator.ForwardingFolioAllocator;
import dev.swaplayer.allocator.ForwardingSlotAllocator;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Fragmentation;
import dev.swaplayer.spec.Geometry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The stress run on a small, crowded device: every thread-safe policy must come out with nothing lost or
 * duplicated, and the outside audit must catch the planted defects of {@link FirstFitProviders}.
 */
class StressTest {
    /** The built-in policies plus this module's test providers ({@link FirstFitProviders}). */
    private static final PolicyRegistry REGISTRY = PolicyRegistry.builtIn();
    /** Small clusters and a small device, so that threads meet in the same clusters all the time. */
    private final Geometry g = Geometry.builder(4096).clusterSlots(64).maxOrder(4).build();

    @ParameterizedTest
    @ValueSource(strings = {"cluster", "cluster-72", "buddy", "compound", "first-fit"})
    void threeThreadsLoseAndDuplicateNothing(final String policy) throws InterruptedException {
        final Stress.Result r = Stress.run(REGISTRY, policy, g, 3, 30_000, 7);
        assertNull(r.failure());
        assertEquals(0, r.lost(), "lost");
        assertEquals(0, r.duplicated(), "duplicated");
        assertEquals(30_000, r.ops());
        assertEquals(3, r.threads());
        assertEquals(policy, r.policy());
        assertTrue(r.passed());
    }

    @Test
    void progress_isHeardOnTheCallingThread_andAddsUpToTheOperations() throws InterruptedException {
        final Thread caller = Thread.currentThread();
        final long[] sum = new long[1];
        final List<Thread> heardOn = new ArrayList<>();
        final Stress.Result r = Stress.run(REGISTRY, "buddy", g, 3, 3 * Stress.PROGRESS_STEP + 5, 7, n -> {
            assertTrue(n >= 0, "a step forward: " + n);
            sum[0] += n;
            heardOn.add(Thread.currentThread());
        });
        assertTrue(r.passed(), r.toString());
        assertEquals(3 * Stress.PROGRESS_STEP + 5, sum[0]);
        assertFalse(heardOn.isEmpty());
        assertTrue(heardOn.stream().allMatch(t -> t == caller), "only on the calling thread");
    }

    @ParameterizedTest
    @ValueSource(strings = {"legacy", "first-fit-confined"})
    void aPolicyThatIsNotThreadSafeRunsOnOneThreadOnly(final String policy) throws InterruptedException {
        final Stress.Result r = Stress.run(REGISTRY, policy, g, 1, 20_000, 7);
        assertTrue(r.passed(), r.toString());
        assertEquals("threads: 2 (expected: 1 for " + policy + ", which is not thread-safe)",
                assertThrows(IllegalArgumentException.class, () -> Stress.run(REGISTRY, policy, g, 2, 10, 1))
                        .getMessage());
    }

    @Test
    void all_isEveryThreadSafePolicy_orEveryPolicyOnOneThread() {
        assertEquals(List.of("cluster", "buddy", "compound", "first-fit", "planted-double", "planted-leak"),
                Stress.all(REGISTRY, 2));
        assertEquals(REGISTRY.all(), Stress.all(REGISTRY, 1));
    }

    @Test
    void aWorkersFailureNamesThePluginsFrame_whenAPluginThrewIt() {
        final IllegalStateException e = new IllegalStateException("swap cache flag of slot 5: clear");
        e.setStackTrace(new StackTraceElement[] {
            new StackTraceElement(null, null, null, "dev.swaplayer.check.Stress", "step", "Stress.java", 1),
            new StackTraceElement(PolicyRegistry.PLUGIN_LOADER + "mine.jar", null, null, "mine.Alloc", "cacheDel",
                    "Alloc.java", 42)});
        assertEquals("worker failed: java.lang.IllegalStateException: swap cache flag of slot 5: clear at"
                + " mine.Alloc.cacheDel(Alloc.java:42)", Stress.failed(e));
        assertEquals("worker failed: java.lang.IllegalStateException: boom",
                Stress.failed(new IllegalStateException("boom")), "no plug-in frame: the exception alone");
    }

    @Test
    void plantedDoubleHandout_isCountedAsDuplicated() throws InterruptedException {
        final Stress.Result r = Stress.run(REGISTRY, "planted-double", g, 2, 20_000, 7);
        assertTrue(r.duplicated() > 0, r.toString());
        assertFalse(r.passed());
    }

    @Test
    void plantedLeak_isCountedAsLost() throws InterruptedException {
        final Stress.Result r = Stress.run(REGISTRY, "planted-leak", g, 2, 20_000, 7);
        assertTrue(r.lost() > 0, r.toString());
        assertEquals(0, r.duplicated(), r.toString());
        assertFalse(r.passed());
    }

    @Test
    void aFreeSlotsCounterThatLosesAnUpdate_failsTheEmptyDeviceCheck() throws InterruptedException {
        final AllocatorProvider drifting = new AllocatorProvider() {
            @Override
            public String name() {
                return "drifting";
            }

            @Override
            public SlotAllocator create(final int type, final Geometry geometry) {
                return new ForwardingSlotAllocator<>(new BuddyAllocator(type, geometry)) {
                    private long threes;

                    @Override
                    public void free(final long entry, final long nrSlots) {
                        delegate().free(entry, nrSlots);
                        threes += nrSlots == 3 ? 1 : 0;
                    }

                    @Override
                    public long freeSlots() { // planted: a free of three slots is not counted
                        return delegate().freeSlots() - 3 * threes;
                    }
                };
            }
        };
        final Stress.Result r = Stress.run(PolicyRegistry.builtIn().with(drifting), "drifting", g, 1, 20_000, 7);
        assertFalse(r.passed());
        assertEquals(0, r.lost(), "nothing leaked: only the counter is wrong");
        assertTrue(r.failure().startsWith("after every thread returned what it held: usedSlots() = 0, freeSlots() = "),
                r.failure());
        assertTrue(r.failure().endsWith(" (expected: 0 and 4095, every slot but the reserved ones: an update of a"
                + " counter was lost)"), r.failure());
    }

    /**
     * Counters right, but the per-order free counts behind {@code fragmentation()} miss an update (as when they are
     * applied after the lock is let go): the empty device's buddyinfo shows it.
     */
    @Test
    void aFreeBlockCountThatLosesAnUpdate_failsTheEmptyDeviceCheck() throws InterruptedException {
        final AllocatorProvider stale = new AllocatorProvider() {
            @Override
            public String name() {
                return "stale-buddyinfo";
            }

            @Override
            public SlotAllocator create(final int type, final Geometry geometry) {
                return new ForwardingSlotAllocator<>(new BuddyAllocator(type, geometry)) {
                    private boolean freedThree;

                    @Override
                    public void free(final long entry, final long nrSlots) {
                        delegate().free(entry, nrSlots);
                        freedThree |= nrSlots == 3;
                    }

                    @Override
                    public Fragmentation fragmentation() { // planted: one order-0 block too many, for good
                        final long[] blocks = delegate().fragmentation().toArray();
                        blocks[0] += freedThree ? 1 : 0;
                        return new Fragmentation(blocks);
                    }
                };
            }
        };
        final Stress.Result r = Stress.run(PolicyRegistry.builtIn().with(stale), "stale-buddyinfo", g, 1, 20_000, 7);
        assertFalse(r.passed());
        assertTrue(r.failure().startsWith("after every thread returned what it held: fragmentation() = "), r.failure());
        assertTrue(r.failure().endsWith(", the empty device's free blocks: an update of a free-block count was lost or"
                + " applied twice)"), r.failure());
        assertTrue(Stress.run(REGISTRY, "buddy", g, 2, 20_000, 7).passed(), "the buddy allocator's buddyinfo holds");
    }

    /** Counters that agree with each other while slots stayed in use: a leak, not a lost update of a counter. */
    @Test
    void slotsThatStayedInUse_areNamedALeak_notALostCounterUpdate() throws InterruptedException {
        final PolicyRegistry r = PlantedBuddy.registry((type, geometry) -> new PlantedBuddy(type, geometry) {
            @Override
            public void free(final long entry, final long nrSlots) {
                if (nrSlots == 1 && SwapEntry.offset(entry) % 64 == 7) {
                    return; // planted: this free is lost, and the allocator's counters still agree
                }
                delegate().free(entry, nrSlots);
            }
        });
        final Stress.Result res = Stress.run(r, PlantedBuddy.NAME, g, 1, 20_000, 7);
        assertTrue(res.lost() > 0, res.toString());
        assertTrue(res.failure().matches("after every thread returned what it held: usedSlots\\(\\) = \\d+,"
                + " freeSlots\\(\\) = \\d+ \\(expected: 0 and 4095, every slot but the reserved ones: \\d+ slots"
                + " stayed in use, a free that was lost or kept back\\)"), res.failure());
    }

    @Test
    void slotsFreeByTheCountersButNeverHandedOutAgain_areNamedByTheDrain() throws InterruptedException {
        final PolicyRegistry r = PlantedBuddy.registry((type, geometry) -> new PlantedBuddy(type, geometry) {
            /** Slots kept back by a free, as a lost update of a lowest-free hint or per-cluster count would. */
            private final AtomicLong stranded = new AtomicLong();

            @Override
            public void free(final long entry, final long nrSlots) {
                if (nrSlots == 1 && SwapEntry.offset(entry) % 64 == 7 && stranded.get() < 5) {
                    stranded.incrementAndGet(); // planted: counted free, never freed in the allocator
                    return;
                }
                delegate().free(entry, nrSlots);
            }

            @Override
            public long usedSlots() {
                return delegate().usedSlots() - stranded.get();
            }

            @Override
            public long freeSlots() {
                return delegate().freeSlots() + stranded.get();
            }
        });
        for (final int threads : new int[] {1, 2}) {
            final Stress.Result res = Stress.run(r, PlantedBuddy.NAME, g, threads, 20_000, 7);
            assertEquals(0, res.lost(), "the counters balance: " + res);
            assertTrue(res.failure().matches("once the workers had stopped, with what they held in use, allocate\\(0\\)"
                    + " handed out \\d+ and then NONE where freeSlots\\(\\) read \\d+: 5 free slots can no longer be"
                    + " handed out \\(an update of the free-space bookkeeping was lost\\) \\(expected: every free slot"
                    + " handed out once by allocate\\(0\\) on the quiet device\\)"), threads + " threads: " + res);
        }
    }

    /**
     * An allocator with the folio calls under the split policy, whose partial {@code freeFolioPages} frees only
     * the range's first page: the simulator never calls it, verify's single-thread checks do, and so must the
     * stress run, which drives such an allocator through both sets of calls.
     */
    @Test
    void theFolioCallsOfAnAllocatorUnderTheSplitPolicy_areStressedToo() throws InterruptedException {
        final AllocatorProvider leaky = new AllocatorProvider() {
            @Override
            public String name() {
                return "leaky-folio-free";
            }

            @Override
            public SlotAllocator create(final int type, final Geometry geometry) {
                return new ForwardingFolioAllocator<>(new BuddyAllocator(type, geometry)) {
                    @Override
                    public void freeFolioPages(final long handle, final int order, final int first, final int count) {
                        delegate().freeFolioPages(handle, order, first, 1); // planted: the rest of the range leaks
                    }
                };
            }
        };
        final PolicyRegistry r = PolicyRegistry.builtIn().with(leaky);
        assertEquals(FolioPolicy.SPLIT, r.provider("leaky-folio-free").folioPolicy());
        final Stress.Result res = Stress.run(r, "leaky-folio-free", g, 1, 20_000, 7);
        assertFalse(res.passed(), res.toString());
        assertTrue(res.lost() > 0, "the pages a partial free kept are lost: " + res);
    }

    @Test
    void aResultWithAnythingLostOrBrokenFails() {
        assertTrue(new Stress.Result("buddy", 1, 1, 0, 0, 0.1, null).passed());
        assertTrue(!new Stress.Result("buddy", 1, 1, 1, 0, 0.1, null).passed());
        assertTrue(!new Stress.Result("buddy", 1, 1, 0, 1, 0.1, null).passed());
        assertTrue(!new Stress.Result("buddy", 1, 1, 0, 0, 0.1, "audit: x").passed());
    }

    @Test
    void badCountsAndNamesAreRejected() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Stress.run(REGISTRY, "buddy", g, 0, 10, 1)).getMessage().startsWith("threads: 0"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Stress.run(REGISTRY, "buddy", g, 1, 0, 1)).getMessage().startsWith("ops: 0"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> Stress.run(REGISTRY, "slab", g, 1, 10, 1)).getMessage().startsWith("--policy: slab"));
    }
}

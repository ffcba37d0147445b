package dev.swaplayer.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.ForwardingFolioAllocator;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.SwapResult;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contested rounds: the thread-safe policies pass every round, and each kind of round names its planted defect
 * in its first round whatever the interleaving, because each one is wrong however the two calls fall (a swallowed
 * rejection, an OK for a pin already given, a call on one thread that answers and does nothing). What running them
 * at once adds is a check or an update made outside the lock (the outside reviewer's plug-in that validated a free
 * before it took its locks was caught in the first stress round at each of seeds 1 to 5); the checks on the answers
 * are these.
 *
 * <p>Thread safety: each test drives the allocator from {@link ContestedCalls}' two threads only.
 */
class ContestedCallsTest {
    private static final Geometry G = Geometry.builder(1024).clusterSlots(64).maxOrder(4).build();
    private static final String LEADER = "swaplayer-contested-0";
    private static final String FOLLOWER = "swaplayer-contested-1";

    @ParameterizedTest
    @ValueSource(strings = {"cluster", "cluster-72", "buddy", "compound", "first-fit"})
    void everyThreadSafePolicyComesOutAsOneCallAfterTheOtherEveryRound(final String policy)
            throws InterruptedException {
        final StressTarget t = StressTarget.of(PolicyRegistry.builtIn(), policy, G, 2);
        assertNull(ContestedCalls.run(t, () -> StressTarget.of(PolicyRegistry.builtIn(), policy, G, 2), 7));
        assertEquals(0, t.usedSlots(), "each round's slot was freed");
    }

    /** The frees, and the same swap-count call made by both threads. */
    static Stream<Arguments> plantedDefects() {
        return Stream.of(
                planted(ContestedCalls.Kind.FREE, SwallowedFreeRejection::new,
                        "contested round 1: the free of a 4-page folio at swp(0:0x4), by two threads at once: "
                        + "returned on one, returned on the other (expected: one to free it, the other rejected "
                        + "with IllegalStateException or IllegalArgumentException, as the same call made second "
                        + "is: both went through, the slot was freed twice)"),
                planted(ContestedCalls.Kind.LAST_PUT, FalseForAFreeSlotsPut::new,
                        "contested round 1: put(swp(0:0x1)) by two threads at once, at count 1, out of the swap "
                        + "cache: false on one, true on the other, then free (expected, as the two calls made one "
                        + "after the other: rejected (IllegalStateException) on one, true on the other, then free)"),
                planted(ContestedCalls.Kind.LAST_CACHE_DEL, FalseForAnUncachedSlotsCacheDel::new,
                        "contested round 1: cacheDel(swp(0:0x1)) by two threads at once, at count 0, in the swap "
                        + "cache: false on one, true on the other, then free (expected, as the two calls made one "
                        + "after the other: rejected (IllegalStateException) on one, true on the other, then free)"),
                planted(ContestedCalls.Kind.DUP, DupThatAddsNothing.on(FOLLOWER),
                        "contested round 1: dup(swp(0:0x1)) by two threads at once, at count 1, out of the swap "
                        + "cache: OK on one, OK on the other, then count 2, out of the swap cache (expected, as "
                        + "the two calls made one after the other: OK on one, OK on the other, then count 3, out "
                        + "of the swap cache: an update of the count was lost)"),
                planted(ContestedCalls.Kind.CACHE_ADD, CacheAddAlwaysOk::new,
                        "contested round 1: cacheAdd(swp(0:0x1)) by two threads at once, at count 1, out of the "
                        + "swap cache: OK on one, OK on the other, then count 1, in the swap cache (expected, as "
                        + "the two calls made one after the other: ALREADY_CACHED on one, OK on the other, then "
                        + "count 1, in the swap cache)"),
                planted(ContestedCalls.Kind.SPLIT_FREE, FollowersFreesLost::new,
                        "contested round 1: the free of pages 0..1 and pages 2..3 of a 4-page folio at "
                        + "swp(0:0x4), one half by each, by two threads at once: returned on one, returned on the "
                        + "other (expected: both to return and every page to be freed once: usedSlots() 0 after, "
                        + "it reads 2)"),
                planted(ContestedCalls.Kind.SPLIT_FREE, EveryFreeRejected::new,
                        "contested round 1: the free of pages 0..1 and pages 2..3 of a 4-page folio at "
                        + "swp(0:0x4), one half by each, by two threads at once: rejected: "
                        + "java.lang.IllegalStateException: free: refused on one, rejected: "
                        + "java.lang.IllegalStateException: free: refused on the other (expected: both to return "
                        + "and every page to be freed once: usedSlots() 0 after, it reads 4)"));
    }

    /** The kernel's races of two different calls, and a device's first use. */
    static Stream<Arguments> plantedRaces() {
        return Stream.of(
                planted(ContestedCalls.Kind.DUP_PUT, FollowersPutClaimsToFree::new,
                        "contested round 1: dup and put of swp(0:0x1) by two threads at once, at count 2, out of "
                        + "the swap cache: OK from the dup, true from the put, then count 2, out of the swap cache "
                        + "(expected, as the two calls made one after the other in either order: OK from the dup, "
                        + "false from the put, then count 2, out of the swap cache)"),
                planted(ContestedCalls.Kind.PUT_CACHE_DEL, FollowersCacheDelDoesNothing::new,
                        "contested round 1: put and cacheDel of swp(0:0x1) by two threads at once, at count 1, "
                        + "in the swap cache: false from the put, false from the cacheDel, then count 0, in the "
                        + "swap cache (expected, as the two calls made one after the other: false from the put, "
                        + "true from the cacheDel, then free, with the put first; or true from the put, false from "
                        + "the cacheDel, then free, with the cacheDel first)"),
                planted(ContestedCalls.Kind.CACHE_ADD_PUT, CacheAddPinsNothing.on(LEADER, SwapResult.ALREADY_CACHED),
                        "contested round 1: cacheAdd and put of swp(0:0x1) by two threads at once, at count 1, "
                        + "out of the swap cache: ALREADY_CACHED from the cacheAdd, true from the put, then free "
                        + "(expected, as the two calls made one after the other: OK from the cacheAdd, false from "
                        + "the put, then count 0, in the swap cache, with the cacheAdd first; or NOT_IN_USE from "
                        + "the cacheAdd, true from the put, then free, with the put first)"),
                planted(ContestedCalls.Kind.PUT_CACHE_DEL, FollowersCacheDelUnpinsButKeeps::new,
                        "contested round 1: put and cacheDel of swp(0:0x1) by two threads at once, at count 1, "
                        + "in the swap cache: false from the put, true from the cacheDel, then count 0, out of the "
                        + "swap cache, yet in use (usedSlots() reads 1 where one free leaves 0) (expected, as the "
                        + "two calls made one after the other: false from the put, true from the cacheDel, then "
                        + "free, with the put first; or true from the put, false from the cacheDel, then free, "
                        + "with the cacheDel first: the slot leaked)"),
                planted(ContestedCalls.Kind.FIRST_USE, FollowerGetsTheLeadersRun::new,
                        "contested round 1: allocate(2) by two threads at once on a device just created: swp(0:0x4) on "
                        + "one, swp(0:0x4) on the other: both hold swp(0:0x4) (expected: two folios that share no "
                        + "slot; what the allocator builds on first use, or a descriptor's table or id, was raced)"),
                planted(ContestedCalls.Kind.FIRST_CARRY, FollowersCarryReplacesThePage::new,
                        "contested round 1: dup(swp(0:0x1)) and dup(swp(0:0x2)), two slots of one cluster at count 62,"
                        + " out of the swap cache on a device just created (the first carries past the swap_map byte"
                        + " in that cluster), by two threads at once: OK and OK, then swp(0:0x1) reads count 62, out"
                        + " of the swap cache and swp(0:0x2) count 63, out of the swap cache (expected: count 63, out"
                        + " of the swap cache each: each dup raises its own slot's count; an update was lost)"),
                planted(ContestedCalls.Kind.SWAP_IN_PUT, CacheAddPinsNothing.on(FOLLOWER, SwapResult.OK),
                        "contested round 1: the last put of swp(0:0x1) on one thread, a swap-in's cacheAdd and then"
                        + " cacheDel on the other, at count 1, out of the swap cache: true from the put, OK from the"
                        + " cacheAdd, rejected (IllegalStateException) from the cacheDel, then free (expected, as"
                        + " the three calls made one after another: true from the put, NOT_IN_USE from the cacheAdd"
                        + " (no cacheDel), then free, with the put first; or false from the put, OK from the cacheAdd,"
                        + " true from the cacheDel, then free, with the put between; or true from the put, OK from the"
                        + " cacheAdd, false from the cacheDel, then free, with the put last)"),
                planted(ContestedCalls.Kind.DUP_CACHE_DEL, DupThatAddsNothing.on(LEADER),
                        "contested round 1: dup and cacheDel of swp(0:0x1) by two threads at once, at count 0, "
                        + "in the swap cache: OK from the dup, true from the cacheDel, then free (expected, as the "
                        + "two calls made one after the other: OK from the dup, false from the cacheDel, then "
                        + "count 1, out of the swap cache, with the dup first; or rejected (IllegalStateException) "
                        + "from the dup, true from the cacheDel, then free, with the cacheDel first)"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource({"plantedDefects", "plantedRaces"})
    void eachKindNamesItsPlantedDefectInItsFirstRound(final ContestedCalls.Kind kind, final String defect,
            final BiFunction<Integer, Geometry, SlotAllocator> planted, final String expected)
            throws InterruptedException {
        final StressTarget t = PlantedBuddy.target(planted, G, 2);
        assertEquals(expected, ContestedCalls.run(t, () -> PlantedBuddy.target(planted, G, 2), 7, EnumSet.of(kind)),
                defect);
    }

    /**
     * The compound rounds run on a device whose free slots are scattered, through the folio calls, for an allocator
     * with them under any folio policy (this one has the default, split); each names its planted defect in its first
     * round.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("plantedCompoundDefects")
    void eachCompoundKindNamesItsPlantedDefectInItsFirstRound(final ContestedCalls.Kind kind, final String expected)
            throws InterruptedException {
        final PolicyRegistry r = PolicyRegistry.builtIn().with(new AllocatorProvider() {
            @Override
            public String name() {
                return "planted-folios";
            }

            @Override
            public SlotAllocator create(final int type, final Geometry geometry) {
                return new DescriptorsKeptAndSecondFreeSwallowed(type, geometry);
            }

            @Override
            public boolean threadSafe() {
                return true;
            }
        });
        final StressTarget t = StressTarget.of(r, "planted-folios", G, 2);
        final String got = ContestedCalls.run(t, () -> StressTarget.of(r, "planted-folios", G, 2), 7,
                EnumSet.of(kind));
        assertTrue(got != null && got.matches(expected), got);
    }

    static Stream<Arguments> plantedCompoundDefects() {
        return Stream.of(
                Arguments.of(ContestedCalls.Kind.COMPOUND_FREE, "contested round 1: the free of a compound \\d+-page"
                        + " folio at swp\\(0:0x\\p{XDigit}+\\), by two threads at once: returned on one, returned on"
                        + " the other \\(expected: one to free it, the other rejected .*: both went through, the slot"
                        + " was freed twice\\)"),
                Arguments.of(ContestedCalls.Kind.COMPOUND_SPLIT_FREE, "contested round 1: the free of pages 0\\.\\.\\d+"
                        + " and pages \\d+\\.\\.\\d+ of a compound \\d+-page folio at .*, one half by each, by two"
                        + " threads at once: returned on one, returned on the other \\(expected: no descriptor left"
                        + " behind and the allocator's audit to hold once the folio's pages were freed: 1 compound"
                        + " descriptors outlived their pages\\)"),
                Arguments.of(ContestedCalls.Kind.COMPOUND_ALLOCATE, "contested round 1: allocate\\(\\d\\) by two"
                        + " threads at once on a device whose free slots are scattered one by one, so that each goes"
                        + " compound: once both were freed \\(expected: no descriptor left behind and the allocator's"
                        + " audit to hold once the folio's pages were freed: 2 compound descriptors outlived their"
                        + " pages\\)"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"buddy", "first-fit"})
    void withoutSwapCountsOrFreshDevices_theKindsThatNeedThemHaveNoRounds(final String policy)
            throws InterruptedException {
        final StressTarget t = StressTarget.of(PolicyRegistry.builtIn(), policy, G, 2);
        assertNull(ContestedCalls.run(t, null, 7, EnumSet.of(ContestedCalls.Kind.DUP_PUT)));
        assertNull(ContestedCalls.run(t, null, 7, EnumSet.of(ContestedCalls.Kind.FIRST_USE)), "no fresh devices");
        assertEquals(0, t.usedSlots(), "no slot taken");
    }

    @Test
    void inAStressRun_theContestedRoundsFollowTheWorkers_andTheirVerdictIsTheRunsFailure()
            throws InterruptedException {
        final PolicyRegistry r = PlantedBuddy.registry((type, g) -> new PlantedBuddy(type, g) {
            @Override
            public void free(final long entry, final long nrSlots) {
                try {
                    delegate().free(entry, nrSlots);
                } catch (final IllegalStateException e) {
                    return; // planted: as above, the rejection of a second free is swallowed
                }
            }
        });
        final Stress.Result res = Stress.run(r, PlantedBuddy.NAME, G, 2, 10_000, 7);
        assertFalse(res.passed());
        assertEquals(0, res.lost(), res.toString());
        assertEquals(0, res.duplicated(), res.toString());
        assertTrue(res.failure().startsWith("contested round 13: the free of a "), res.failure());
        assertNull(Stress.run(r, PlantedBuddy.NAME, G, 1, 10_000, 7).failure(), "one thread: no contested rounds");
    }

    private static Arguments planted(final ContestedCalls.Kind kind,
            final BiFunction<Integer, Geometry, SlotAllocator> factory, final String expected) {
        final String defect = factory.apply(0, G).toString();
        return Arguments.of(kind, defect, factory, expected);
    }

    private static boolean on(final String thread) {
        return Thread.currentThread().getName().equals(thread);
    }

    /** Planted: the rejection of a second free of one folio is swallowed. */
    static final class SwallowedFreeRejection extends PlantedBuddy {
        SwallowedFreeRejection(final int type, final Geometry g) {
            super(type, g, "the rejection of a second free swallowed");
        }

        @Override
        public void free(final long entry, final long nrSlots) {
            try {
                delegate().free(entry, nrSlots);
            } catch (final IllegalStateException e) {
                return; // planted
            }
        }
    }

    /** Planted: a put of a free slot answers false instead of being rejected. */
    static final class FalseForAFreeSlotsPut extends PlantedBuddy {
        FalseForAFreeSlotsPut(final int type, final Geometry g) {
            super(type, g, "a put of a free slot answering false");
        }

        @Override
        public boolean put(final long entry) {
            try {
                return delegate().put(entry);
            } catch (final IllegalStateException e) {
                return false; // planted
            }
        }
    }

    /** Planted: a cacheDel of an uncached slot answers false instead of being rejected. */
    static final class FalseForAnUncachedSlotsCacheDel extends PlantedBuddy {
        FalseForAnUncachedSlotsCacheDel(final int type, final Geometry g) {
            super(type, g, "a cacheDel of an uncached slot answering false");
        }

        @Override
        public boolean cacheDel(final long entry) {
            try {
                return delegate().cacheDel(entry);
            } catch (final IllegalStateException e) {
                return false; // planted
            }
        }
    }

    /** Planted: one thread's dup answers OK and adds nothing. */
    static final class DupThatAddsNothing extends PlantedBuddy {
        private final String thread;

        private DupThatAddsNothing(final int type, final Geometry g, final String thread) {
            super(type, g, thread + "'s dup answering OK and adding nothing");
            this.thread = thread;
        }

        static BiFunction<Integer, Geometry, SlotAllocator> on(final String thread) {
            return (type, g) -> new DupThatAddsNothing(type, g, thread);
        }

        @Override
        public SwapResult dup(final long entry) {
            return ContestedCallsTest.on(thread) ? SwapResult.OK : delegate().dup(entry); // planted
        }
    }

    /**
     * Planted, the kernel's first-carry race made certain: thread 1's dup past the swap_map byte's edge waits until
     * thread 0's carry in the same cluster is done, then drops it (as installing a second continuation page for the
     * cluster, allocated outside the lock and not looked up again, loses the digits the first one held) and carries
     * its own.
     */
    static final class FollowersCarryReplacesThePage extends PlantedBuddy {
        FollowersCarryReplacesThePage(final int type, final Geometry g) {
            super(type, g, FOLLOWER + "'s first carry in a cluster replacing the other thread's");
        }

        @Override
        public SwapResult dup(final long entry) {
            if (on(FOLLOWER) && delegate().countOf(entry) == SharedSlots.EDGE) {
                final Geometry g = delegate().geometry();
                final long first = g.clusterOf(SwapEntry.offset(entry)) * (long) g.clusterSlots();
                for (long spins = 0; spins < 1L << 30; spins++) { // the leader always makes its call
                    for (long s = Math.max(first, 1); s < first + g.clusterSlots(); s++) { // slot 0: the header
                        final long other = SwapEntry.of(SwapEntry.type(entry), s);
                        if (other != entry && delegate().countOf(other) > SharedSlots.EDGE) {
                            delegate().put(other); // planted: its carry lost
                            return delegate().dup(entry);
                        }
                    }
                    Thread.onSpinWait();
                }
            }
            return delegate().dup(entry);
        }
    }

    /** Planted: thread 1's put answers true, that it freed the slot, whatever the count it leaves. */
    static final class FollowersPutClaimsToFree extends PlantedBuddy {
        FollowersPutClaimsToFree(final int type, final Geometry g) {
            super(type, g, FOLLOWER + "'s put answering true whatever the count it leaves");
        }

        @Override
        public boolean put(final long entry) {
            return delegate().put(entry) || on(FOLLOWER); // planted
        }
    }

    /** Planted: cacheAdd answers OK even when the slot was already cached. */
    static final class CacheAddAlwaysOk extends PlantedBuddy {
        CacheAddAlwaysOk(final int type, final Geometry g) {
            super(type, g, "cacheAdd answering OK to a slot already cached");
        }

        @Override
        public SwapResult cacheAdd(final long entry) {
            delegate().cacheAdd(entry);
            return SwapResult.OK; // planted
        }
    }

    /** Planted: thread 1's frees are lost. */
    static final class FollowersFreesLost extends PlantedBuddy {
        FollowersFreesLost(final int type, final Geometry g) {
            super(type, g, FOLLOWER + "'s frees lost");
        }

        @Override
        public void free(final long entry, final long nrSlots) {
            if (!on(FOLLOWER)) { // planted
                delegate().free(entry, nrSlots);
            }
        }
    }

    /** Planted: every free is rejected. */
    static final class EveryFreeRejected extends PlantedBuddy {
        EveryFreeRejected(final int type, final Geometry g) {
            super(type, g, "every free rejected");
        }

        @Override
        public void free(final long entry, final long nrSlots) {
            throw new IllegalStateException("free: refused"); // planted
        }
    }

    /** Planted: thread 1's cacheDel answers false and does nothing. */
    static final class FollowersCacheDelDoesNothing extends PlantedBuddy {
        FollowersCacheDelDoesNothing(final int type, final Geometry g) {
            super(type, g, FOLLOWER + "'s cacheDel answering false and doing nothing");
        }

        @Override
        public boolean cacheDel(final long entry) {
            return !on(FOLLOWER) && delegate().cacheDel(entry); // planted
        }
    }

    /**
     * Planted: thread 1's cacheDel waits for the last reference to go, then answers true and reads as unpinned, but
     * never gives the slot back: it reads free and stays in use.
     */
    static final class FollowersCacheDelUnpinsButKeeps extends PlantedBuddy {
        private final Set<Long> kept = ConcurrentHashMap.newKeySet();

        FollowersCacheDelUnpinsButKeeps(final int type, final Geometry g) {
            super(type, g, FOLLOWER + "'s cacheDel answering true and keeping the slot");
        }

        @Override
        public boolean cacheDel(final long entry) {
            if (!on(FOLLOWER)) {
                return delegate().cacheDel(entry);
            }
            while (delegate().countOf(entry) != 0) { // planted: after the put, whatever the scheduler did
                Thread.onSpinWait();
            }
            kept.add(entry);
            return true;
        }

        @Override
        public boolean isCached(final long entry) {
            return !kept.contains(entry) && delegate().isCached(entry);
        }
    }

    /**
     * Planted: on each device, thread 1's allocation answers the run thread 0's got, as two threads that each built
     * a cluster's metadata on its first use, one overwriting the other's, would.
     */
    static final class FollowerGetsTheLeadersRun extends PlantedBuddy {
        private volatile long leaders = SlotAllocator.NONE;

        FollowerGetsTheLeadersRun(final int type, final Geometry g) {
            super(type, g, FOLLOWER + "'s allocation answering the run " + LEADER + "'s got");
        }

        @Override
        public long allocate(final int order) {
            if (!on(FOLLOWER)) {
                leaders = delegate().allocate(order);
                return leaders;
            }
            while (leaders == SlotAllocator.NONE) { // planted: waits for the leader's run, and answers it
                Thread.onSpinWait();
            }
            return leaders;
        }
    }

    /** Planted: one thread's cacheAdd gives one answer, whatever the slot's state, and pins nothing. */
    static final class CacheAddPinsNothing extends PlantedBuddy {
        private final String thread;
        private final SwapResult answer;

        private CacheAddPinsNothing(final int type, final Geometry g, final String thread, final SwapResult answer) {
            super(type, g, thread + "'s cacheAdd answering " + answer + " and pinning nothing");
            this.thread = thread;
            this.answer = answer;
        }

        static BiFunction<Integer, Geometry, SlotAllocator> on(final String thread, final SwapResult answer) {
            return (type, g) -> new CacheAddPinsNothing(type, g, thread, answer);
        }

        @Override
        public SwapResult cacheAdd(final long entry) {
            return ContestedCallsTest.on(thread) ? answer : delegate().cacheAdd(entry); // planted
        }
    }

    /**
     * Planted for the compound rounds: the buddy allocator's folio calls, but a compound descriptor is counted live
     * after its last page went (its table entry kept), and the rejection of a second free of a folio is swallowed.
     */
    static final class DescriptorsKeptAndSecondFreeSwallowed extends ForwardingFolioAllocator<BuddyAllocator> {
        private final AtomicInteger kept = new AtomicInteger();

        DescriptorsKeptAndSecondFreeSwallowed(final int type, final Geometry g) {
            super(new BuddyAllocator(type, g));
        }

        @Override
        public void freeFolioPages(final long handle, final int order, final int first, final int count) {
            final int before = delegate().descriptorCount();
            try {
                delegate().freeFolioPages(handle, order, first, count);
            } catch (final IllegalStateException | IllegalArgumentException e) {
                return; // planted: a second free goes through silently
            }
            kept.addAndGet(before - delegate().descriptorCount()); // planted: a retired descriptor still counts
        }

        @Override
        public int descriptorCount() {
            return delegate().descriptorCount() + kept.get();
        }
    }
}

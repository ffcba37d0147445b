package dev.swaplayer.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.SwapResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contested rounds: the thread-safe policies pass every round, and each planted defect is named in the first round
 * of its kind whatever the interleaving, because each one is wrong however the two calls fall (a swallowed rejection,
 * an OK for a pin already given, a dup on the second thread that adds nothing). What running them at once adds is a
 * check or an update made outside the lock (the outside reviewer's plug-in that validated a free before it took its
 * locks was caught in the first stress round at each of seeds 1 to 5); the checks on the answers are these.
 *
 * <p>Thread safety: each test drives the allocator from {@link ContestedCalls}' two threads only.
 */
class ContestedCallsTest {
    private static final Geometry G = Geometry.builder(1024).clusterSlots(64).maxOrder(4).build();

    @ParameterizedTest
    @ValueSource(strings = {"cluster", "cluster-72", "buddy", "compound", "first-fit"})
    void everyThreadSafePolicyHasOneWinnerAndOneRejectionEveryRound(final String policy)
            throws InterruptedException {
        final StressTarget t = StressTarget.of(PolicyRegistry.builtIn(), policy, G, 2);
        assertNull(ContestedCalls.run(t, 7));
        assertEquals(0, t.usedSlots(), "each round's run was freed by its winner");
    }

    @Test
    void aSecondFreeThatReturnsNormally_isNamedAsAFreeThatWentThroughTwice() throws InterruptedException {
        final StressTarget t = PlantedBuddy.target((type, g) -> new PlantedBuddy(type, g) {
            @Override
            public void free(final long entry, final long nrSlots) {
                try {
                    delegate().free(entry, nrSlots);
                } catch (final IllegalStateException e) {
                    return; // planted: the rejection of a free of a free run is swallowed
                }
            }
        }, G, 2);
        assertEquals("contested round 6: the free of a 16-page folio at swp(0:0x10), by two threads at once: returned"
                + " on one, returned on the other (expected: one to free it, the other rejected with"
                + " IllegalStateException or IllegalArgumentException, as the same call made second is: both went"
                + " through, the slot was freed twice)", ContestedCalls.run(t, 7));
    }

    @Test
    void aLastPutThatAnswersFalseToTheLoser_isNamed() throws InterruptedException {
        final StressTarget t = PlantedBuddy.target((type, g) -> new PlantedBuddy(type, g) {
            @Override
            public boolean put(final long entry) {
                try {
                    return delegate().put(entry);
                } catch (final IllegalStateException e) {
                    return false; // planted: a put of a free slot answers false instead of being rejected
                }
            }
        }, G, 2);
        final String wrong = ContestedCalls.run(t, 7);
        assertEquals("contested round 1: put(swp(0:0x1)) at count 1, out of the swap cache, by two threads at once:"
                + " returned " + first(wrong) + " on one, returned " + !first(wrong) + " on the other (expected: one"
                + " to return true (the slot freed), the other rejected with IllegalStateException or"
                + " IllegalArgumentException, as the same call made second is)", wrong);
    }

    @Test
    void aCacheDelOfAnUncachedSlotThatReturnsFalse_isNamed() throws InterruptedException {
        final StressTarget t = PlantedBuddy.target((type, g) -> new PlantedBuddy(type, g) {
            @Override
            public boolean cacheDel(final long entry) {
                try {
                    return delegate().cacheDel(entry);
                } catch (final IllegalStateException e) {
                    return false; // planted: a cacheDel of an uncached slot answers false instead of being rejected
                }
            }
        }, G, 2);
        final String wrong = ContestedCalls.run(t, 7);
        assertEquals("contested round 2: cacheDel(swp(0:0x1)) at count 0, in the swap cache, by two threads at once:"
                + " returned " + first(wrong) + " on one, returned " + !first(wrong) + " on the other (expected: one"
                + " to return true (the slot freed), the other rejected with IllegalStateException or"
                + " IllegalArgumentException, as the same call made second is)", wrong);
    }

    @Test
    void aDupThatIsNotCounted_isNamedAsALostIncrement() throws InterruptedException {
        final StressTarget t = PlantedBuddy.target((type, g) -> new PlantedBuddy(type, g) {
            @Override
            public SwapResult dup(final long entry) { // planted: the second thread's dup answers OK, adds nothing
                return Thread.currentThread().getName().equals("swaplayer-contested-1") ? SwapResult.OK
                        : delegate().dup(entry);
            }
        }, G, 2);
        assertEquals("contested round 3: dup(swp(0:0x1)) at count 1, by two threads at once: returned OK on one,"
                + " returned OK on the other (expected: count 3 after, one more per OK; it reads 2: an increment was"
                + " lost)", ContestedCalls.run(t, 7));
    }

    @Test
    void aCacheAddThatAnswersOkTwice_isNamed() throws InterruptedException {
        final StressTarget t = PlantedBuddy.target((type, g) -> new PlantedBuddy(type, g) {
            @Override
            public SwapResult cacheAdd(final long entry) {
                delegate().cacheAdd(entry);
                return SwapResult.OK; // planted: OK even when the slot was already cached
            }
        }, G, 2);
        assertEquals("contested round 4: cacheAdd(swp(0:0x1)) at count 1, out of the swap cache, by two threads at"
                + " once: returned OK on one, returned OK on the other (expected: OK on one, ALREADY_CACHED on the"
                + " other: the swap cache's pin goes to one caller)", ContestedCalls.run(t, 7));
    }

    @Test
    void aHalfFolioThatStaysInUse_isNamedByTheCounter() throws InterruptedException {
        final StressTarget t = PlantedBuddy.target((type, g) -> new PlantedBuddy(type, g) {
            @Override
            public void free(final long entry, final long nrSlots) { // planted: the second thread's frees are lost
                if (!Thread.currentThread().getName().equals("swaplayer-contested-1")) {
                    delegate().free(entry, nrSlots);
                }
            }
        }, G, 2);
        assertEquals("contested round 5: the free of page 0 and page 1 of a 2-page folio at swp(0:0x2), one half by"
                + " each, by two threads at once: returned on one, returned on the other (expected: both to return and"
                + " every page to be freed once: usedSlots() 0 after, it reads 1)", ContestedCalls.run(t, 7));
    }

    @Test
    void aFreeThatRejectsEveryCall_isNamed() throws InterruptedException {
        final StressTarget t = PlantedBuddy.target((type, g) -> new PlantedBuddy(type, g) {
            @Override
            public void free(final long entry, final long nrSlots) {
                throw new IllegalStateException("free: refused"); // planted: nothing is ever freed
            }
        }, G, 2);
        assertEquals("contested round 5: the free of page 0 and page 1 of a 2-page folio at swp(0:0x2), one half by"
                + " each, by two threads at once: rejected: java.lang.IllegalStateException: free: refused on one,"
                + " rejected: java.lang.IllegalStateException: free: refused on the other (expected: both to return"
                + " and every page to be freed once: usedSlots() 0 after, it reads 2)", ContestedCalls.run(t, 7));
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
        assertTrue(res.failure().startsWith("contested round 6: the free of a "), res.failure());
        assertNull(Stress.run(r, PlantedBuddy.NAME, G, 1, 10_000, 7).failure(), "one thread: no contested rounds");
    }

    /** Which answer the put named first: the two threads' order is the scheduler's. */
    private static boolean first(final String wrong) {
        return wrong.contains("at once: returned true on one");
    }
}

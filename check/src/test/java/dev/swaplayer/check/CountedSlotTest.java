package dev.swaplayer.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.SwapCountCall;
import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.SwapResult;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The one-slot model that judges the contested swap-count rounds: worked by hand on the kernel's races, and made to
 * agree call by call with the swap counts of the built-in policies (the answers and the state after each call), so
 * that a round it rejects is wrong by the same rules the refinement checks hold those policies to.
 *
 * <p>Thread safety: single-threaded.
 */
class CountedSlotTest {
    private static final Geometry G = Geometry.builder(1024).clusterSlots(64).maxOrder(4).build();
    private static final SwapCountCall[] CALLS = SwapCountCall.values();

    @Test
    void theLastReferenceAndTheSwapCachePinFreeTheSlotWhicheverGoesLast() {
        final CountedSlot start = new CountedSlot(1, true);
        final CountedSlot.Step put = start.step(SwapCountCall.PUT, null);
        assertEquals(new CountedSlot.Step(false, CountedSlot.ALLOCATED), put);
        assertEquals(new CountedSlot.Step(true, CountedSlot.FREE), put.after().step(SwapCountCall.CACHE_DEL, null));
        final CountedSlot.Step del = start.step(SwapCountCall.CACHE_DEL, null);
        assertEquals(new CountedSlot.Step(false, new CountedSlot(1, false)), del);
        assertEquals(new CountedSlot.Step(true, CountedSlot.FREE), del.after().step(SwapCountCall.PUT, null));
    }

    @Test
    void aFreeSlotRejectsEveryCallButCacheAdd_whichAnswersNotInUse() {
        assertEquals(CountedSlot.REJECTED, CountedSlot.FREE.step(SwapCountCall.DUP, null).answer());
        assertEquals(CountedSlot.REJECTED, CountedSlot.FREE.step(SwapCountCall.PUT, null).answer());
        assertEquals(CountedSlot.REJECTED, CountedSlot.FREE.step(SwapCountCall.CACHE_DEL, null).answer());
        assertEquals(new CountedSlot.Step(SwapResult.NOT_IN_USE, CountedSlot.FREE),
                CountedSlot.FREE.step(SwapCountCall.CACHE_ADD, null));
        assertEquals(CountedSlot.REJECTED, CountedSlot.ALLOCATED.step(SwapCountCall.PUT, null).answer(),
                "a put at count 0 is misuse even while the swap cache pins the slot");
    }

    @Test
    void aDupRefusedForWantOfMemoryChangesNothing() {
        final CountedSlot once = new CountedSlot(1, false);
        assertEquals(new CountedSlot.Step(SwapResult.NO_MEMORY, once), once.step(SwapCountCall.DUP,
                SwapResult.NO_MEMORY));
        assertEquals(new CountedSlot.Step(SwapResult.OK, new CountedSlot(2, false)), once.step(SwapCountCall.DUP,
                SwapResult.OK));
    }

    @Test
    void theAnswersMatchAsTheContractSays() {
        assertTrue(CountedSlot.matches(new IllegalStateException(), CountedSlot.REJECTED));
        assertTrue(CountedSlot.matches(new IllegalArgumentException(), CountedSlot.REJECTED));
        assertEquals(false, CountedSlot.matches(false, CountedSlot.REJECTED), "an answer is not a rejection");
        assertEquals(false, CountedSlot.matches(new IllegalStateException(), false));
        assertEquals(false, CountedSlot.matches(SwapResult.ALREADY_CACHED, SwapResult.OK));
    }

    @ParameterizedTest
    @ValueSource(strings = {"buddy", "cluster", "cluster-72", "compound"})
    void theModelAgreesWithEachBuiltInPolicysSwapCounts_callByCall(final String policy) {
        final StressTarget t = StressTarget.of(PolicyRegistry.builtIn(), policy, G, 1);
        final SwapCounts counts = t.counts();
        final SplittableRandom rnd = new SplittableRandom(11);
        int calls = 0;
        for (int run = 0; run < 200; run++) {
            final long entry = t.slot(t.allocate(0), 0, 0);
            CountedSlot model = CountedSlot.ALLOCATED;
            while (model.inUse()) {
                final SwapCountCall call = CALLS[rnd.nextInt(CALLS.length)];
                Object got;
                try {
                    got = call.on(counts, entry);
                } catch (final IllegalStateException | IllegalArgumentException e) {
                    got = e;
                }
                final CountedSlot.Step want = model.step(call, got);
                final String where = call.of(entry) + " at " + model + ", call " + calls;
                assertTrue(CountedSlot.matches(got, want.answer()), where + ": " + got + " vs " + want.answer());
                model = want.after();
                assertEquals(model, CountedSlot.read(counts, entry), where);
                calls++;
            }
        }
        assertEquals(0, t.usedSlots());
        assertTrue(calls > 1_000, "the runs made " + calls + " calls");
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void aSlotReachesAStateInUseAndIsReleasedFromIt(final int count) {
        final StressTarget t = StressTarget.of(PolicyRegistry.builtIn(), "buddy", G, 1);
        for (final boolean cached : new boolean[] {false, true}) {
            final CountedSlot s = new CountedSlot(count, cached);
            final long entry = t.slot(t.allocate(0), 0, 0);
            assertTrue(s.reach(t.counts(), entry));
            assertEquals(s, CountedSlot.read(t.counts(), entry));
            assertNull(s.release(t.counts(), entry));
            assertEquals(CountedSlot.FREE, CountedSlot.read(t.counts(), entry));
        }
        assertEquals(0, t.usedSlots());
    }

    @Test
    void aReleaseThatFreesTooEarlyIsNamed() {
        final StressTarget t = StressTarget.of(PolicyRegistry.builtIn(), "buddy", G, 1);
        final long entry = t.slot(t.allocate(0), 0, 0);
        final CountedSlot s = new CountedSlot(1, false);
        assertTrue(s.reach(t.counts(), entry));
        assertEquals("put(swp(0:0x1)) at count 2, out of the swap cache answered true (expected: false)",
                new CountedSlot(2, false).release(t.counts(), entry), "the state named is one reference too high");
    }
}

package dev.swaplayer.swap.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.Auditable;
import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.FolioPolicy;
import dev.swaplayer.allocator.ForwardingFolioAllocator;
import dev.swaplayer.allocator.ForwardingSlotAllocator;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.swap.FolioFallback;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link NoDataLoss} against planted defective allocators: each defect must be a failure in the report, with
 * the run that shows it and the invariant it broke, never an exception; and a sound allocator must pass.
 */
class NoDataLossTest {
    private static final Plan SMALL = new Plan(1, 3, 30, null, Plan.Integrity.EVEN_SEEDS, EnumSet.allOf(Fault.class));

    @Test
    void soundAllocator_passes_andTheReportCountsEveryRun() {
        final Report r = NoDataLoss.check(PolicyRegistry.builtIn().provider("buddy"), SMALL);
        assertTrue(r.passed(), r.toString());
        assertNull(r.firstFailure());
        assertEquals("buddy", r.provider());
        assertEquals(SMALL, r.plan());
        assertEquals(3, r.cleanRuns());
        assertTrue(r.replays() > 100, r.toString());
        assertTrue(r.coverage().integrityErrors() > 0, "seed 2 replays corrupt reads: " + r);
        assertFalse(r.coverage().failures().isEmpty(), r.toString());
    }

    /** The allocator frees one slot too few of a run: the slot stays in use, and NO-LEAK names the step. */
    @Test
    void allocatorThatFreesOneSlotTooFew_failsNoLeak() {
        final Report r = NoDataLoss.check(provider("leaky", LeakyFree::new), SMALL);
        assertFalse(r.passed());
        final Failure f = r.firstFailure();
        assertNotNull(f, r.toString());
        assertTrue(f.message().contains("NO-LEAK"), f.describe());
        assertTrue(f.message().startsWith("seed " + f.seed() + ", "), f.message());
        assertNull(f.fault(), "the clean run already leaks: " + f);
        assertEquals(-1, f.area());
        assertFalse(f.steps().isEmpty(), f.describe());
        assertEquals(r.cleanRuns(), r.failedRuns(), "every clean run leaks, and a failed clean run has no replay");
        assertEquals(0, r.replays());
    }

    /**
     * The allocator hands out a run still in use: the swap-out that gets it takes no new slot, which NO-LEAK
     * catches at that very step (before a second write over the first folio's pages could reach BYTES).
     */
    @Test
    void allocatorThatReturnsAnOverlappingRun_failsNoLeak_atTheSwapOutThatGotIt() {
        final Report r = NoDataLoss.check(provider("overlapping", Overlapping::new), SMALL);
        assertFalse(r.passed());
        final Failure f = r.firstFailure();
        assertNotNull(f, r.toString());
        assertTrue(f.message().contains("overlapping SPLIT") && f.message().contains(": NO-LEAK SWAP_OUT at step "),
                f.describe());
        assertTrue(f.steps().get(f.steps().size() - 1).startsWith("  SWPOUT: folio "), f.describe());
        assertTrue(f.steps().get(f.steps().size() - 2).startsWith("swap-out of an order-"), f.describe());
    }

    /** A plug-in's own audit ({@code checkConsistency()}) runs behind the SwapCountTable: CONSISTENT fails. */
    @Test
    void allocatorWhoseOwnAuditFails_failsConsistent() {
        final Report r = NoDataLoss.check(provider("self-doubting", FailingAudit::new), SMALL);
        final Failure f = r.firstFailure();
        assertNotNull(f, r.toString());
        assertTrue(f.message().contains("CONSISTENT") && f.message().contains("planted: audit"), f.describe());
    }

    /** A provider that cannot build an allocator for the geometry: each run fails with what it threw. */
    @Test
    void providerThatThrows_isAFailure_notAnException() {
        final Report r = NoDataLoss.check(provider("refusing", (type, g) -> {
            throw new IllegalArgumentException("geometry: " + g.totalSlots() + " slots (expected: planted refusal)");
        }), SMALL);
        assertEquals(3, r.failedRuns(), r.toString());
        assertTrue(r.firstFailure().message().contains("planted refusal"), r.firstFailure().message());
        assertTrue(r.firstFailure().cause() instanceof AssertionError);
        assertTrue(r.firstFailure().cause().getCause() instanceof IllegalArgumentException);
    }

    @Test
    void badArguments_areRefused() {
        assertEquals("provider: null (expected: an AllocatorProvider)", assertThrows(IllegalArgumentException.class,
                () -> NoDataLoss.check((AllocatorProvider) null, SMALL)).getMessage());
        assertEquals("policy: null (expected: one of [CONTIGUOUS, COMPOUND, SPLIT])", assertThrows(
                IllegalArgumentException.class, () -> NoDataLoss.check((FolioFallback) null, SMALL)).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Plan.of(0, 30, null)).getMessage()
                .startsWith("seeds: 0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Plan.of(1, 0, null)).getMessage()
                .startsWith("steps: 0"));
    }

    @Test
    void checks_failInTheProjectsWording() {
        assertEquals("NO-LEAK x: 4 (expected: 3)", assertThrows(AssertionError.class,
                () -> Check.equal(3, 4L, "NO-LEAK x")).getMessage());
        assertEquals("BYTES: byte 1 is 5 (expected: 2)", assertThrows(
                AssertionError.class, () -> Check.equalBytes(new byte[] {1, 2}, new byte[] {1, 5}, "BYTES"))
                .getMessage());
        assertEquals("t: false (expected: true)", assertThrows(AssertionError.class,
                () -> Check.isTrue(false, "t")).getMessage());
        Check.equal(1, 1L, "an int equals a long of the same value");
    }

    /**
     * The allocator still counts a compound folio's descriptor after the folio's last page went (INV-7): the drain,
     * which frees every folio, finds it.
     */
    @Test
    void allocatorWhoseDescriptorsOutliveTheirFolios_failsNoLeak() {
        final AllocatorProvider keeps = new AllocatorProvider() {
            @Override
            public String name() {
                return "keeps-descriptors";
            }

            @Override
            public SlotAllocator create(final int type, final Geometry geometry) {
                return new KeptDescriptors(type, geometry);
            }

            @Override
            public FolioPolicy folioPolicy() {
                return FolioPolicy.COMPOUND;
            }
        };
        final Report sound = NoDataLoss.check(compound(), SMALL);
        assertTrue(sound.passed(), sound.toString());
        final Report r = NoDataLoss.check(keeps, SMALL);
        assertFalse(r.passed(), "no compound folio was made, so none could outlive its pages: " + r);
        assertTrue(r.firstFailure().message().contains("NO-LEAK after the drain: compound descriptors"),
                r.firstFailure().describe());
    }

    /**
     * A failure re-runs with fewer of its seed's actions: all of them fail the same way again, the actions the
     * defect needs alone fail so too, and the listing is that of the shorter run.
     */
    @Test
    void aFailureRerunsWithASublistOfItsActions_andFailsTheSameWay() {
        final AllocatorProvider leaky = provider("leaky", LeakyFree::new);
        final Report r = NoDataLoss.check(leaky, SMALL);
        final Failure f = r.firstFailure();
        final List<Integer> all = IntStream.range(0, SMALL.steps()).boxed().toList();
        final Failure again = NoDataLoss.rerun(leaky, SMALL, f, all);
        assertNotNull(again, f.describe());
        assertEquals(f.what(), again.what());
        assertTrue(again.message().startsWith("seed " + f.seed() + " with 30 of its 30 actions ["), again.message());
        assertNull(NoDataLoss.rerun(leaky, SMALL, f, List.of()), "no action, no run");
        final int swapOut = firstLargeSwapOut(f.seed());
        final Failure one = NoDataLoss.rerun(leaky, SMALL, f, List.of(swapOut));
        assertNotNull(one, "a folio of two or more pages swapped out, then freed by the drain, leaks a slot");
        assertEquals(f.what(), one.what());
        assertTrue(one.message().contains(" with 1 of its 30 actions [" + swapOut + "], "), one.message());
        assertTrue(one.steps().size() < f.steps().size(), one.describe());
        assertNull(NoDataLoss.rerun(provider("sound", Delegating::new), SMALL, f, all), "a sound allocator passes");
    }

    /** Two defects met by runs are told apart by where they broke, not by the run. */
    @Test
    void whatBroke_namesTheCheckNotTheRun() {
        final Failure leak = NoDataLoss.check(provider("leaky", LeakyFree::new), SMALL).firstFailure();
        final Failure audit = NoDataLoss.check(provider("self-doubting", FailingAudit::new), SMALL).firstFailure();
        assertTrue(leak.what().startsWith("java.lang.AssertionError at " + Scenario.class.getName() + "."),
                leak.what());
        assertTrue(audit.what().startsWith("java.lang.AssertionError at " + FailingAudit.class.getName()
                + ".checkConsistency:"), audit.what());
        final Failure leakOfSeed3 = NoDataLoss.check(provider("leaky", LeakyFree::new), SMALL.withSeeds(3, 1))
                .firstFailure();
        assertEquals(leak.what(), leakOfSeed3.what(), "the same defect in another seed's run");
    }

    @Test
    void rerun_refusesActionsOutOfOrderOrRange_andASeedOutsideThePlan() {
        final AllocatorProvider leaky = provider("leaky", LeakyFree::new);
        final Failure f = NoDataLoss.check(leaky, SMALL).firstFailure();
        assertEquals("actions: [3, 3] (expected: increasing indices in 0..29)", assertThrows(
                IllegalArgumentException.class, () -> NoDataLoss.rerun(leaky, SMALL, f, List.of(3, 3))).getMessage());
        assertEquals("actions: [30] (expected: increasing indices in 0..29)", assertThrows(
                IllegalArgumentException.class, () -> NoDataLoss.rerun(leaky, SMALL, f, List.of(30))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> NoDataLoss.rerun(leaky, SMALL.withSeeds(9, 1),
                f, List.of(0))).getMessage().startsWith("failure: " + f.seed() + " (expected: a failure of a seed of"));
    }

    /** The index of the first swap-out of a folio of order 1 or more in a seed's script. */
    private static int firstLargeSwapOut(final long seed) {
        final List<Script.Action> actions = Script.fromSeed(seed, SMALL.steps()).actions();
        for (int i = 0; i < actions.size(); i++) {
            if (actions.get(i).kind() == Script.Kind.SWAP_OUT && actions.get(i).order() > 0) {
                return i;
            }
        }
        throw new AssertionError("seed " + seed + " swaps out no large folio");
    }

    // ------------------------------------------------------------------------------ planted defects

    /** The built-in compound policy: the same folio calls as {@link KeptDescriptors}, its count honest. */
    private static AllocatorProvider compound() {
        return PolicyRegistry.builtIn().provider("compound");
    }

    /**
     * The buddy allocator's folio calls behind a view without swap counts, whose descriptor count keeps every
     * descriptor that was retired. Thread safety: not thread-safe.
     */
    private static final class KeptDescriptors extends ForwardingFolioAllocator<BuddyAllocator> {
        private int retired;

        KeptDescriptors(final int type, final Geometry geometry) {
            super(new BuddyAllocator(type, geometry));
        }

        @Override
        public void freeFolioPages(final long handle, final int order, final int firstPage, final int count) {
            final int before = delegate().descriptorCount();
            delegate().freeFolioPages(handle, order, firstPage, count);
            retired += before - delegate().descriptorCount();
        }

        @Override
        public int descriptorCount() {
            return delegate().descriptorCount() + retired;
        }
    }

    private static AllocatorProvider provider(final String name,
            final BiFunction<Integer, Geometry, SlotAllocator> create) {
        return new AllocatorProvider() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public SlotAllocator create(final int type, final Geometry geometry) {
                return create.apply(type, geometry);
            }
        };
    }

    /**
     * A slot allocator over a buddy allocator, without swap counts (the swap path puts a table in front).
     *
     * <p>Thread safety: not thread-safe.
     */
    private static class Delegating extends ForwardingSlotAllocator<BuddyAllocator> {
        Delegating(final int type, final Geometry geometry) {
            super(new BuddyAllocator(type, geometry));
        }
    }

    /** Frees all but the last slot of a run of two or more. Thread safety: not thread-safe. */
    private static final class LeakyFree extends Delegating {
        LeakyFree(final int type, final Geometry geometry) {
            super(type, geometry);
        }

        @Override
        public void free(final long entry, final long nrSlots) {
            delegate().free(entry, nrSlots > 1 ? nrSlots - 1 : nrSlots);
        }
    }

    /**
     * Every third allocation of a large folio's run returns a run of that order still in use, when there is
     * one (order-0 allocations, the pins of a fragmented device among them, are sound). Thread safety: not
     * thread-safe.
     */
    private static final class Overlapping extends Delegating {
        /** The entries of the large runs handed out and not freed since. */
        private final Map<Long, Integer> live = new HashMap<>();
        private int large;

        Overlapping(final int type, final Geometry geometry) {
            super(type, geometry);
        }

        @Override
        public long allocate(final int order) {
            if (order > 0 && ++large % 3 == 0) {
                for (final Map.Entry<Long, Integer> run : live.entrySet()) {
                    if (run.getValue() == order) {
                        return run.getKey();
                    }
                }
            }
            final long e = delegate().allocate(order);
            if (order > 0 && e != NONE) {
                live.put(e, order);
            }
            return e;
        }

        @Override
        public void free(final long entry, final long nrSlots) {
            live.keySet().removeIf(e -> e >= entry && e < entry + nrSlots);
            delegate().free(entry, nrSlots);
        }
    }

    /** Its own audit fails once 20 slots are in use. Thread safety: not thread-safe. */
    private static final class FailingAudit extends Delegating implements Auditable {
        FailingAudit(final int type, final Geometry geometry) {
            super(type, geometry);
        }

        @Override
        public void checkConsistency() {
            delegate().checkConsistency();
            if (delegate().usedSlots() >= 20) {
                throw new AssertionError("planted: audit of type " + type() + " with " + delegate().usedSlots()
                        + " slots in use");
            }
        }
    }
}

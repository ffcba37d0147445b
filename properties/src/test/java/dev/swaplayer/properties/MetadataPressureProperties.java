package dev.swaplayer.properties;

import static dev.swaplayer.properties.MutationGate.MUTATION_REDUNDANT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.Fault;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.properties.engine.Action;
import dev.swaplayer.properties.engine.Coverage;
import dev.swaplayer.properties.engine.ForAll;
import dev.swaplayer.properties.engine.Gen;
import dev.swaplayer.properties.engine.Gens;
import dev.swaplayer.properties.engine.Property;
import dev.swaplayer.properties.engine.PropertyFailure;
import dev.swaplayer.properties.engine.Stateful;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.MetadataBudget;
import dev.swaplayer.spec.Placement;
import dev.swaplayer.spec.SlotState;
import dev.swaplayer.spec.Snapshot;
import dev.swaplayer.spec.SwapResult;
import dev.swaplayer.spec.SwapSpaceView;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Metadata under memory pressure (INV-24, INV-25 in {@code spec/SPEC.md}): the buddy allocator and the model, each
 * with its own {@link MetadataBudget} built alike, refused metadata at every position of generated runs and under
 * limits. After every step: refinement (results, snapshots, the budgets' states), the state invariants and the
 * audit (no double allocation, no leak, the budget kept); around every refused call, the snapshot unchanged
 * ({@link Harness#both}). The reserve's guarantee is checked on its own, from the allocator's view alone.
 *
 * <p>Thread safety: each test runs its properties on JUnit's one thread, on a fresh harness or allocator for each run;
 * the geometry and the generators it shares are immutable.
 */
class MetadataPressureProperties {
    /**
     * Four clusters of 16, orders 0..3: wholly free clusters to be refused, room for compounds, and, with maxOrder
     * below the cluster order, free blocks of maxOrder in clusters that have metadata to degrade into.
     */
    private static final Geometry G = Geometry.builder(64).clusterSlots(16).maxOrder(3).build();
    /** The most positions injected per generated run. */
    private static final int MAX_POSITIONS = 24;
    /** Shrinking a planted defect's counterexample: enough to shorten it, short enough for the gate. */
    private static final Duration SHRINK = Duration.ofSeconds(3);

    /** The actions of the refinement properties, plus counts driven up to the extend table. */
    private static Gen<Action<Harness>> actions(final Geometry g) {
        return Gens.<Action<Harness>>weighted()
                .add(12, Actions.all(g))
                .add(1, Gens.ints(0, 1 << 12).map(MetadataPressureProperties::dupPastInline))
                // Whole clusters emptied below others that keep metadata, and blocks of maxOrder asked for: the
                // states in which a refused cluster degrades into a higher cluster that has metadata.
                .add(3, Gens.constant(Actions.allocate(g.maxOrder())))
                .add(2, Gens.ints(0, 1 << 12).map(Actions::emptyCluster))
                .build();
    }

    /** Dups an in-use slot until its count needs an extend-table entry, then once more. */
    static Action<Harness> dupPastInline(final int raw) {
        return Action.of("dupPastInline(in-use #" + raw + ")", h -> {
            final long slot = h.inUseSlot(raw);
            if (h.model.state(slot) != SlotState.IN_USE) {
                return;
            }
            while (h.model.swapCount(slot) <= MetadataBudget.INLINE_COUNT_MAX) {
                final String r = h.both("dup(" + slot + ")", () -> h.impl.dup(h.entry(slot)), () -> h.model.dup(slot));
                Coverage.classify(SwapResult.NO_MEMORY.name().equals(r), "dup refused its extend entry");
                if (!SwapResult.OK.name().equals(r)) {
                    return;
                }
            }
            Coverage.label("count in the extend table");
        });
    }

    /** Runs the actions on a fresh harness, checking everything after each step; returns the requests made. */
    private static long run(final List<Action<Harness>> run, final Supplier<MetadataBudget> budget,
            final Fault fault) throws Throwable {
        final Harness h = Harness.withBudget(G, fault, budget);
        for (final Action<Harness> a : run) {
            a.run(h);
            h.checkAll();
        }
        degraded(h);
        return h.impl.metadataBudget().requests();
    }

    /** Classifies a run by what its budget made it do. */
    static void degraded(final Harness h) {
        Coverage.classify(h.impl.metadataBudget().degradedAllocations() > 0, "allocation degraded");
        Coverage.classify(h.impl.metadataBudget().reserveLends() > 0, "reserve lent");
        Coverage.classify(h.impl.metadataBudget().refused(MetadataBudget.Kind.DESCRIPTOR) > 0,
                "descriptor refused");
    }

    /** Each generated run once without failures, then once per request position with that request refused. */
    private static ForAll<List<Action<Harness>>> everyPosition() {
        return Property.forAll("INV-24: a metadata request refused at every position", Gens.lists(actions(G), 1, 40));
    }

    private static void everyPosition(final ForAll<List<Action<Harness>>> p, final Fault fault) {
        p.check(steps -> {
            final long requests = run(steps, MetadataBudget::unlimited, fault);
            for (long n = 1; n <= Math.min(requests, MAX_POSITIONS); n++) {
                final long at = n;
                run(steps, () -> MetadataBudget.builder().failAt(at).build(), fault);
            }
        });
    }

    @Tag(MUTATION_REDUNDANT)
    @Test
    void aRefusalAtEveryPositionDegradesAsSpecifiedOrChangesNothing() {
        // Degradation into a cluster with metadata is rare in random runs (a few in 100); the hand-worked case below
        // and the explorer's refused allocations cover it on every run.
        everyPosition(everyPosition().tries(100).requireCoverage("refused call", "reserve lent",
                "cluster coalesced back to wholly free", "count in the extend table", "dup refused its extend entry"),
                Fault.NONE);
    }

    /** Limits of one on-demand cluster and one descriptor, with a few failing positions besides. */
    static Stateful<Harness> underLimits(final Fault fault) {
        return Stateful.of("INV-24 under limits: 1 cluster, 1 descriptor, requests 3, 7, 20 failing",
                () -> Harness.withBudget(G, fault,
                        () -> MetadataBudget.builder().clusters(1).descriptors(1).failAt(3, 7, 20).build()),
                actions(G))
                .steps(80)
                .invariant("INV-12 refinement, INV-24 budget, state invariants, audit", h -> {
                    h.checkAll();
                    degraded(h);
                });
    }

    @Test
    void limitsHoldAndRefusalsDegrade() {
        underLimits(Fault.NONE).tries(80)
                .requireCoverage("device full at order 0", "refused call", "compound allocation", "reserve lent")
                .check();
    }

    @Test
    void ignoringARefusalIsCaughtByRefinementAndTheAudit() {
        final Fault ignore = Fault.IGNORE_METADATA_BUDGET;
        // Seed 20261126 (the mutation gate's) once found the budgets' disagreement (INV-24) before the refinement
        // failure (INV-12): either catches the fault, and both seeds stay as regression cases.
        for (final long seed : new long[] {20261203L, 20261126L}) {
            final PropertyFailure f = assertThrows(PropertyFailure.class,
                    () -> underLimits(ignore).tries(200).seed(seed).shrinkTimeout(SHRINK).check());
            System.out.println("expected failure, as a user would see it:\n" + f.getMessage());
            final PropertyFailure g = assertThrows(PropertyFailure.class,
                    () -> everyPosition(everyPosition().tries(60).seed(seed).shrinkTimeout(SHRINK), ignore));
            assertTrue(g.getMessage().contains("INV-12") || g.getMessage().contains("INV-24"), g.getMessage());
        }
        // The audit alone, without the model: a limit of 0 clusters, and a refusal ignored, is overdrawn.
        final BuddyAllocator a = BuddyAllocator.withFault(Harness.TYPE, G, Fault.IGNORE_METADATA_BUDGET,
                MetadataBudget.builder().clusters(0).reserve(false).build());
        a.allocate(3);
        a.allocate(3); // cluster 0's one free order-3 block is gone: the second needs a wholly free cluster
        final AssertionError e = assertThrows(AssertionError.class, a::checkConsistency);
        assertTrue(e.getMessage().contains("INV-24"), e.getMessage());
    }

    @Test
    void aRefusedExtendEntryIsNoMemoryAndChangesNothing() {
        final BuddyAllocator a = new BuddyAllocator(Harness.TYPE, G, Placement.GROUPED,
                MetadataBudget.builder().failAt(1).build()); // the extend entry is the first request
        final long e = a.allocate(0);
        for (int i = 0; i < MetadataBudget.INLINE_COUNT_MAX; i++) {
            assertEquals(SwapResult.OK, a.dup(e));
        }
        final Snapshot before = Snapshot.of(a.view());
        assertEquals(SwapResult.NO_MEMORY, a.dup(e), "the 127th reference needs the extend entry refused");
        assertEquals(null, before.firstDifference(Snapshot.of(a.view())));
        assertEquals(MetadataBudget.INLINE_COUNT_MAX, a.countOf(e));
        assertEquals(SwapResult.OK, a.dup(e), "the next request is granted");
        assertEquals(MetadataBudget.INLINE_COUNT_MAX + 1, a.countOf(e));
        a.checkConsistency();
    }

    @Test
    void aRefusedClusterDegradesIntoTheLowestBlockOfAClusterWithMetadata() throws Throwable {
        final Harness h = Harness.withBudget(G, Fault.NONE, () -> MetadataBudget.builder().failAt(3).build());
        for (final long want : new long[] {8, 16, 24, 32}) { // requests 1 and 2: clusters 1 and 2
            assertEquals(String.valueOf(want), h.both("allocate(order 3)", () -> Harness.offset(h.impl.allocate(3)),
                    () -> h.model.allocate(3)));
        }
        for (final long slot : new long[] {16, 24}) { // cluster 1 comes wholly free and loses its metadata
            h.both("free(" + slot + ", 8)", () -> {
                h.impl.free(h.entry(slot), 8);
                return "ok";
            }, () -> {
                h.model.free(slot, 8);
                return "ok";
            });
        }
        h.checkAll();
        assertEquals("40", h.both("allocate(order 3)", () -> Harness.offset(h.impl.allocate(3)),
                () -> h.model.allocate(3)),
                "16 is the lowest block, in cluster 1 without metadata; request 3 refused: 40, in cluster 2");
        h.checkAll();
        assertEquals(1, h.impl.metadataBudget().degradedAllocations());
        assertEquals("16", h.both("allocate(order 3)", () -> Harness.offset(h.impl.allocate(3)),
                () -> h.model.allocate(3)),
                "request 4 is granted");
        h.checkAll();
    }

    // ------------------------------------------------------------------------------------- INV-25, the reserve

    /** The allocator alone, with its held slots; every request for metadata refused. */
    static final class Solo {
        final BuddyAllocator a;

        Solo(final Fault fault) {
            this.a = BuddyAllocator.withFault(Harness.TYPE, G, fault,
                    MetadataBudget.builder().clusters(0).descriptors(0).build());
        }

        /** The {@code raw}-th in-use slot of the view, or -1. */
        long inUse(final int raw) {
            final SwapSpaceView v = a.view();
            long n = 0;
            for (long s = 1; s < G.totalSlots(); s++) {
                n += v.state(s) == SlotState.IN_USE ? 1 : 0;
            }
            long k = n == 0 ? -1 : Math.floorMod(raw, n);
            for (long s = 1; s < G.totalSlots() && k >= 0; s++) {
                if (v.state(s) == SlotState.IN_USE && k-- == 0) {
                    return s;
                }
            }
            return -1;
        }
    }

    /** allocate(0), and when it returns NONE, the guarantee checked from the view and the budget alone. */
    static Action<Solo> allocateZero() {
        return Action.of("allocate(order 0)", s -> {
            if (s.a.allocate(0) != SwapEntry.NONE) {
                return;
            }
            final SwapSpaceView v = s.a.view();
            boolean anyFree = false;
            for (long x = 1; x < G.totalSlots(); x++) {
                final boolean free = v.state(x) == SlotState.FREE;
                anyFree |= free;
                assertTrue(!free || !v.hasClusterMetadata(G.clusterOf(x)),
                        "INV-25: allocate(0) returned NONE but slot " + x + " is free in a cluster with metadata");
            }
            assertTrue(!anyFree || s.a.metadataBudget().reserveLent(),
                    "INV-25: allocate(0) returned NONE with free slots and the reserve home");
            Coverage.label(anyFree ? "NONE with the reserve lent" : "NONE on a full device");
        });
    }

    static Action<Solo> allocate(final int order) {
        return Action.of("allocate(order " + order + ")", s -> s.a.allocate(order));
    }

    /** Frees a run of in-use slots starting at the raw-th in-use slot. */
    static Action<Solo> free(final int raw, final int n) {
        return Action.of("free(in-use #" + raw + ", " + n + ")", s -> {
            final long slot = s.inUse(raw);
            long len = 0;
            while (slot > 0 && len < n && slot + len < G.totalSlots()
                    && s.a.view().state(slot + len) == SlotState.IN_USE) {
                len++;
            }
            if (len > 0) {
                s.a.free(SwapEntry.of(Harness.TYPE, slot), len);
            }
        });
    }

    static Stateful<Solo> progress(final Fault fault) {
        final Gen<Integer> raw = Gens.ints(0, 1 << 12);
        return Stateful.of("INV-25: allocate(0) progresses while a slot is free, every metadata request refused",
                () -> new Solo(fault), Gens.<Action<Solo>>weighted()
                        .add(6, Gens.constant(allocateZero()))
                        .add(2, Gens.orders(G.maxOrder()).map(MetadataPressureProperties::allocate))
                        .add(3, Gens.zip(raw, Gens.ints(1, 16), MetadataPressureProperties::free))
                        .build())
                .steps(150)
                .invariant("audit", s -> s.a.checkConsistency());
    }

    @Test
    void orderZeroProgress() {
        progress(Fault.NONE).tries(60).requireCoverage("NONE with the reserve lent").check();
    }

    @Test
    void aReserveNeverLentIsCaughtByTheGuaranteeAndByRefinement() {
        final PropertyFailure f = assertThrows(PropertyFailure.class,
                () -> progress(Fault.NO_METADATA_RESERVE).tries(200).seed(20261203L).shrinkTimeout(SHRINK).check());
        assertTrue(f.getMessage().contains("INV-25"), f.getMessage());
        final PropertyFailure r = assertThrows(PropertyFailure.class, () -> Stateful.of("reserve vs the model",
                () -> Harness.withBudget(G, Fault.NO_METADATA_RESERVE,
                        () -> MetadataBudget.builder().clusters(0).descriptors(0).build()), actions(G))
                .steps(80).tries(200).seed(20261203L).shrinkTimeout(SHRINK)
                .invariant("INV-12 refinement, INV-24 budget, state invariants, audit", Harness::checkAll).check());
        assertTrue(r.getMessage().contains("INV-12"), r.getMessage());
    }
}

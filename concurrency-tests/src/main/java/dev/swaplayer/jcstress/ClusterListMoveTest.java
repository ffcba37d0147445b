package dev.swaplayer.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.swaplayer.kernel.ClusterAllocator;
import dev.swaplayer.spec.Geometry;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIIIII_Result;

/**
 * Cluster list moves in the 6.12 model ({@link ClusterAllocator}): a free that empties a cluster (NONFULL to
 * FREE) races an order-0 allocation that moves the NONFULL head to FRAG or takes the FREE head; every cluster
 * stays on exactly one list, the one its flag names (INV-18).
 *
 * <p>Thread safety: JCStress runs both actors on one instance at once; the allocator is the object under test.
 * This model never isolates a cluster off every list (it holds {@code si->lock} across a scan), so "isolated
 * by exactly one thread" reduces to "on exactly one list"; the SPIN model in {@code spec/promela} covers the
 * isolating protocol.
 *
 * <p>Device: 16 slots in 4 clusters of 4, two CPUs. Setup: CPU 0 allocates slot 4 (cluster 1 leaves FREE for
 * NONFULL[0], and CPU 0's hint points into it); CPU 1 takes clusters 2 and 3 whole (FULL). So FREE is empty,
 * NONFULL[0] holds cluster 0 (the header's) and then cluster 1. Actor 1 (CPU 0) frees slot 4; actor 2 (CPU 1,
 * no hint) allocates order 0. Allocation first: NONFULL[0]'s head, cluster 0, moves to FRAG[0] and yields
 * slot 1; the free then moves cluster 1 to FREE. Free first: cluster 1 moves to FREE and the allocation takes
 * it back from the FREE list, slot 4, onto NONFULL[0].
 *
 * <p>Outcome: the allocated slot; {@link ClusterAllocator#listMembershipViolations()} as actor 1 and actor 2
 * saw it right after their move (the other actor may still be running); the flags of clusters 0 and 1
 * (ordinals: FREE 1, NONFULL 2, FRAG 3, FULL 4); the arbiter's audit (1 when checkConsistency() and the
 * membership audit pass, -1 otherwise).
 */
@JCStressTest
@State
@Description("free emptying cluster 1 against an order-0 allocation: every cluster on exactly one list.")
@Outcome(id = "1, 0, 0, 3, 1, 1", expect = ACCEPTABLE,
        desc = "Allocation first: cluster 0 to FRAG[0], slot 1; then cluster 1 to FREE.")
@Outcome(id = "4, 0, 0, 2, 2, 1", expect = ACCEPTABLE,
        desc = "Free first: cluster 1 to FREE, then back to NONFULL[0] with slot 4.")
@Outcome(id = {".*, [1-9], .*, .*, .*, .*", ".*, .*, [1-9], .*, .*, .*"}, expect = FORBIDDEN,
        desc = "A cluster seen on no list, on two, or on a list its flag does not name.")
@Outcome(id = ".*, -1", expect = FORBIDDEN, desc = "The allocator fails its audit after the race.")
@Outcome(expect = FORBIDDEN, desc = "Any other slot or list placement.")
public class ClusterListMoveTest {
    private final ClusterAllocator allocator =
            new ClusterAllocator(0, Geometry.builder(16).clusterSlots(4).build(), 2);

    /** Builds the state the actors start from; JCStress makes one per trial. */
    public ClusterListMoveTest() {
        allocator.setCpu(0);
        expect(allocator.allocate(0), 4);
        allocator.setCpu(1);
        expect(allocator.allocate(2), 8);
        expect(allocator.allocate(2), 12);
    }

    private static void expect(final long got, final long slot) {
        if (got != slot) {
            throw new IllegalStateException("setup: allocate = " + got + " (expected: " + slot + ")");
        }
    }

    @Actor
    public void free(final IIIIII_Result r) {
        allocator.setCpu(0);
        allocator.free(4, 1);
        r.r2 = allocator.listMembershipViolations();
    }

    @Actor
    public void allocate(final IIIIII_Result r) {
        allocator.setCpu(1);
        r.r1 = (int) allocator.allocate(0);
        r.r3 = allocator.listMembershipViolations();
    }

    // JCStress results are ints: the outcome ids above name each cluster flag by its ordinal.
    @Arbiter
    @SuppressWarnings("EnumOrdinal")
    public void arbiter(final IIIIII_Result r) {
        r.r4 = allocator.clusterFlag(0).ordinal();
        r.r5 = allocator.clusterFlag(1).ordinal();
        try {
            allocator.checkConsistency();
            r.r6 = allocator.listMembershipViolations() == 0 ? 1 : Devices.CORRUPT;
        } catch (AssertionError | RuntimeException e) {
            r.r6 = Devices.CORRUPT;
        }
    }
}

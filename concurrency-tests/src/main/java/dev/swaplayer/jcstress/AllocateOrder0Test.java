package dev.swaplayer.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.swaplayer.allocator.BuddyAllocator;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * Two order-0 allocations never get the same slot (INV-16).
 *
 * <p>Thread safety: JCStress runs both actors on one instance at once; the allocator is the object under test.
 *
 * <p>Device: 4 slots in clusters of 2. Cluster 0 has one free slot (1) next to the header; cluster 1 is
 * wholly free and has no metadata yet, so whichever allocation comes second must create cluster 1's metadata
 * and split its order-1 block, while the first takes slot 1. Outcome: slot of actor 1, slot of actor 2, free
 * slots left (-1 when the audit fails).
 */
@JCStressTest
@State
@Description("Two order-0 allocations on a two-cluster device: distinct slots, one free slot left.")
@Outcome(id = {"1, 2, 1", "2, 1, 1"}, expect = ACCEPTABLE, desc = "Distinct slots; slot 3 stays free.")
@Outcome(id = {"1, 1, .*", "2, 2, .*"}, expect = FORBIDDEN, desc = "Double allocation: both got one slot.")
@Outcome(id = ".*, .*, -1", expect = FORBIDDEN, desc = "The allocator fails checkConsistency().")
@Outcome(expect = FORBIDDEN, desc = "Any other placement, a failed allocation, or a wrong free count.")
public class AllocateOrder0Test {
    private final BuddyAllocator allocator = Devices.buddy(4, 2);

    @Actor
    public void actor1(final III_Result r) {
        r.r1 = (int) allocator.allocate(0);
    }

    @Actor
    public void actor2(final III_Result r) {
        r.r2 = (int) allocator.allocate(0);
    }

    @Arbiter
    public void arbiter(final III_Result r) {
        r.r3 = Devices.audit(allocator);
    }
}

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
 * Two order-4 (64 KiB) allocations never overlap (INV-16).
 *
 * <p>Thread safety: JCStress runs both actors on one instance at once; the allocator is the object under test.
 *
 * <p>Device: 48 slots in clusters of 16 (maxOrder 4). Cluster 0 holds the header, so only clusters 1 (slot
 * 16) and 2 (slot 32) can take an order-4 block; both are wholly free, without metadata, so both actors
 * race to create a cluster's metadata and to clear its bit in the device's wholly-free index. Outcome: first
 * slot of actor 1, of actor 2, free slots left (15: cluster 0 less its header).
 */
@JCStressTest
@State
@Description("Two order-4 allocations on a device with exactly two free order-4 blocks: both blocks, once each.")
@Outcome(id = {"16, 32, 15", "32, 16, 15"}, expect = ACCEPTABLE, desc = "Each actor got one whole cluster.")
@Outcome(id = {"16, 16, .*", "32, 32, .*"}, expect = FORBIDDEN, desc = "Double allocation of a 16-slot run.")
@Outcome(id = {"0, .*, .*", ".*, 0, .*"}, expect = FORBIDDEN, desc = "An allocation failed with a block free.")
@Outcome(id = ".*, .*, -1", expect = FORBIDDEN, desc = "The allocator fails checkConsistency().")
@Outcome(expect = FORBIDDEN, desc = "Any other placement or free count.")
public class AllocateOrder4Test {
    private final BuddyAllocator allocator = Devices.buddy(48, 16);

    @Actor
    public void actor1(final III_Result r) {
        r.r1 = (int) allocator.allocate(4);
    }

    @Actor
    public void actor2(final III_Result r) {
        r.r2 = (int) allocator.allocate(4);
    }

    @Arbiter
    public void arbiter(final III_Result r) {
        r.r3 = Devices.audit(allocator);
    }
}

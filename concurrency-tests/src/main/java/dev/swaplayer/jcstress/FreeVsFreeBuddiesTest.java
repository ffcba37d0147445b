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
import org.openjdk.jcstress.infra.results.IIIII_Result;

/**
 * Two buddies freed at once coalesce exactly once, and the merge cascades (INV-17, INV-4).
 *
 * <p>Thread safety: JCStress runs both actors on one instance at once; the allocator is the object under test.
 *
 * <p>Device: 8 slots, one cluster. Setup: slots 1..5 in use, {6,7} free (order 1). Actor 1 frees slot 4,
 * actor 2 frees slot 5. Whoever frees second finds its buddy free, merges to {4,5} and on with {6,7} to
 * {4..7}: buddyinfo must end as exactly one order-2 block. Lost coalescing leaves two order-0 blocks; a
 * double merge counts a block twice. Outcome: free blocks of orders 0..3, then free slots ({@code -1}: the audit
 * failed).
 */
@JCStressTest
@State
@Description("free(4) against free(5): the buddies merge once, into {4..7}.")
@Outcome(id = "0, 0, 1, 0, 4", expect = ACCEPTABLE, desc = "Coalesced exactly once; buddyinfo 0 0 1 0.")
@Outcome(id = "2, 1, 0, 0, -1", expect = FORBIDDEN, desc = "Neither free saw the other: coalescing lost.")
@Outcome(id = ".*, -1", expect = FORBIDDEN, desc = "The allocator fails checkConsistency().")
@Outcome(expect = FORBIDDEN, desc = "Any other buddyinfo or free count: a block merged twice or lost.")
public class FreeVsFreeBuddiesTest {
    private final BuddyAllocator allocator = Devices.buddy(8, 8);

    /** Builds the state the actors start from; JCStress makes one per trial. */
    public FreeVsFreeBuddiesTest() {
        Devices.allocateExactly(allocator, 1, 2, 3, 4, 5);
    }

    @Actor
    public void free4() {
        allocator.free(4, 1);
    }

    @Actor
    public void free5() {
        allocator.free(5, 1);
    }

    @Arbiter
    public void arbiter(final IIIII_Result r) {
        r.r1 = Devices.blocks(allocator, 0);
        r.r2 = Devices.blocks(allocator, 1);
        r.r3 = Devices.blocks(allocator, 2);
        r.r4 = Devices.blocks(allocator, 3);
        r.r5 = Devices.audit(allocator);
    }
}

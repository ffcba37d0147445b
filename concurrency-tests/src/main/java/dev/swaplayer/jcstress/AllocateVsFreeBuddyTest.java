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
 * The coalescing race: freeing slot 2 merges it with its free buddy 3, while an allocation wants slot 3 (INV-16,
 * INV-17, and INV-4 after the race).
 *
 * <p>Thread safety: JCStress runs both actors on one instance at once; the allocator is the object under test.
 *
 * <p>Device: 8 slots, one cluster. Setup: slots 1 and 2 in use, so the free blocks are {3} (order 0) and
 * {4..7} (order 2). Actor 1 frees slot 2; actor 2 allocates order 0. Allocation first: best fit takes slot 3
 * and slot 2 is then freed alone. Free first: 2 and 3 coalesce to {2,3} (order 1), which the allocation
 * splits again, taking slot 2. Either way the final buddyinfo is one order-0 and one order-2 block.
 * Outcome: the allocated slot, free blocks of orders 0, 1, 2, then free slots ({@code -1}: the audit failed).
 */
@JCStressTest
@State
@Description("free(2) against allocate(0) when slot 3, the buddy of 2, is the best fit.")
@Outcome(id = "3, 1, 0, 1, 5", expect = ACCEPTABLE, desc = "Allocation first took the buddy; slot 2 freed alone.")
@Outcome(id = "2, 1, 0, 1, 5", expect = ACCEPTABLE, desc = "Free first coalesced {2,3}; the allocation split it.")
@Outcome(id = ".*, -1", expect = FORBIDDEN, desc = "The allocator fails checkConsistency().")
@Outcome(expect = FORBIDDEN, desc = "Any other slot (slot 2 handed out while still in use, or 4..7).")
public class AllocateVsFreeBuddyTest {
    private final BuddyAllocator allocator = Devices.buddy(8, 8);

    /** Builds the state the actors start from; JCStress makes one per trial. */
    public AllocateVsFreeBuddyTest() {
        Devices.allocateExactly(allocator, 1, 2);
    }

    @Actor
    public void free(final IIIII_Result r) {
        allocator.free(2, 1);
    }

    @Actor
    public void allocate(final IIIII_Result r) {
        r.r1 = (int) allocator.allocate(0);
    }

    @Arbiter
    public void arbiter(final IIIII_Result r) {
        r.r2 = Devices.blocks(allocator, 0);
        r.r3 = Devices.blocks(allocator, 1);
        r.r4 = Devices.blocks(allocator, 2);
        r.r5 = Devices.audit(allocator);
    }
}

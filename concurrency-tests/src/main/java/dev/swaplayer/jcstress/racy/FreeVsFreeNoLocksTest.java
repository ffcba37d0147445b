package dev.swaplayer.jcstress.racy;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.jcstress.Devices;
import dev.swaplayer.jcstress.FreeVsFreeBuddiesTest;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIIII_Result;

/**
 * {@code FreeVsFreeBuddiesTest} against an allocator that takes no locks: JCStress must see coalescing lost
 * or done twice.
 *
 * <p>Thread safety: none on purpose; both actors race on an unlocked allocator.
 *
 * <p>Device: 8 slots, one cluster; slots 1..5 in use, {6,7} free. Outcome: free blocks of orders 0..3, then
 * free slots (-1 when the audit fails). The outcomes are those of {@link FreeVsFreeBuddiesTest}
 * ({@code @JCStressMeta}: JCStress reads that class's outcome table).
 */
@JCStressTest
@State
@JCStressMeta(FreeVsFreeBuddiesTest.class)
@Description("free(4) against free(5) on an allocator built without locks: expected to FAIL.")
public class FreeVsFreeNoLocksTest {
    private final BuddyAllocator allocator = Devices.racyBuddy(8, 8);

    /** Builds the state the actors start from; JCStress makes one per trial. */
    public FreeVsFreeNoLocksTest() {
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

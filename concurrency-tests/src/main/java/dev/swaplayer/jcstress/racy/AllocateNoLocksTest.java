package dev.swaplayer.jcstress.racy;

import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.jcstress.AllocateOrder0Test;
import dev.swaplayer.jcstress.Devices;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressMeta;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * {@code AllocateOrder0Test} against an allocator that takes no locks: JCStress must see a double
 * allocation or a corrupt device.
 *
 * <p>Thread safety: none on purpose; both actors race on an unlocked allocator.
 *
 * <p>Device: 4 slots in clusters of 2, slots 1, 2 and 3 free. Outcome: slot of actor 1, of actor 2, free
 * slots left (-1 when the audit fails); -2 for an allocation that threw. The outcomes are those of
 * {@link AllocateOrder0Test} ({@code @JCStressMeta}: JCStress reads that class's outcome table, then this
 * class's own), plus the crash, which only this variant catches and reports; JCStress tries the shared
 * patterns first, so a crash whose audit also failed is reported as the failed audit, forbidden either way.
 */
@JCStressTest
@State
@JCStressMeta(AllocateOrder0Test.class)
@Description("Two order-0 allocations on an allocator built without locks: expected to FAIL.")
@Outcome(id = {"-2, .*", ".*, -2, .*"}, expect = FORBIDDEN, desc = "An allocation threw: the race tore an index.")
public class AllocateNoLocksTest {
    /**
     * An actor's result when the allocator threw after a torn update: an index out of bounds, or one of its
     * own assertions (the JCStress forks run with {@code -ea}), which would otherwise end the run as an error
     * instead of a forbidden outcome.
     */
    static final int CRASHED = -2;
    private final BuddyAllocator allocator = Devices.racyBuddy(4, 2);

    @Actor
    public void actor1(final III_Result r) {
        r.r1 = allocate();
    }

    @Actor
    public void actor2(final III_Result r) {
        r.r2 = allocate();
    }

    /** @return the slot, or {@link #CRASHED} when the race left the allocator's state inconsistent */
    private int allocate() {
        try {
            return (int) allocator.allocate(0);
        } catch (RuntimeException | AssertionError e) {
            return CRASHED;
        }
    }

    @Arbiter
    public void arbiter(final III_Result r) {
        r.r3 = Devices.audit(allocator);
    }
}

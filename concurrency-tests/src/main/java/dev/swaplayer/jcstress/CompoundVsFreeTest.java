package dev.swaplayer.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.spec.SlotState;
import java.util.Arrays;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * A folio placement that must fall back to a compound descriptor, against the free that would have made a
 * contiguous run: the folio gets one placement or the other, never a mix, and no page is shared (INV-16, INV-7).
 *
 * <p>Thread safety: JCStress runs both actors on one instance at once; the allocator is the object under test.
 *
 * <p>Device: 8 slots, one cluster. Setup: slots 1 and 4 in use, free blocks {2,3}, {5}, {6,7}: five free
 * slots but no free order-2 block. Actor 1 places an order-2 folio; actor 2 frees slot 4. Free first: {4..7}
 * is an order-2 block and the folio takes it contiguously. Folio first: a compound descriptor of two extents,
 * pages at 2, 5, 6, 7 (address order), then slot 4 is freed. Outcome: extents, the slot of page 0, whether
 * the four pages are distinct slots in use, free slots after (-1 when the audit fails).
 */
@JCStressTest
@State
@Description("allocateFolio(2) against free(4), which completes the block {4..7}.")
@Outcome(id = "1, 4, 1, 2", expect = ACCEPTABLE, desc = "Free first: the folio took {4..7} contiguously.")
@Outcome(id = "2, 2, 1, 2", expect = ACCEPTABLE_INTERESTING,
        desc = "Folio first: a compound descriptor of {2} and {5,6,7}; slot 4 was freed after.")
@Outcome(id = ".*, .*, 0, .*", expect = FORBIDDEN, desc = "Two pages share a slot, or a page's slot is not in use.")
@Outcome(id = ".*, -1", expect = FORBIDDEN, desc = "The allocator fails checkConsistency().")
@Outcome(expect = FORBIDDEN, desc = "Any other placement or free count.")
public class CompoundVsFreeTest {
    private static final int ORDER = 2;
    private final BuddyAllocator allocator = Devices.buddy(8, 8);
    private long handle;

    /** Builds the state the actors start from; JCStress makes one per trial. */
    public CompoundVsFreeTest() {
        Devices.allocateExactly(allocator, 1, 2, 3, 4);
        allocator.free(2, 1);
        allocator.free(3, 1);
    }

    @Actor
    public void place() {
        handle = allocator.allocateFolio(ORDER);
    }

    @Actor
    public void free() {
        allocator.free(4, 1);
    }

    @Arbiter
    public void arbiter(final IIII_Result r) {
        if (handle == BuddyAllocator.NONE) {
            return;
        }
        r.r1 = allocator.extents(handle, ORDER);
        final long[] pages = new long[1 << ORDER];
        boolean distinctInUse = true;
        for (int p = 0; p < pages.length; p++) {
            pages[p] = allocator.slotOf(handle, ORDER, p);
            distinctInUse &= allocator.view().state(pages[p]) == SlotState.IN_USE;
        }
        r.r2 = (int) pages[0];
        r.r3 = distinctInUse && Arrays.stream(pages).distinct().count() == pages.length ? 1 : 0;
        r.r4 = Devices.audit(allocator);
    }
}

package dev.swaplayer.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.spec.SwapResult;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * A fork's {@code dup} against the last unmap's {@code put} on one slot: no count is lost, and the slot is
 * freed exactly once (INV-17, INV-6).
 *
 * <p>Thread safety: JCStress runs both actors on one instance at once; the allocator is the object under test.
 *
 * <p>Setup: slot 1 with swap count 1 and no swap cache (one page table maps it). Actor 1 dups it (result 1
 * for OK, 0 when the slot was already free, which is the kernel's -ENOENT and throws here); actor 2 puts it
 * (1 when that put freed the slot). The arbiter records the count left, drops it with as many puts, and
 * reports how many times the slot was freed in all (-1 when the device fails its audit or did not get its
 * free slot back).
 */
@JCStressTest
@State
@Description("dup(1) against put(1) at swap count 1: the count survives, the slot is freed once.")
@Outcome(id = "1, 0, 1, 1", expect = ACCEPTABLE, desc = "dup first: count 2, then 1; the arbiter's put frees it.")
@Outcome(id = "0, 1, 0, 1", expect = ACCEPTABLE_INTERESTING,
        desc = "put first freed the slot; dup saw a free slot (-ENOENT), as swap_duplicate can.")
@Outcome(id = {"1, 1, .*", "1, 0, 0, .*"}, expect = FORBIDDEN, desc = "The dup was lost: freed with a reference left.")
@Outcome(id = ".*, .*, .*, (0|2|-1)", expect = FORBIDDEN, desc = "Never freed, freed twice, or the audit failed.")
@Outcome(expect = FORBIDDEN, desc = "Any other combination.")
public class DupVsPutTest {
    private static final long SLOT = 1;
    private final BuddyAllocator allocator = Devices.buddy(8, 8);

    /** Builds the state the actors start from; JCStress makes one per trial. */
    public DupVsPutTest() {
        Devices.allocateExactly(allocator, SLOT);
        Devices.mapOnce(allocator, SLOT);
    }

    @Actor
    public void dup(final IIII_Result r) {
        try {
            r.r1 = allocator.dup(SLOT) == SwapResult.OK ? 1 : 2;
        } catch (IllegalStateException e) {
            r.r1 = 0;
        }
    }

    @Actor
    public void put(final IIII_Result r) {
        r.r2 = allocator.put(SLOT) ? 1 : 0;
    }

    @Arbiter
    public void arbiter(final IIII_Result r) {
        final long left = allocator.countOf(SLOT);
        r.r3 = (int) left;
        int freed = r.r2;
        for (long i = 0; i < left; i++) {
            freed += allocator.put(SLOT) ? 1 : 0;
        }
        r.r4 = Devices.audit(allocator) == 7 ? freed : Devices.CORRUPT;
    }
}

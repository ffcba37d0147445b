package dev.swaplayer.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.swaplayer.allocator.BuddyAllocator;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.IIII_Result;

/**
 * A swap-in's {@code swapcache_prepare} (cacheAdd) against the last unmap's {@code put}: a slot the swap
 * cache pinned is never freed (INV-17, INV-6).
 *
 * <p>Thread safety: JCStress runs both actors on one instance at once; the allocator is the object under test.
 *
 * <p>Setup: slot 1 with swap count 1, not cached. Actor 1 sets the cache flag (result: the SwapResult
 * ordinal, OK 0, ALREADY_CACHED 1, NOT_IN_USE 2); actor 2 puts (1 when that put freed the slot). The
 * arbiter reports the slot's state (0 free, 1 in use, 2 in use and cached) and the free slots (-1 when the
 * audit fails).
 */
@JCStressTest
@State
@Description("cacheAdd(1) against put(1) at swap count 1, uncached: never freed while cached.")
@Outcome(id = "0, 0, 2, 6", expect = ACCEPTABLE,
        desc = "Pinned first: the put leaves a count-0 slot to the swap cache.")
@Outcome(id = "2, 1, 0, 7", expect = ACCEPTABLE_INTERESTING,
        desc = "put freed the slot first; cacheAdd reports NOT_IN_USE (-ENOENT) and changes nothing.")
@Outcome(id = {"0, 1, .*", ".*, .*, 0, 6", ".*, .*, 2, 7"}, expect = FORBIDDEN,
        desc = "Freed while the swap cache holds it.")
@Outcome(id = ".*, -1", expect = FORBIDDEN, desc = "The allocator fails checkConsistency().")
@Outcome(expect = FORBIDDEN, desc = "Any other combination.")
public class CacheAddVsPutTest {
    private static final long SLOT = 1;
    private final BuddyAllocator allocator = Devices.buddy(8, 8);

    /** Builds the state the actors start from; JCStress makes one per trial. */
    public CacheAddVsPutTest() {
        Devices.allocateExactly(allocator, SLOT);
        Devices.mapOnce(allocator, SLOT);
    }

    // JCStress results are ints: the outcome ids above name the result by its ordinal.
    @Actor
    @SuppressWarnings("EnumOrdinal")
    public void cacheAdd(final IIII_Result r) {
        r.r1 = allocator.cacheAdd(SLOT).ordinal();
    }

    @Actor
    public void put(final IIII_Result r) {
        r.r2 = allocator.put(SLOT) ? 1 : 0;
    }

    @Arbiter
    public void arbiter(final IIII_Result r) {
        r.r3 = Devices.slotState(allocator, SLOT);
        r.r4 = Devices.audit(allocator);
    }
}

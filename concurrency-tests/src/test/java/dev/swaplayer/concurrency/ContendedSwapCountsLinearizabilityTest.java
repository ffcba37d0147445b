package dev.swaplayer.concurrency;

import dev.swaplayer.allocator.BuddyAllocator;
import org.junit.jupiter.api.Test;

/**
 * Lincheck model checking of the swap counts under contention: {@code dup}, {@code put}, {@code cacheAdd} and
 * {@code cacheDel} of one slot race each other on a thread-safe {@link BuddyAllocator}, and every history must
 * be linearizable against {@code SwapSpaceModel} (INV-19), so no update of the slot's count or swap-cache
 * flag may be lost (INV-17). The scenario and its pinned races are in {@link ContendedSwapCounts};
 * {@link UnlockedDupLincheckDemoTest} shows that the same check rejects a {@code dup} without its cluster lock.
 *
 * <p>Thread safety: Lincheck calls the operations of one instance from several threads; the instance holds
 * only the allocator under test.
 */
public class ContendedSwapCountsLinearizabilityTest extends ContendedSwapCounts {

    public ContendedSwapCountsLinearizabilityTest() {
        super(new BuddyAllocator(0, DEVICE));
    }

    @Test
    void linearizableInModelChecking() {
        options(getClass()).check(getClass());
    }
}

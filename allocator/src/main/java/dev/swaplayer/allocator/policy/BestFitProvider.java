package dev.swaplayer.allocator.policy;

import dev.swaplayer.allocator.FolioPolicy;
import dev.swaplayer.spec.Placement;

/**
 * The built-in policy {@code bestfit}: the buddy allocator with its original placement,
 * {@link Placement#BEST_FIT} (the smallest free block that fits, lowest address); contiguous runs only, a
 * large folio that finds none is split. The baseline that {@code buddy}'s grouped placement is measured
 * against.
 *
 * <p>Thread safety: stateless; the allocators it builds are thread-safe.
 */
public final class BestFitProvider extends BuddyFamilyProvider {
    /** The policy, for the service loader. */
    public BestFitProvider() {
        super("bestfit", "the buddy allocator with best-fit, lowest-address placement, contiguous runs only; a large"
                + " folio that finds none is split", Placement.BEST_FIT, FolioPolicy.SPLIT);
    }

    /** The old placement is a reference for comparison: {@code --policy all} leaves it out. */
    @Override
    public boolean inAll() {
        return false;
    }
}

package dev.swaplayer.allocator.policy;

import dev.swaplayer.allocator.FolioPolicy;
import dev.swaplayer.spec.Placement;

/**
 * The built-in policy {@code buddy}: this project's buddy allocator, contiguous runs only; a large folio that finds
 * none is split.
 *
 * <p>Thread safety: stateless; the allocators it builds are thread-safe.
 */
public final class BuddyProvider extends BuddyFamilyProvider {
    /** The policy, for the service loader. */
    public BuddyProvider() {
        super("buddy", "this project's buddy allocator, contiguous runs only; a large folio that finds none is split",
                Placement.GROUPED, FolioPolicy.SPLIT);
    }
}

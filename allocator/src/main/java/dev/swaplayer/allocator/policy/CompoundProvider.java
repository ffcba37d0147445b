package dev.swaplayer.allocator.policy;

import dev.swaplayer.allocator.FolioPolicy;
import dev.swaplayer.spec.Placement;

/**
 * The built-in policy {@code compound}: the buddy allocator with compound descriptors: a large folio that finds no run
 * is stored non-contiguously, never split.
 *
 * <p>Thread safety: stateless; the allocators it builds are thread-safe.
 */
public final class CompoundProvider extends BuddyFamilyProvider {
    /** The policy, for the service loader. */
    public CompoundProvider() {
        super("compound", "the buddy allocator with compound descriptors: a large folio that finds no run is stored"
                + " non-contiguously, never split", Placement.GROUPED, FolioPolicy.COMPOUND);
    }
}

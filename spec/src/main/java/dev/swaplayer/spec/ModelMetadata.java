package dev.swaplayer.spec;

/**
 * The on-demand metadata of a {@link SwapSpaceModel} ("Metadata under memory pressure" in {@code spec/SPEC.md}):
 * which clusters hold metadata, and what an allocation takes when the budget refuses a cluster's metadata (the
 * degraded rule). Reads the model through its view and changes only the budget.
 *
 * <p>Thread safety: as its model's: confined to one thread.
 *
 * <pre>
 *   cluster holds metadata   a slot in it is in use or reserved (the header, a bad slot), or it runs past the end
 *   on-demand cluster        holds metadata and no reserved slot: what the budget's CLUSTER limit counts
 * </pre>
 */
final class ModelMetadata {
    private final SwapSpaceModel model;
    private final Geometry geometry;
    private final MetadataBudget budget;
    private final ModelPlacement placements;

    ModelMetadata(final SwapSpaceModel model, final MetadataBudget budget, final ModelPlacement placements) {
        this.model = model;
        this.geometry = model.geometry();
        this.budget = budget;
        this.placements = placements;
    }

    /** Returns the budget asked. */
    MetadataBudget budget() {
        return budget;
    }

    /**
     * The budget's say on the block the placement rule chose for an allocation ({@link SwapSpaceModel#allocate}):
     * a block in a cluster that holds metadata, or whose cluster's metadata the budget grants, stands; else the
     * rule restricted to clusters that hold metadata; else an order-0 request borrows the reserve.
     *
     * @param order the requested order
     * @param first the first slot of the block the rule chose, or NONE
     * @return the first slot to take, or NONE
     */
    long admit(final int order, final long first) {
        if (first == SwapSpaceModel.NONE || hasClusterMetadata(geometry.clusterOf(first))
                || budget.cluster(onDemandClusters())) {
            return first;
        }
        final long within = placements.block(order, true);
        if (within != SwapSpaceModel.NONE) {
            budget.degraded();
            return within;
        }
        return order == 0 && budget.lendReserve() ? first : SwapSpaceModel.NONE;
    }

    /** A slot was freed: when its cluster's metadata goes with it and the reserve is lent, the reserve refills. */
    void slotFreed(final long slot) {
        if (budget.reserveLent() && !hasClusterMetadata(geometry.clusterOf(slot))) {
            budget.clusterDropped();
        }
    }

    /** As {@link SwapSpaceView#hasClusterMetadata}. */
    boolean hasClusterMetadata(final int cluster) {
        final long first = (long) cluster << geometry.clusterOrder();
        final long end = first + geometry.clusterSlots();
        if (end > geometry.totalSlots()) {
            return true;
        }
        for (long x = first; x < end; x++) {
            if (geometry.isReserved(x)) {
                return true;
            }
        }
        return model.anyInUse(first, end); // a slot in use, else all free
    }

    /** Returns how many clusters hold metadata on demand: they hold metadata and no reserved slot. */
    long onDemandClusters() {
        long n = 0;
        for (int c = 0; c < geometry.clusterCount(); c++) {
            n += hasClusterMetadata(c) && !holdsReservedSlot(c) ? 1 : 0;
        }
        return n;
    }

    /** Whether a cluster holds a reserved slot (the header, a bad slot, the device end): metadata for life. */
    private boolean holdsReservedSlot(final int cluster) {
        final long first = (long) cluster << geometry.clusterOrder();
        for (long x = first; x < first + geometry.clusterSlots(); x++) {
            if (geometry.isReserved(x)) {
                return true;
            }
        }
        return false;
    }
}

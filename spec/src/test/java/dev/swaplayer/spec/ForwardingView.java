package dev.swaplayer.spec;


/**
 * A view that forwards to another, for planting corruption in one observable at a time: override the one
 * method to break. Thread safety: as the wrapped view.
 */
class ForwardingView implements SwapSpaceView {

    private final SwapSpaceView d;

    ForwardingView(final SwapSpaceView d) {
        this.d = d;
    }

    @Override
    public Geometry geometry() {
        return d.geometry();
    }

    @Override
    public SlotState state(final long slot) {
        return d.state(slot);
    }

    @Override
    public long swapCount(final long slot) {
        return d.swapCount(slot);
    }

    @Override
    public boolean cached(final long slot) {
        return d.cached(slot);
    }

    @Override
    public void forEachFreeBlock(final BlockVisitor visitor) {
        d.forEachFreeBlock(visitor);
    }

    @Override
    public boolean smallPageblock(final long slot) {
        return d.smallPageblock(slot);
    }

    @Override
    public void forEachDescriptor(final DescriptorVisitor visitor) {
        d.forEachDescriptor(visitor);
    }

    @Override
    public boolean hasClusterMetadata(final int cluster) {
        return d.hasClusterMetadata(cluster);
    }

    @Override
    public long freeSlots() {
        return d.freeSlots();
    }

    @Override
    public long usedSlots() {
        return d.usedSlots();
    }

    @Override
    public Fragmentation fragmentation() {
        return d.fragmentation();
    }
}

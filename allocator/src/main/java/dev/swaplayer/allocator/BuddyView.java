package dev.swaplayer.allocator;

import dev.swaplayer.allocator.core.Handshake;
import dev.swaplayer.spec.Blocks;
import dev.swaplayer.spec.Fragmentation;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.SlotState;
import dev.swaplayer.spec.SwapSpaceView;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.collections.impl.list.mutable.primitive.LongArrayList;

/**
 * The buddy allocator's observable state, as the specification defines it, read without locks: for the
 * preconditions, whose callers hold the locks a read needs.
 *
 * <p>Thread safety: only under those locks (the device lock, or the slot's cluster lock for the per-slot
 * reads); {@link Locked}, the public view, takes them itself. The counters are acquire loads and
 * {@link #fragmentation()} takes the device lock in both.
 */
class BuddyView implements SwapSpaceView {
    final FreeSpace space;
    final DescriptorTable table;
    final Handshake locks;
    /** The freed block held back ({@link HeldBlock}): given back before a read of the free maps or buddyinfo. */
    final HeldBlock held;

    BuddyView(final FreeSpace space, final DescriptorTable table, final HeldBlock held) {
        this.space = space;
        this.table = table;
        this.locks = space.locks;
        this.held = held;
    }

    /**
     * Reads the observable state at one instant ({@link BuddyAllocator#observe}): the reader runs holding the
     * device lock, with every cluster entered, and reads this view, which takes no lock per call.
     */
    final <T> T observe(final Function<SwapSpaceView, T> reader) {
        space.deviceLock.lock();
        try {
            space.enterClusters(0, space.geometry.totalSlots());
            return reader.apply(this);
        } finally {
            space.deviceLock.unlock();
        }
    }

    @Override
    public Geometry geometry() {
        return space.geometry;
    }

    @Override
    public SlotState state(final long slot) {
        if (slot < 0 || slot >= (long) space.clusters.length << space.geometry.clusterOrder()) {
            return SlotState.RESERVED;
        }
        final Cluster cl = space.clusterOf(slot);
        if (cl == null) {
            return SlotState.FREE;
        }
        final int idx = space.indexOf(slot);
        if (cl.isReserved(idx)) {
            return SlotState.RESERVED;
        }
        return cl.isFree(idx) ? SlotState.FREE : SlotState.IN_USE;
    }

    @Override
    public long swapCount(final long slot) {
        final Cluster cl = space.clusterOf(slot);
        return cl == null ? 0 : cl.count(space.indexOf(slot));
    }

    @Override
    public boolean cached(final long slot) {
        final Cluster cl = space.clusterOf(slot);
        return cl != null && cl.isCached(space.indexOf(slot));
    }

    /** Under the device lock, which the caller holds: a block held back is listed as the free block it is. */
    @Override
    public void forEachFreeBlock(final BlockVisitor visitor) {
        final int top = space.geometry.maxOrder();
        final int clusterSlots = space.clusterSlots;
        for (int c = 0; c < space.clusters.length; c++) {
            final Cluster cl = space.clusters[c];
            final long first = space.base(c);
            if (cl == null) {
                for (int idx = 0; idx < clusterSlots; idx += 1 << top) {
                    visitor.visit(first + idx, top);
                }
                continue;
            }
            final LongArrayList packed = new LongArrayList();
            final long heldHere = heldIn(cl);
            if (heldHere >= 0) {
                packed.add(heldHere);
            }
            for (int j = 0; j <= top; j++) {
                for (int idx = 0; idx < clusterSlots; idx += 1 << j) {
                    if (cl.isHead(j, idx)) {
                        packed.add(Blocks.pack(first + idx, j));
                    }
                }
            }
            packed.sortThis().forEach(p -> visitor.visit(Blocks.start(p), Blocks.order(p)));
        }
    }

    @Override
    public boolean smallPageblock(final long slot) {
        if (slot < 0 || slot >= (long) space.clusters.length << space.geometry.clusterOrder()) {
            return false;
        }
        final Cluster cl = space.clusterOf(slot);
        return cl != null && cl.pageblocks.isSmall(space.indexOf(slot));
    }

    @SuppressWarnings("GuardedBy") // one free space under every part: see FreeSpace#deviceLock
    @Override
    public void forEachDescriptor(final DescriptorVisitor visitor) {
        for (final long id : table.sortedIds()) {
            final CompoundDescriptor d = table.get(id);
            final long[] pages = new long[1 << d.order];
            for (int p = 0; p < pages.length; p++) {
                pages[p] = d.isLive(p) ? d.slotOf(p) : 0;
            }
            visitor.visit(id, d.order, pages);
        }
    }

    @Override
    public boolean hasClusterMetadata(final int cluster) {
        return space.clusterAcquire(cluster) != null;
    }

    @Override
    public long freeSlots() {
        return space.freeSlots();
    }

    @Override
    public long usedSlots() {
        return space.usedSlots();
    }

    /** @return buddyinfo, read under the device lock, which this takes; the block held back, if any, counted */
    @Override
    public Fragmentation fragmentation() {
        space.deviceLock.lock();
        try {
            return new Fragmentation(withHeld(space.blocks));
        } finally {
            space.deviceLock.unlock();
        }
    }

    /** Under the device lock: the held block in {@code cl}, packed, or -1 ({@link HeldBlock#packedIn}). */
    @SuppressWarnings("GuardedBy") // one free space under every part: see FreeSpace#deviceLock
    private long heldIn(final Cluster cl) {
        return held.packedIn(cl);
    }

    /** Under the device lock: the block counts with the held block counted ({@link HeldBlock#withHeld}). */
    @SuppressWarnings("GuardedBy") // one free space under every part: see FreeSpace#deviceLock
    private long[] withHeld(final long[] blocks) {
        return held.withHeld(blocks);
    }

    /**
     * The public view: each read takes the lock it needs, so any thread may call it. The counters and the
     * geometry need no lock and come from {@link BuddyView} as they are.
     */
    static final class Locked extends BuddyView {
        Locked(final FreeSpace space, final DescriptorTable table, final HeldBlock held) {
            super(space, table, held);
        }

        @Override
        public SlotState state(final long slot) {
            return slot < 0 || slot >= (long) space.clusters.length << space.geometry.clusterOrder()
                    ? SlotState.RESERVED
                    : underClusterLock(slot, SlotState.FREE, () -> super.state(slot));
        }

        @Override
        public long swapCount(final long slot) {
            return underClusterLock(slot, 0L, () -> super.swapCount(slot));
        }

        @Override
        public boolean cached(final long slot) {
            return underClusterLock(slot, false, () -> super.cached(slot));
        }

        @Override
        public void forEachFreeBlock(final BlockVisitor visitor) {
            underDeviceLock(() -> super.forEachFreeBlock(visitor));
        }

        @Override
        public void forEachDescriptor(final DescriptorVisitor visitor) {
            underDeviceLock(() -> super.forEachDescriptor(visitor));
        }

        @Override
        public boolean smallPageblock(final long slot) {
            space.deviceLock.lock();
            try {
                return super.smallPageblock(slot);
            } finally {
                space.deviceLock.unlock();
            }
        }

        /** Reads a slot's cluster under its lock; a cluster without metadata reads as {@code whenWhollyFree}. */
        private <T> T underClusterLock(final long slot, final T whenWhollyFree, final Supplier<T> read) {
            final Cluster cl = space.lockClusterOf(slot);
            if (cl == null) {
                return whenWhollyFree;
            }
            try {
                return read.get();
            } finally {
                locks.unlock(cl.lock);
            }
        }

        private void underDeviceLock(final Runnable read) {
            space.deviceLock.lock();
            try {
                read.run();
            } finally {
                space.deviceLock.unlock();
            }
        }
    }
}

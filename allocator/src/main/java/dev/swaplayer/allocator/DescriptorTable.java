package dev.swaplayer.allocator;

import com.google.errorprone.annotations.concurrent.GuardedBy;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Checks;
import dev.swaplayer.spec.Preconditions;
import java.util.Collection;

/**
 * The buddy allocator's live compound descriptors by id, and the placing of a new one: its extents leave free
 * space and each of its slots records it as the owner ({@link Cluster#setOwner}).
 *
 * <p>Thread safety: guarded by the device lock, which each method that reads or changes the table asserts.
 */
final class DescriptorTable {
    private final FreeSpace space;
    private final int type;
    /** Live descriptors by id. */
    @GuardedBy("space.deviceLock")
    private final DescriptorsById descriptors = new DescriptorsById();
    @GuardedBy("space.deviceLock")
    private long nextDescriptorId = 1;

    DescriptorTable(final FreeSpace space, final int type) {
        this.space = space;
        this.type = type;
    }

    /**
     * A deep copy of {@code o} over {@code space}, a copy of {@code o}'s free space: each copied descriptor
     * becomes the owner of its pages in the copied clusters. Under {@code o}'s device lock.
     */
    DescriptorTable(final DescriptorTable o, final FreeSpace space) {
        this(space, o.type);
        o.descriptors.values().forEach(d -> descriptors.add(new CompoundDescriptor(d)));
        for (int c = 0; c < space.clusters.length; c++) {
            final Cluster from = o.space.clusters[c];
            for (int idx = 0; from != null && idx < space.clusterSlots; idx++) {
                final CompoundDescriptor d = from.ownerOf(idx);
                if (d != null) {
                    space.clusters[c].setOwner(idx, descriptors.get(d.id));
                }
            }
        }
        this.nextDescriptorId = o.nextDescriptorId;
    }

    /**
     * Under the device lock: takes the pieces and builds their descriptor, a cross-cluster step.
     *
     * @param order the folio order
     * @param pieces {start, length} pairs in ascending address order ({@link CompoundPlacement#pieces})
     * @return the new descriptor's id
     */
    @GuardedBy("space.deviceLock")
    long place(final int order, final long[] pieces) {
        assert space.locks.holdsDevice() : "compound placement without the device lock";
        final int n = pieces.length / 2;
        final long[] starts = new long[n];
        final int[] lengths = new int[n];
        final long id = nextDescriptorId++;
        for (int i = 0; i < n; i++) {
            starts[i] = pieces[2 * i];
            lengths[i] = (int) pieces[2 * i + 1];
        }
        final CompoundDescriptor d = new CompoundDescriptor(id, order, starts, lengths);
        space.enterClusters(starts);
        for (int i = 0; i < n; i++) {
            final Cluster cl = space.clusterOf(starts[i]);
            final int idx = space.indexOf(starts[i]);
            space.takeRun(cl, idx, lengths[i]);
            space.syncIndex(cl);
            for (int x = idx; x < idx + lengths[i]; x++) {
                cl.setOwner(x, d);
            }
        }
        descriptors.add(d);
        return id;
    }

    /**
     * Under the device lock: the live descriptor a compound handle names, checked.
     *
     * @throws IllegalArgumentException for another device's handle, a dead descriptor or the wrong order
     */
    @GuardedBy("space.deviceLock")
    CompoundDescriptor lookUp(final long handle, final int order) {
        assert space.locks.holdsDevice() : "descriptor look-up without the device lock";
        if (SwapEntry.type(handle) != type) {
            throw Checks.badArgument("entry type", SwapEntry.type(handle), type + ", this device");
        }
        final CompoundDescriptor d = descriptors.get(SwapEntry.offset(handle));
        if (d == null) {
            throw Checks.badArgument("descriptor", SwapEntry.offset(handle), "a live compound descriptor");
        }
        if (d.order != order) {
            throw Checks.badArgument("order", order, d.order + ", the order descriptor " + d.id + " holds");
        }
        return d;
    }

    /**
     * Under the device lock: the slot of one live page of a compound folio.
     *
     * @throws IllegalArgumentException for a bad handle ({@link #lookUp}) or a page out of the folio
     * @throws IllegalStateException when the page already left
     */
    @GuardedBy("space.deviceLock")
    long slotOfPage(final long handle, final int order, final int page) {
        final CompoundDescriptor d = lookUp(handle, order);
        Checks.checkInRange("page", page, 0, (1 << order) - 1);
        checkLive(d, page);
        return d.slotOf(page);
    }

    /**
     * Under the device lock: the descriptor of a compound folio whose pages {@code [firstPage, firstPage + count)}
     * are all live, checked before anything changes; {@link CompoundDescriptor#slotOf} gives their slots, ascending
     * (pages fill the extents in address order).
     *
     * @throws IllegalArgumentException for a bad handle ({@link #lookUp}) or a range out of the folio
     * @throws IllegalStateException when a page of the range already left
     */
    @GuardedBy("space.deviceLock")
    CompoundDescriptor livePages(final long handle, final int order, final int firstPage, final int count) {
        final CompoundDescriptor d = lookUp(handle, order);
        Preconditions.checkPageRange(order, firstPage, count);
        for (int p = firstPage; p < firstPage + count; p++) {
            checkLive(d, p);
        }
        return d;
    }

    /** @throws IllegalStateException when the page already left */
    private static void checkLive(final CompoundDescriptor d, final int page) {
        if (!d.isLive(page)) {
            throw Checks.badState("page " + page + " of descriptor " + d.id, "already freed", "still swapped out");
        }
    }

    /**
     * Under the device lock, inside the cluster: slot idx of cl is being freed; if it holds a live page of a
     * descriptor, the page leaves it, and the descriptor leaves the table with its last page.
     */
    @GuardedBy("space.deviceLock")
    void releasePageAt(final Cluster cl, final int idx) {
        assert space.locks.holdsDevice() : "descriptor release without the device lock";
        final CompoundDescriptor d = cl.takeOwner(idx);
        if (d != null && d.release(d.pageOf(space.base(cl.index) + idx))) {
            descriptors.remove(d); // its last page: the descriptor is gone
        }
    }

    /** Returns the number of live descriptors; under the device lock. */
    @GuardedBy("space.deviceLock")
    int size() {
        assert space.locks.holdsDevice() : "descriptor count without the device lock";
        return descriptors.size();
    }

    /** Returns the live descriptors, in no order; under the device lock. */
    @GuardedBy("space.deviceLock")
    Collection<CompoundDescriptor> live() {
        assert space.locks.holdsDevice() : "descriptor table read without the device lock";
        return descriptors.values();
    }

    /** Returns the ids of the live descriptors, ascending; under the device lock. */
    @GuardedBy("space.deviceLock")
    long[] sortedIds() {
        assert space.locks.holdsDevice() : "descriptor table read without the device lock";
        return descriptors.sortedIds();
    }

    /** Returns the live descriptor with that id; under the device lock. */
    @GuardedBy("space.deviceLock")
    CompoundDescriptor get(final long id) {
        return descriptors.get(id);
    }
}

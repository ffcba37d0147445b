package dev.swaplayer.allocator;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The live compound descriptors by id, for {@link DescriptorTable}: {@code 2^k} buckets indexed by an id's low
 * bits, each a chain through {@link CompoundDescriptor#nextInBucket}. Ids are handed out in sequence and never
 * reused, so the live ones spread evenly over the buckets without hashing, and a look-up reads the bucket and
 * the descriptor it was going to read anyway.
 *
 * <p>Why not a library map: the JDK's {@code HashMap<Long, …>} boxes the key of every look-up, and a thp-swap
 * simulation with compound descriptors looks one up for each page it frees; once the placement's own garbage was
 * gone, those boxes were two fifths of what the simulation still allocated, and a JVM that has not yet touched
 * its heap pays a page fault for every 4 KiB of it ({@code docs/PERFORMANCE.md}).
 * Eclipse Collections' open-addressing map probed past the markers its removals leave; fastutil's would add a
 * dependency of 23 MB for one map (decision 0005).
 *
 * <p>Thread safety: not thread-safe; the owning table confines it to the device lock.
 */
final class DescriptorsById {
    /** Buckets; a power of two, at least four thirds of the live count. */
    private CompoundDescriptor[] buckets = new CompoundDescriptor[16];
    private int size;

    /** Returns the live descriptor with that id, or null. */
    CompoundDescriptor get(final long id) {
        CompoundDescriptor d = buckets[bucketOf(id)];
        while (d != null && d.id != id) {
            d = d.nextInBucket;
        }
        return d;
    }

    /** Adds a descriptor whose id is not in the map (ids are never reused). */
    void add(final CompoundDescriptor d) {
        assert get(d.id) == null : "descriptor " + d.id + " is already in the table";
        if (++size > buckets.length - (buckets.length >>> 2)) {
            grow();
        }
        final int b = bucketOf(d.id);
        d.nextInBucket = buckets[b];
        buckets[b] = d;
    }

    /** Removes a descriptor that is in the map. */
    void remove(final CompoundDescriptor d) {
        final int b = bucketOf(d.id);
        if (buckets[b] == d) {
            buckets[b] = d.nextInBucket;
        } else {
            CompoundDescriptor before = buckets[b];
            while (before.nextInBucket != d) {
                before = before.nextInBucket; // a NullPointerException here: d was not in the map
            }
            before.nextInBucket = d.nextInBucket;
        }
        d.nextInBucket = null;
        size--;
    }

    int size() {
        return size;
    }

    /** Returns the live descriptors, in no order, as a new list. */
    List<CompoundDescriptor> values() {
        final List<CompoundDescriptor> all = new ArrayList<>(size);
        for (final CompoundDescriptor first : buckets) {
            for (CompoundDescriptor d = first; d != null; d = d.nextInBucket) {
                all.add(d);
            }
        }
        return all;
    }

    /** Returns the live ids, ascending. */
    long[] sortedIds() {
        final long[] ids = new long[size];
        int n = 0;
        for (final CompoundDescriptor first : buckets) {
            for (CompoundDescriptor d = first; d != null; d = d.nextInBucket) {
                ids[n++] = d.id;
            }
        }
        Arrays.sort(ids);
        return ids;
    }

    /** The number of buckets; for the test of their growth. */
    int bucketsForTest() {
        return buckets.length;
    }

    private int bucketOf(final long id) {
        return (int) id & buckets.length - 1;
    }

    /** Doubles the buckets and moves each descriptor to its bucket there. */
    private void grow() {
        final CompoundDescriptor[] old = buckets;
        buckets = new CompoundDescriptor[2 * old.length];
        for (final CompoundDescriptor first : old) {
            CompoundDescriptor d = first;
            while (d != null) {
                final CompoundDescriptor next = d.nextInBucket;
                final int b = bucketOf(d.id);
                d.nextInBucket = buckets[b];
                buckets[b] = d;
                d = next;
            }
        }
    }
}

package dev.swaplayer.check;

import dev.swaplayer.spec.Blocks;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.Snapshot;
import dev.swaplayer.spec.SwapSpaceView;
import java.util.Arrays;

/**
 * Everything a {@link Snapshot} holds, read from a view into a reusable array of longs instead of a new
 * object per read: the explorer's per-transition comparisons (refinement, and rejection purity) and its
 * state keys, without allocating. Two observations of the same geometry are {@link #sameAs equal} exactly
 * when the snapshots of the same two views have no {@link Snapshot#firstDifference first difference}; the
 * explorer builds snapshots only for what it reports, and for the invariant checks of new states.
 *
 * <p>Thread safety: not thread-safe; each expander owns its observations.
 *
 * <p>Layout, each section of fixed length or preceded by its length, so that equal arrays mean equal
 * fields: per slot its state ordinal with the cache flag ({@code ordinal | cached << 2}) and its swap count;
 * the free blocks in the order the view lists them (count, then packed as {@link
 * Blocks#pack}); the descriptors in the order listed (count, then id, order, page count
 * and the page slots of each); per cluster whether it has metadata; per pageblock whether it is small; the
 * free and used counters; the fragmentation's blocks per order (count, then each).
 */
final class Observation {
    private final Geometry geometry;
    private final int slots;
    private final int pageblocks;
    /** The view read last: its geometry, compared as {@link Snapshot#firstDifference} does. */
    private Geometry readGeometry;
    private long[] words = new long[64];
    private int size;
    /** Where the descriptor section starts, for {@link #key()}. */
    private int descriptorsAt;
    private final SwapSpaceView.BlockVisitor blockVisitor = (start, order) -> add(Blocks.pack(start, order));
    private final SwapSpaceView.DescriptorVisitor descriptorVisitor = this::addDescriptor;

    Observation(final Geometry geometry) {
        this.geometry = geometry;
        this.slots = Math.toIntExact(geometry.totalSlots());
        this.pageblocks = ((slots - 1) >> geometry.pageblockOrder()) + 1;
    }

    /**
     * Reads a view: the calls {@link Snapshot#of} makes.
     *
     * @param v the view, quiescent
     * @return this
     */
    // A slot's state is stored as its ordinal, as Snapshot stores it.
    @SuppressWarnings("EnumOrdinal")
    Observation read(final SwapSpaceView v) {
        readGeometry = v.geometry();
        size = 0;
        for (int s = 0; s < slots; s++) {
            add(v.state(s).ordinal() | (v.cached(s) ? 4 : 0));
            add(v.swapCount(s));
        }
        final int blocksAt = size;
        add(0);
        v.forEachFreeBlock(blockVisitor);
        words[blocksAt] = (long) size - blocksAt - 1;
        descriptorsAt = size;
        add(0);
        v.forEachDescriptor(descriptorVisitor);
        for (int c = 0; c < geometry.clusterCount(); c++) {
            add(v.hasClusterMetadata(c) ? 1 : 0);
        }
        for (int b = 0; b < pageblocks; b++) {
            add(v.smallPageblock((long) b << geometry.pageblockOrder()) ? 1 : 0);
        }
        add(v.freeSlots());
        add(v.usedSlots());
        final long[] perOrder = v.fragmentation().toArray();
        add(perOrder.length);
        for (final long n : perOrder) {
            add(n);
        }
        return this;
    }

    private void addDescriptor(final long id, final int order, final long[] pages) {
        words[descriptorsAt]++;
        add(id);
        add(order);
        add(pages.length);
        for (final long p : pages) {
            add(p);
        }
    }

    private void add(final long w) {
        if (size == words.length) {
            words = Arrays.copyOf(words, size * 2);
        }
        words[size++] = w;
    }

    /**
     * Returns whether the two reads found the same: exactly when {@code Snapshot.of} of the two views would
     * have no first difference.
     *
     * @param o another observation
     */
    boolean sameAs(final Observation o) {
        return readGeometry.equals(o.readGeometry) && Arrays.equals(words, 0, size, o.words, 0, o.size);
    }

    /**
     * The state key of the last read: what {@link Snapshot#canonicalKey()} holds (every field but the
     * descriptor ids), each value as an unsigned base-128 varint. Every section has a fixed length or a
     * count, and a varint is prefix-free, so equal keys mean equal fields and {@link StateSet} sees the same
     * distinct states as a set of canonical keys would.
     *
     * @return a fresh array
     */
    byte[] key() {
        final Varints out = new Varints(size + 16);
        for (int i = 0; i < 2 * slots; i += 2) {
            final long count = words[i + 1];
            final long tagged = words[i];
            if (count >= 0 && count < 1L << 40) {
                out.add(count << 3 | tagged); // tagged < 8: an ordinal (0..2) and the cache bit
            } else {
                out.add(3 | (tagged & 4)); // ordinal 3 does not exist: the count follows in full
                out.add(tagged & 3);
                out.add(count);
            }
        }
        for (int i = 2 * slots; i < descriptorsAt; i++) {
            out.add(words[i]); // the free blocks
        }
        final long descriptors = words[descriptorsAt];
        out.add(descriptors);
        int i = descriptorsAt + 1;
        for (long d = 0; d < descriptors; d++) {
            i++; // the id: not part of the key
            out.add(words[i++]);
            final long pages = words[i];
            for (long p = 0; p <= pages; p++) {
                out.add(words[i++]);
            }
        }
        for (; i < size; i++) {
            out.add(words[i]);
        }
        return out.toArray();
    }

    /** A growable byte array of unsigned base-128 varints. */
    private static final class Varints {
        private byte[] bytes;
        private int size;

        Varints(final int capacity) {
            bytes = new byte[capacity];
        }

        void add(final long value) {
            if (bytes.length - size < 10) {
                bytes = Arrays.copyOf(bytes, bytes.length * 2 + 10);
            }
            long v = value;
            while ((v & ~0x7FL) != 0) {
                bytes[size++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            bytes[size++] = (byte) v;
        }

        byte[] toArray() {
            return Arrays.copyOf(bytes, size);
        }
    }
}

package dev.swaplayer.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Objects;

/**
 * Everything observable about a swap space at one moment, copied out of a {@link SwapSpaceView} so that
 * states can be compared (refinement), hashed (the exhaustive explorer's state set) and checked
 * ({@link InvariantChecker}). Meant for small devices: it holds a few bytes per slot.
 *
 * <p>Thread safety: immutable.
 */
public final class Snapshot {
    /** Decodes a stored ordinal ({@code values()} would copy the array on every call). */
    private static final SlotState[] STATES = SlotState.values();
    private final Geometry geometry;
    private final byte[] states;
    private final long[] counts;
    private final BitSet cached;
    private final long[] freeBlocks;
    private final List<Descriptor> descriptors;
    private final BitSet metadata;
    /** Bit b: pageblock b (slots {@code b << pageblockOrder} on) is marked small. */
    private final BitSet smallPageblocks;
    private final long freeCounter;
    private final long usedCounter;
    private final Fragmentation fragmentation;

    // A slot's state is stored as its ordinal, one byte per slot; SlotState.values() decodes it.
    @SuppressWarnings("EnumOrdinal")
    private Snapshot(final SwapSpaceView v) {
        this.geometry = v.geometry();
        final int n = Math.toIntExact(geometry.totalSlots());
        this.states = new byte[n];
        this.counts = new long[n];
        this.cached = new BitSet(n);
        for (int s = 0; s < n; s++) {
            states[s] = (byte) v.state(s).ordinal();
            counts[s] = v.swapCount(s);
            if (v.cached(s)) { // set(s, false) would rescan the words below for the length on every clear
                cached.set(s);
            }
        }
        final Blocks.LongList blocks = new Blocks.LongList();
        v.forEachFreeBlock((start, order) -> blocks.add(Blocks.pack(start, order)));
        this.freeBlocks = blocks.toArray();
        final List<Descriptor> ds = new ArrayList<>();
        v.forEachDescriptor((id, order, pages) -> ds.add(new Descriptor(id, order, pages.clone())));
        this.descriptors = List.copyOf(ds);
        this.metadata = new BitSet(geometry.clusterCount());
        for (int c = 0; c < geometry.clusterCount(); c++) {
            if (v.hasClusterMetadata(c)) {
                metadata.set(c);
            }
        }
        final int pageblocks = ((n - 1) >> geometry.pageblockOrder()) + 1;
        this.smallPageblocks = new BitSet(pageblocks);
        for (int b = 0; b < pageblocks; b++) {
            if (v.smallPageblock((long) b << geometry.pageblockOrder())) {
                smallPageblocks.set(b);
            }
        }
        this.freeCounter = v.freeSlots();
        this.usedCounter = v.usedSlots();
        this.fragmentation = v.fragmentation();
    }

    /**
     * Returns its snapshot.
     *
     * @param view the space to copy
     */
    public static Snapshot of(final SwapSpaceView view) {
        return new Snapshot(view);
    }

    /** Returns the geometry. */
    public Geometry geometry() {
        return geometry;
    }

    /**
     * Returns its state.
     *
     * @param slot a slot below the device end
     */
    // A slot's state is stored as its ordinal, one byte per slot; SlotState.values() decodes it.
    @SuppressWarnings("EnumOrdinal")
    public SlotState state(final long slot) {
        return STATES[states[(int) slot]];
    }

    /**
     * Returns its swap count.
     *
     * @param slot a slot below the device end
     */
    public long swapCount(final long slot) {
        return counts[(int) slot];
    }

    /**
     * Returns whether the swap cache pins it.
     *
     * @param slot a slot below the device end
     */
    public boolean cached(final long slot) {
        return cached.get((int) slot);
    }

    /** Returns the free blocks as packed by {@link Blocks#pack}, in the order the space listed them. */
    public long[] freeBlocks() {
        return freeBlocks.clone();
    }

    /** Returns the live compound descriptors in ascending id order. */
    public List<Descriptor> descriptors() {
        return descriptors;
    }

    /**
     * Returns whether metadata existed for it.
     *
     * @param cluster a cluster index
     */
    public boolean hasClusterMetadata(final int cluster) {
        return metadata.get(cluster);
    }

    /**
     * Returns whether its pageblock was marked small ({@link Placement}).
     *
     * @param slot a slot below the device end
     */
    public boolean smallPageblock(final long slot) {
        return smallPageblocks.get((int) (slot >>> geometry.pageblockOrder()));
    }

    /** Returns the space's own free counter. */
    public long freeCounter() {
        return freeCounter;
    }

    /** Returns the space's own in-use counter. */
    public long usedCounter() {
        return usedCounter;
    }

    /** Returns the space's fragmentation view. */
    public Fragmentation fragmentation() {
        return fragmentation;
    }

    /**
     * Returns how many slots below the device end are in it.
     *
     * @param state a state
     */
    // A slot's state is stored as its ordinal, one byte per slot; SlotState.values() decodes it.
    @SuppressWarnings("EnumOrdinal")
    public long count(final SlotState state) {
        long n = 0;
        for (final byte b : states) {
            n += b == state.ordinal() ? 1 : 0;
        }
        return n;
    }

    /**
     * A key identifying this state up to the naming of descriptors: every observable but descriptor ids.
     * Two spaces with equal keys behave the same under every operation sequence that refers to descriptors
     * by position rather than by id.
     *
     * @return a compact canonical key for state-space exploration
     */
    public String canonicalKey() {
        final StringBuilder sb = new StringBuilder(states.length * 3 + 32);
        for (int s = 0; s < states.length; s++) {
            sb.append(states[s]).append(cached.get(s) ? 'c' : '-').append(counts[s]).append(',');
        }
        for (final Descriptor d : descriptors) {
            sb.append('|').append(d.order()).append(':');
            for (final long p : d.pageSlots()) {
                sb.append(p).append(',');
            }
        }
        sb.append("|b");
        for (final long b : freeBlocks) {
            sb.append(b).append(',');
        }
        sb.append("|m").append(metadata).append("|s").append(smallPageblocks).append('|').append(freeCounter)
                .append('/').append(usedCounter).append(fragmentation);
        return sb.toString();
    }

    /**
     * Describes the first observable difference, for refinement failures.
     *
     * @param other the snapshot to compare with
     * @return null when equal, else one line naming the first difference
     */
    public String firstDifference(final Snapshot other) {
        if (!geometry.equals(other.geometry)) {
            return "geometry: " + geometry + " vs " + other.geometry;
        }
        for (int s = 0; s < states.length; s++) {
            if (states[s] != other.states[s] || counts[s] != other.counts[s]
                    || cached.get(s) != other.cached.get(s)) {
                return "slot " + s + ": " + describe(s) + " vs " + other.describe(s);
            }
        }
        if (!Arrays.equals(freeBlocks, other.freeBlocks)) {
            return "free blocks: " + blocksToString(freeBlocks) + " vs " + blocksToString(other.freeBlocks);
        }
        if (!descriptors.equals(other.descriptors)) {
            return "descriptors: " + descriptors + " vs " + other.descriptors;
        }
        if (!metadata.equals(other.metadata)) {
            return "clusters with metadata: " + metadata + " vs " + other.metadata;
        }
        if (!smallPageblocks.equals(other.smallPageblocks)) {
            return "small pageblocks: " + smallPageblocks + " vs " + other.smallPageblocks;
        }
        if (freeCounter != other.freeCounter || usedCounter != other.usedCounter) {
            return "counters free/used: " + freeCounter + "/" + usedCounter + " vs " + other.freeCounter + "/"
                    + other.usedCounter;
        }
        if (!fragmentation.equals(other.fragmentation)) {
            return "fragmentation: " + fragmentation + " vs " + other.fragmentation;
        }
        return null;
    }

    private String describe(final int s) {
        final SlotState st = state(s); // one form for every state, so that a FREE slot left cached reads as such
        return st + (st == SlotState.IN_USE || counts[s] != 0 || cached.get(s) ? "(count=" + counts[s]
                + (cached.get(s) ? ", cached)" : ")") : "");
    }

    /**
     * Returns e.g. {@code [1/0, 2/1, 4/2]} (start/order).
     *
     * @param packed packed blocks
     */
    public static String blocksToString(final long[] packed) {
        final StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < packed.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(Blocks.start(packed[i])).append('/').append(Blocks.order(packed[i]));
        }
        return sb.append(']').toString();
    }

    @Override
    public boolean equals(final Object o) {
        return o instanceof Snapshot other && firstDifference(other) == null;
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(states), Arrays.hashCode(counts), cached, Arrays.hashCode(freeBlocks),
                descriptors, metadata, smallPageblocks);
    }

    /**
     * A picture of the state: one character per slot ({@code R} reserved, {@code .} free, a digit the swap
     * count of an uncached slot, {@code c}/{@code C} a cached slot with count 0 / above 0), then the free
     * blocks as start/order and the descriptors.
     */
    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder("Snapshot(").append(geometry).append(")\n  slots: ");
        for (int s = 0; s < states.length; s++) {
            final SlotState st = state(s);
            sb.append(st == SlotState.FREE ? '.' : st == SlotState.RESERVED ? 'R'
                    : cached.get(s) ? (counts[s] == 0 ? 'c' : 'C') : (char) ('0' + Math.min(9, counts[s])));
        }
        sb.append("\n  free blocks: ").append(blocksToString(freeBlocks));
        sb.append("\n  small pageblocks: ").append(smallPageblocks);
        sb.append("\n  descriptors: ").append(descriptors);
        return sb.toString();
    }

    /**
     * A compound descriptor as observed.
     *
     * @param id its id
     * @param order the order its head holds
     * @param pageSlots the slot of each logical page, 0 once that page was freed
     */
    // The array is shared, not copied, for speed: equals and hashCode compare it by identity.
    @SuppressWarnings("ArrayRecordComponent")
    public record Descriptor(long id, int order, long[] pageSlots) {
        /** Returns the number of pages still swapped under it. */
        public int livePages() {
            int n = 0;
            for (final long p : pageSlots) {
                n += p != 0 ? 1 : 0;
            }
            return n;
        }

        @Override
        public boolean equals(final Object o) {
            return o instanceof Descriptor d && d.id == id && d.order == order && Arrays.equals(d.pageSlots, pageSlots);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(id) * 31 + order * 7 + Arrays.hashCode(pageSlots);
        }

        @Override
        public String toString() {
            return "#" + id + "(order " + order + ": " + Arrays.toString(pageSlots) + ")";
        }
    }
}

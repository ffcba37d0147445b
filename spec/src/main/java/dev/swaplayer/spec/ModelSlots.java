package dev.swaplayer.spec;

import java.util.BitSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The slot state of a {@link SwapSpaceModel}: a sorted map from each slot in use to its swap count, cache flag
 * and compound descriptor, and the set of pageblocks marked small. Every other slot below the device end is free
 * unless the geometry reserves it; free blocks are not stored, they are the canonical decomposition of the free
 * slots ({@link Blocks#canonical}). The model decides every change; this class only keeps the state.
 *
 * <p>Thread safety: as its model's: confined to one thread.
 *
 * <pre>
 *   in use       slot 5: count 0, cached            slot 9: count 2       slot 12: count 1, descriptor 3
 *   small        pageblock 0: an allocation below the pageblock order took a slot of it; the mark goes when
 *                the pageblock is wholly free again
 * </pre>
 */
final class ModelSlots {
    private final Geometry geometry;
    private final TreeMap<Long, Slot> inUse = new TreeMap<>();
    /** The pageblocks marked small, by index ({@code slot >> pageblockOrder}). */
    private final TreeSet<Long> smallPageblocks = new TreeSet<>();

    ModelSlots(final Geometry geometry) {
        this.geometry = geometry;
    }

    /** Returns an independent copy. */
    ModelSlots copy() {
        final ModelSlots c = new ModelSlots(geometry);
        c.smallPageblocks.addAll(smallPageblocks);
        // putAll into an empty TreeMap from a sorted one builds it in linear time; then each value its own copy
        c.inUse.putAll(inUse);
        c.inUse.replaceAll((k, v) -> new Slot(v.count, v.cached, v.descriptor));
        return c;
    }

    /** Takes {@code size} slots from {@code first}: each in use, count 0, cached, of the descriptor (0: none). */
    void take(final long first, final long size, final long descriptor) {
        for (long x = first; x < first + size; x++) {
            inUse.put(x, new Slot(0, true, descriptor));
        }
    }

    /** Marks small the pageblocks of an allocation of {@code 2^e} slots, when e is below the pageblock order. */
    void markSmall(final long first, final int e) {
        for (long x = first; e < geometry.pageblockOrder() && x < first + (1L << e); x++) {
            smallPageblocks.add(x >> geometry.pageblockOrder());
        }
    }

    /** Returns the state of a slot in use, or null. */
    Slot get(final long slot) {
        return inUse.get(slot);
    }

    /**
     * Frees a slot in use; its pageblock's mark goes when the pageblock is wholly free again.
     *
     * @return the slot's state before
     */
    Slot release(final long slot) {
        final Slot s = inUse.remove(slot);
        final long pageblock = slot >> geometry.pageblockOrder();
        if (allFree(pageblock << geometry.pageblockOrder(), 1L << geometry.pageblockOrder())) {
            smallPageblocks.remove(pageblock); // wholly free again: the mark goes
        }
        return s;
    }

    private boolean allFree(final long first, final long size) {
        for (long x = first; x < first + size; x++) {
            if (state(x) != SlotState.FREE) {
                return false;
            }
        }
        return true;
    }

    /** As {@link SwapSpaceView#state}. */
    SlotState state(final long slot) {
        if (geometry.isReserved(slot)) {
            return SlotState.RESERVED;
        }
        return inUse.containsKey(slot) ? SlotState.IN_USE : SlotState.FREE;
    }

    /** As {@link SwapSpaceView#smallPageblock}. */
    boolean smallPageblock(final long slot) {
        final long first = slot >> geometry.pageblockOrder() << geometry.pageblockOrder();
        for (long x = first; x < first + (1L << geometry.pageblockOrder()); x++) {
            if (geometry.isReserved(x)) {
                return true; // a reserved slot: the pageblock can never hold a large folio
            }
        }
        return smallPageblocks.contains(slot >> geometry.pageblockOrder());
    }

    /** Returns the free blocks, packed, ascending. */
    long[] freeBlocks() {
        // state(s) == FREE, with one pass over the slots in use instead of a lookup per slot
        final BitSet used = new BitSet();
        for (final long s : inUse.keySet()) {
            used.set(Math.toIntExact(s));
        }
        return Blocks.canonical(geometry, s -> !geometry.isReserved(s) && !used.get((int) s));
    }

    /** Returns whether a slot of {@code [first, end)} is in use. */
    boolean anyInUse(final long first, final long end) {
        return !inUse.subMap(first, end).isEmpty();
    }

    /** Returns how many slots are in use. */
    int size() {
        return inUse.size();
    }

    @Override
    public String toString() {
        return "in use " + inUse.keySet() + ", small pageblocks " + smallPageblocks;
    }

    /** The state of one slot in use. */
    static final class Slot {
        long count;
        boolean cached;
        final long descriptor;

        Slot(final long count, final boolean cached, final long descriptor) {
            this.count = count;
            this.cached = cached;
            this.descriptor = descriptor;
        }
    }
}

package dev.swaplayer.allocator;

import dev.swaplayer.allocator.core.Handshake;
import dev.swaplayer.spec.MetadataBudget;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.eclipse.collections.impl.map.mutable.primitive.IntIntHashMap;

/**
 * Per-cluster metadata of the buddy allocator: the free-block map inherited from {@link ClusterFreeBlocks}, and
 * the state of each slot, the reserved slots and the compound pages' owners. It exists only while the cluster
 * holds an in-use or reserved slot; a wholly free cluster has none (see {@link BuddyAllocator}).
 *
 * <p>Thread safety: guarded by locks the owning allocator takes: the slot state bytes and the extend table
 * under {@link #lock}, or under the device lock once the holder has entered the cluster
 * ({@link Handshake#enter}); the free-block maps, counters, reserved map and page-owner table under the
 * device lock (see {@link BuddyAllocator} for the lock order).
 *
 * <h2>Slot state byte</h2>
 * <pre>
 *   7   6                   0
 * +---+---------------------+
 * | C |        count        |
 * +---+---------------------+
 *  C      CACHE_BIT: the swap cache pins the slot (SWAP_HAS_CACHE)
 *  count  COUNT_BITS = 7: the swap count 0..126 inline; COUNT_EXTENDED (127) means the true count
 *         is in the cluster's extend table (an int map, created on first use, like the 7.x swap table's
 *         extend_table; no continuation pages), up to 2^31-1
 * </pre>
 * A free slot's byte is 0. A reserved slot's byte is 0 too; the cluster's reserved bitmap tells it apart.
 * An in-use slot always has C set or a count above 0.
 */
final class Cluster extends ClusterFreeBlocks {
    static final int COUNT_BITS = 7;
    static final int COUNT_MASK = (1 << COUNT_BITS) - 1;
    static final int COUNT_EXTENDED = COUNT_MASK;
    static final int CACHE_BIT = 1 << COUNT_BITS;
    /** Eight state bytes read as one word, for the run tests ({@link #allInUse}). */
    private static final VarHandle EIGHT_STATES = MethodHandles.byteArrayViewVarHandle(long[].class,
            ByteOrder.LITTLE_ENDIAN);
    private static final long LOW_BITS = 0x0101_0101_0101_0101L;
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;

    static {
        // The budget's inline limit is this encoding's: a dup from it is the one that needs an extend entry.
        if (MetadataBudget.INLINE_COUNT_MAX != COUNT_EXTENDED - 1) {
            throw new ExceptionInInitializerError("INLINE_COUNT_MAX " + MetadataBudget.INLINE_COUNT_MAX
                    + " is not COUNT_EXTENDED - 1 = " + (COUNT_EXTENDED - 1));
        }
    }

    /**
     * The cluster lock ({@code ci->lock}): guards {@link #state} and {@link #extended} for a thread without
     * the allocator's device lock; the device lock's holder waits for it to be free instead of taking it
     * (the handshake in {@link dev.swaplayer.allocator.core}).
     */
    final SpinLock lock = new SpinLock();
    /** One state byte per slot; guarded by {@link #lock}, or by the device lock inside the cluster. */
    private final byte[] state;
    /** Reserved slots in this cluster (header, bad, past the device end); such a cluster keeps its metadata. */
    int reservedCount;
    /** The reserved slots, or null while there is none; guarded by the device lock. */
    private long[] reserved;
    /** Counts too large for a state byte; guarded like {@link #state}. */
    private IntIntHashMap extended;
    /**
     * The descriptor owning each slot that is a live page of a compound descriptor; null while this cluster
     * holds no such page (so clusters without compound pages pay nothing for it). Guarded by the device lock.
     */
    private CompoundDescriptor[] pageOwner;
    private int compoundPages;
    /**
     * The block {@link HeldBlock} holds back in this cluster: its first slot, or -1, and its length; free slots
     * that the free-block maps do not show. Guarded like {@link #state}, so that a reader under the cluster lock
     * alone ({@link #isFree}) sees a held slot as free.
     */
    private int heldFirst = -1;
    private int heldSlots;

    Cluster(final int index, final int[] headBase, final int clusterOrder, final int maxOrder,
            final int pageblockOrder, final Fault fault) {
        super(index, headBase, clusterOrder, maxOrder, pageblockOrder, fault);
        this.state = new byte[slots];
    }

    /**
     * A copy for {@link BuddyAllocator#copy()}; page owners are rebuilt by the caller.
     */
    Cluster(final Cluster o) {
        super(o);
        this.state = o.state.clone();
        this.reservedCount = o.reservedCount;
        this.reserved = o.reserved == null ? null : o.reserved.clone();
        this.extended = o.extended == null ? null : new IntIntHashMap(o.extended);
        this.heldFirst = o.heldFirst;
        this.heldSlots = o.heldSlots;
    }

    // ------------------------------------------------------------------------------- compound pages

    /** Records that slot idx holds a live page of d. */
    void setOwner(final int idx, final CompoundDescriptor d) {
        if (pageOwner == null) {
            pageOwner = new CompoundDescriptor[slots];
        }
        assert pageOwner[idx] == null : this + ": slot " + idx + " already a page of " + pageOwner[idx];
        pageOwner[idx] = d;
        compoundPages++;
    }

    /** Returns the descriptor whose live page slot idx holds, or null. */
    CompoundDescriptor ownerOf(final int idx) {
        return pageOwner == null ? null : pageOwner[idx];
    }

    /**
     * Forgets slot idx's descriptor, dropping the table with the last one.
     *
     * @return the descriptor it was a live page of, or null
     */
    CompoundDescriptor takeOwner(final int idx) {
        final CompoundDescriptor d = ownerOf(idx);
        if (d != null) {
            pageOwner[idx] = null;
            if (--compoundPages == 0) {
                pageOwner = null;
            }
        }
        return d;
    }

    // ------------------------------------------------------------------------------------ per-slot state

    boolean isReserved(final int idx) {
        return reserved != null && (reserved[idx >>> 6] & 1L << idx) != 0;
    }

    void markReserved(final int idx) {
        if (reserved == null) {
            reserved = new long[Math.max(1, slots >>> 6)];
        }
        reserved[idx >>> 6] |= 1L << idx;
        reservedCount++;
    }

    /** Returns whether slot idx is in use: its count is above 0 or it is cached (INV-6), from its state byte. */
    boolean inUse(final int idx) {
        return state[idx] != 0;
    }

    /**
     * Returns whether every slot of {@code [idx, idx + len)}, inside this cluster, is in use ({@link #inUse} of
     * each): eight state bytes per word read where the run allows, a word holding a zero byte when
     * {@code (w - 0x01..01) & ~w & 0x80..80} is not zero (exact for "some byte is zero": a borrow can only mark
     * bytes above a zero byte).
     */
    boolean allInUse(final int idx, final int len) {
        return len == 1 ? state[idx] != 0 : allInUseRun(idx, len); // order 0 stays small enough to inline
    }

    private boolean allInUseRun(final int idx, final int len) {
        int i = idx;
        final int end = idx + len;
        for (; i < end && (i & 7) != 0; i++) {
            if (state[i] == 0) {
                return false;
            }
        }
        for (; i + 8 <= end; i += 8) {
            final long w = (long) EIGHT_STATES.get(state, i);
            if (((w - LOW_BITS) & ~w & HIGH_BITS) != 0) {
                return false;
            }
        }
        for (; i < end; i++) {
            if (state[i] == 0) {
                return false;
            }
        }
        return true;
    }

    boolean isCached(final int idx) {
        return (state[idx] & CACHE_BIT) != 0;
    }

    void setCached(final int idx, final boolean cached) {
        state[idx] = (byte) (cached ? state[idx] | CACHE_BIT : state[idx] & ~CACHE_BIT);
    }

    long count(final int idx) {
        final int inline = state[idx] & COUNT_MASK;
        return inline == COUNT_EXTENDED ? extended.get(idx) : inline;
    }

    void setCount(final int idx, final long count) {
        assert count >= 0 && count <= Integer.MAX_VALUE : this + ": count " + count;
        final int cache = state[idx] & CACHE_BIT;
        if (count < COUNT_EXTENDED) {
            if ((state[idx] & COUNT_MASK) == COUNT_EXTENDED) {
                extended.remove(idx);
            }
            state[idx] = (byte) (cache | (int) count);
        } else {
            if (extended == null) {
                extended = new IntIntHashMap();
            }
            extended.put(idx, (int) count);
            state[idx] = (byte) (cache | COUNT_EXTENDED);
        }
    }

    /**
     * Returns whether slot idx is free: in a free block of the maps, or in the block held back from them
     * ({@link HeldBlock}). Under the cluster lock, or the device lock inside the cluster.
     */
    boolean isFree(final int idx) {
        return (idx - heldFirst >= 0 && idx - heldFirst < heldSlots) || freeOrderOf(idx) >= 0;
    }

    /** Records the block [idx, idx + len) as held back ({@code len > 0}) or, with len 0, none. */
    void setHeld(final int idx, final int len) {
        heldFirst = len == 0 ? -1 : idx;
        heldSlots = len;
    }

    /** Marks a newly allocated slot: count 0, pinned by the swap cache. */
    void markAllocated(final int idx) {
        assert state[idx] == 0 : this + ": slot " + idx + " allocated with state " + state[idx];
        state[idx] = (byte) CACHE_BIT;
    }

    /** {@link #markAllocated} of each slot of {@code [idx, idx + len)}: one fill for a run of eight or more. */
    void markAllocated(final int idx, final int len) {
        if (len == 1) {
            markAllocated(idx); // order 0 stays small enough to inline
        } else {
            markAllocatedRun(idx, len);
        }
    }

    private void markAllocatedRun(final int idx, final int len) {
        if (len < 8) {
            for (int i = idx; i < idx + len; i++) {
                markAllocated(i);
            }
        } else {
            assert noneInUse(idx, len) : this + ": run " + idx + "+" + len + " allocated with a slot in use";
            Arrays.fill(state, idx, idx + len, (byte) CACHE_BIT);
        }
    }

    private boolean noneInUse(final int idx, final int len) {
        for (int i = idx; i < idx + len; i++) {
            if (state[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Returns how many counts live in the extend table (for tests: none may outlive its slot's need). */
    int extendedEntries() {
        return extended == null ? 0 : extended.size();
    }

    /** Clears a released slot's state byte and extend-table entry. */
    void clearState(final int idx) {
        if ((state[idx] & COUNT_MASK) == COUNT_EXTENDED) {
            extended.remove(idx);
        }
        state[idx] = 0;
    }

    /** {@link #clearState} of each slot of {@code [idx, idx + len)}: one fill while no count is extended. */
    void clearStates(final int idx, final int len) {
        if (len == 1) {
            clearState(idx); // order 0 stays small enough to inline
        } else {
            clearRun(idx, len);
        }
    }

    private void clearRun(final int idx, final int len) {
        if (extended != null || len < 8) { // a short run: the fill's set-up costs more than it saves
            for (int i = idx; i < idx + len; i++) {
                clearState(i);
            }
        } else {
            Arrays.fill(state, idx, idx + len, (byte) 0);
        }
    }

    /** Returns whether some slot of this cluster is a live page of a compound descriptor. */
    boolean hasPageOwners() {
        return pageOwner != null;
    }

    @Override
    public String toString() {
        return "Cluster(" + index + ": " + (slots - freeCount - reservedCount) + " used, " + freeCount + " free, "
                + reservedCount + " reserved of " + slots + ")";
    }
}

package dev.swaplayer.check;

import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import java.util.BitSet;
import org.eclipse.collections.impl.list.mutable.primitive.LongArrayList;

/**
 * The last look at a device that every thread has emptied: {@code allocate(0)} until it answers NONE must hand out
 * every slot that {@code freeSlots()} counts, each once, and every one is then freed again. A free whose update of
 * the allocator's free-space bookkeeping was lost or applied out of turn (a lowest-free hint, a per-cluster free
 * count, a list move made after the lock was dropped) leaves slots that are free but never handed out again: the
 * counters balance, but the space is gone (INV-17: every free is applied exactly once). A swap device that cannot
 * hand out its free slots one page at a time fails a swap-out that had room.
 *
 * <p>Thread safety: single-threaded; called once every other thread using the allocator has ended.
 */
final class EmptyDeviceDrain {
    /**
     * The largest device drained: 16,384 slots. A plug-in's allocation may scan from the start of the device (a plain
     * first fit), and a drain costs it the square of the device's size; verify's stress device has 1,024 slots.
     */
    static final long MAX_SLOTS = 1 << 14;

    private EmptyDeviceDrain() {
    }

    /** Whether a stress run on that device ends with a drain: a small one whose allocations are of single slots. */
    static boolean applies(final Geometry g) {
        return g.totalSlots() <= MAX_SLOTS && g.minOrder() == 0;
    }

    /**
     * Drains the device at order 0, then frees what it took.
     *
     * @param target the allocator, with nothing in use
     * @return null when every free slot was handed out once, else what went wrong
     */
    static String run(final StressTarget target) {
        final long free = target.freeSlots();
        final LongArrayList taken = new LongArrayList();
        final BitSet held = new BitSet();
        String wrong = null;
        try {
            while (wrong == null && taken.size() <= free) {
                final long h = target.allocate(0);
                if (h == SlotAllocator.NONE) {
                    break;
                }
                final long e = target.slot(h, 0, 0);
                final int slot = (int) SwapEntry.offset(e);
                if (held.get(slot)) {
                    wrong = "allocate(0) handed out " + SwapEntry.toString(e) + " twice";
                } else {
                    held.set(slot);
                    taken.add(h);
                }
            }
            if (wrong == null && taken.size() != free) {
                wrong = taken.size() > free ? "allocate(0) handed out more than the " + free + " slots freeSlots()"
                        + " counted" : "allocate(0) handed out " + taken.size() + " and then NONE where freeSlots()"
                        + " read " + free + ": " + (free - taken.size()) + " free slots can no longer be handed out"
                        + " (an update of the free-space bookkeeping was lost)";
            }
        } catch (final RuntimeException e) {
            wrong = "allocate(0) threw " + e;
        } finally {
            for (int i = 0; i < taken.size(); i++) {
                target.free(taken.get(i), 0, 0, 1);
            }
        }
        return wrong == null ? null : "after every thread returned what it held, " + wrong + " (expected: every free"
                + " slot handed out once by allocate(0) on the empty device)";
    }
}

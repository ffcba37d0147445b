package dev.swaplayer.check;

import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.eclipse.collections.impl.list.mutable.primitive.LongArrayList;

/**
 * A look at a device no thread is using: {@code allocate(0)} until it answers NONE must hand out every slot that
 * {@code freeSlots()} counts, each once and none that is in use, and every one is then freed again (more than it
 * counts is a counter's fault, which the stress run's check of the emptied device's counters names). A free whose
 * update of the allocator's free-space bookkeeping was lost or applied out of turn (a lowest-free hint moved past a
 * cluster that a racing free had just opened, a per-cluster free count updated after the lock was dropped) leaves
 * slots that are free but that the allocator does not hand out: the counters balance, and the owner table sees
 * nothing (INV-17: every free is applied exactly once). A swap device that cannot hand out its free slots one page
 * at a time fails a swap-out that had room. The stress run drains twice: once the workers have stopped, with what
 * they hold still in use (a stale hint is often healed by the frees that follow), and once everything was
 * returned.
 *
 * <p>Thread safety: single-threaded; called while no other thread uses the allocator.
 */
final class Drain {
    /**
     * The largest device drained: 16,384 slots. A plug-in's allocation may scan from the start of the device (a plain
     * first fit), and a drain costs it the square of the device's size; verify's stress device has 1,024 slots.
     */
    static final long MAX_SLOTS = 1 << 14;

    private Drain() {
    }

    /** Whether a stress run on that device drains it: a small one whose allocations are of single slots. */
    static boolean applies(final Geometry g) {
        return g.totalSlots() <= MAX_SLOTS && g.minOrder() == 0;
    }

    /**
     * Drains the device at order 0, then frees what it took.
     *
     * @param target the allocator, which no other thread is using
     * @param owner the owner table of the slots in use (a slot handed out must read 0 there), or null when nothing
     *     is in use
     * @param when when the drain is made, for the message
     * @return null when every free slot was handed out once, else what went wrong
     */
    static String run(final StressTarget target, final AtomicIntegerArray owner, final String when) {
        final long free = target.freeSlots();
        final LongArrayList taken = new LongArrayList();
        final BitSet held = new BitSet();
        String wrong = null;
        try {
            final long all = target.geometry().totalSlots();
            while (wrong == null && taken.size() < all) {
                final long h = target.allocate(0);
                if (h == SlotAllocator.NONE) {
                    break;
                }
                final long e = target.slot(h, 0, 0);
                final int slot = (int) SwapEntry.offset(e);
                if (held.get(slot) || (owner != null && owner.get(slot) != 0)) {
                    wrong = "allocate(0) handed out " + SwapEntry.toString(e) + ", which was in use";
                }
                if (!held.get(slot)) { // the allocator counts it as the drain's now: freed with the rest
                    held.set(slot);
                    taken.add(h);
                }
            }
            if (wrong == null && taken.size() < free) { // more than free is the counters' fault: checked after
                wrong = "allocate(0) handed out " + taken.size() + " and then NONE where freeSlots() read " + free
                        + ": " + (free - taken.size()) + " free slots can no longer be handed out (an update of the"
                        + " free-space bookkeeping was lost)";
            }
        } catch (final RuntimeException e) {
            wrong = "allocate(0) threw " + e;
        } finally {
            for (int i = 0; i < taken.size(); i++) {
                target.free(taken.get(i), 0, 0, 1);
            }
        }
        return wrong == null ? null : when + ", " + wrong + " (expected: every free slot handed out once by"
                + " allocate(0) on the quiet device)";
    }
}

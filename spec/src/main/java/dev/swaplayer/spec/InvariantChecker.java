package dev.swaplayer.spec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Checks the state invariants of the catalogue ({@link Invariant}) on a {@link Snapshot}. The relational
 * invariants (refinement, rejection purity, placement, minimal extents, contiguous-first) compare two
 * states or a result and are checked by the property tests and the explorer directly.
 *
 * <p>Thread safety: stateless.
 */
public final class InvariantChecker {
    private InvariantChecker() {
    }

    /**
     * One broken invariant.
     *
     * @param invariant which
     * @param detail what was seen
     */
    public record Violation(Invariant invariant, String detail) {
        @Override
        public String toString() {
            return invariant + ": " + detail;
        }
    }

    /**
     * Returns every violation found, empty when all state invariants hold.
     *
     * @param s a snapshot
     */
    public static List<Violation> check(final Snapshot s) {
        final List<Violation> out = new ArrayList<>();
        checkReserved(s, out);
        checkConservation(s, out);
        checkFreeBlocks(s, out);
        checkCounts(s, out);
        checkDescriptors(s, out);
        checkMetadata(s, out);
        checkFragmentation(s, out);
        return out;
    }

    /**
     * Throws unless every state invariant holds.
     *
     * @param s a snapshot
     * @throws AssertionError listing every violation, with the state's picture
     */
    public static void assertHolds(final Snapshot s) {
        final List<Violation> v = check(s);
        if (!v.isEmpty()) {
            throw new AssertionError("invariants broken: " + v + "\n" + s);
        }
    }

    private static void checkReserved(final Snapshot s, final List<Violation> out) {
        final Geometry g = s.geometry();
        for (long slot = 0; slot < g.totalSlots(); slot++) {
            final boolean reserved = s.state(slot) == SlotState.RESERVED;
            final boolean headerOrBad = g.isReserved(slot);
            if (reserved != headerOrBad) {
                out.add(new Violation(Invariant.INV_5, "slot " + slot + " is " + s.state(slot)
                        + (headerOrBad ? " but is the header or bad" : " but is neither header nor bad")));
                return;
            }
        }
    }

    private static void checkConservation(final Snapshot s, final List<Violation> out) {
        final long free = s.count(SlotState.FREE);
        final long used = s.count(SlotState.IN_USE);
        final long reserved = s.count(SlotState.RESERVED);
        // A snapshot gives every slot exactly one of the three states, so free + used + reserved = total holds by
        // construction; what an implementation can get wrong is its own counters.
        if (free != s.freeCounter() || used != s.usedCounter()) {
            out.add(new Violation(Invariant.INV_2, "slots free/used/reserved " + free + "/" + used + "/" + reserved
                    + " of " + s.geometry().totalSlots() + ", counters free/used " + s.freeCounter() + "/"
                    + s.usedCounter()));
        }
    }

    private static void checkFreeBlocks(final Snapshot s, final List<Violation> out) {
        final Geometry g = s.geometry();
        final long[] blocks = s.freeBlocks();
        final boolean[] covered = new boolean[(int) g.totalSlots()];
        for (final long b : blocks) {
            final long start = Blocks.start(b);
            final int order = Blocks.order(b);
            final long end = start + (1L << order);
            // Inside one cluster follows: clusters are 2^clusterOrder slots from slot 0 and maxOrder <= clusterOrder
            // (Geometry), so an aligned block of order <= maxOrder cannot reach past its cluster.
            if (order > g.maxOrder() || (start & ((1L << order) - 1)) != 0 || end > g.totalSlots()) {
                out.add(new Violation(Invariant.INV_3, "free block " + start + "/" + order + " misaligned, too large"
                        + " or past the end"));
                return;
            }
            for (long x = start; x < end; x++) {
                if (covered[(int) x] || s.state(x) != SlotState.FREE) {
                    out.add(new Violation(Invariant.INV_1, "slot " + x + " in free block " + start + "/" + order
                            + (covered[(int) x] ? " is in another free block too" : " is " + s.state(x))));
                    return;
                }
                covered[(int) x] = true;
            }
        }
        for (long x = 0; x < g.totalSlots(); x++) {
            if (s.state(x) == SlotState.FREE && !covered[(int) x]) {
                out.add(new Violation(Invariant.INV_1, "free slot " + x + " is in no free block"));
                return;
            }
        }
        final long[] sorted = blocks.clone();
        Arrays.sort(sorted);
        final long[] canonical = Blocks.canonical(g, x -> s.state(x) == SlotState.FREE);
        if (!Arrays.equals(sorted, canonical)) {
            out.add(new Violation(Invariant.INV_4, "free blocks " + Snapshot.blocksToString(sorted)
                    + " are not fully coalesced: expected " + Snapshot.blocksToString(canonical)));
        }
    }

    private static void checkCounts(final Snapshot s, final List<Violation> out) {
        for (long x = 0; x < s.geometry().totalSlots(); x++) {
            final long count = s.swapCount(x);
            final boolean inUse = s.state(x) == SlotState.IN_USE;
            final boolean ok = inUse ? (count > 0 || s.cached(x)) && count <= SwapResult.MAX_SWAP_COUNT
                    : count == 0 && !s.cached(x);
            if (!ok) {
                out.add(new Violation(Invariant.INV_6, "slot " + x + " is " + s.state(x) + " with count " + count
                        + " cached " + s.cached(x)));
                return;
            }
        }
    }

    private static void checkDescriptors(final Snapshot s, final List<Violation> out) {
        final Set<Long> owned = new HashSet<>();
        for (final Snapshot.Descriptor d : s.descriptors()) {
            final long[] pages = d.pageSlots();
            if (pages.length != 1 << d.order() || d.livePages() == 0) {
                out.add(new Violation(Invariant.INV_7, d + " has " + pages.length + " pages, " + d.livePages()
                        + " live"));
                return;
            }
            long previous = 0;
            for (final long slot : pages) {
                if (slot == 0) {
                    continue;
                }
                final boolean outOfOrder = slot <= previous;
                if (outOfOrder || s.state(slot) != SlotState.IN_USE) {
                    out.add(new Violation(Invariant.INV_7, d + ": slot " + slot
                            + (outOfOrder ? " is out of page order" : " is " + s.state(slot))));
                    return;
                }
                if (!owned.add(slot)) {
                    out.add(new Violation(Invariant.INV_1, "slot " + slot + " belongs to two descriptors"));
                    return;
                }
                previous = slot;
            }
        }
    }

    private static void checkMetadata(final Snapshot s, final List<Violation> out) {
        final Geometry g = s.geometry();
        for (int c = 0; c < g.clusterCount(); c++) {
            final long first = (long) c << g.clusterOrder();
            final long end = first + g.clusterSlots();
            boolean needed = end > g.totalSlots();
            for (long x = first; x < Math.min(end, g.totalSlots()) && !needed; x++) {
                needed = s.state(x) != SlotState.FREE;
            }
            if (needed != s.hasClusterMetadata(c)) {
                out.add(new Violation(Invariant.INV_10, "cluster " + c + (needed ? " needs metadata but has none"
                        : " is wholly free but still has metadata")));
                return;
            }
        }
    }

    private static void checkFragmentation(final Snapshot s, final List<Violation> out) {
        final long[] expected = new long[s.geometry().maxOrder() + 1];
        for (final long b : s.freeBlocks()) {
            expected[Math.min(Blocks.order(b), expected.length - 1)]++;
        }
        if (!Arrays.equals(expected, s.fragmentation().toArray())) {
            out.add(new Violation(Invariant.INV_11, "buddyinfo " + s.fragmentation() + " but the free blocks give "
                    + Arrays.toString(expected)));
        }
    }
}

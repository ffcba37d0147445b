package dev.swaplayer.swap.scenario;

import dev.swaplayer.allocator.AllocatorContractException;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Checks;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.swap.SwapSpace;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;
import java.util.Random;

/**
 * The scenario's geometry, folio contents, fragmentation and audits (the swap module's tests use the same ones).
 *
 * <p>Thread safety: stateless.
 */
final class Fixtures {
    private Fixtures() {
    }

    /** Clusters of 16 slots, so that small devices have several clusters; max order 4. */
    static Geometry small(final long slots) {
        return Geometry.builder(slots).clusterSlots(16).build();
    }

    /**
     * Folio bytes whose pages differ from one another and mix content kinds: random (incompressible),
     * a repeated pattern (compressible), a single repeated byte (zram's same-filled page). Every page starts
     * with its index and the seed, so a page out of place shows.
     */
    static byte[] folio(final long seed, final int order, final int pageSize) {
        final Random r = new Random(seed);
        final byte[] b = new byte[pageSize << order];
        for (int p = 0; p < 1 << order; p++) {
            final int off = p * pageSize;
            switch (r.nextInt(3)) {
                case 0 -> {
                    final byte[] page = new byte[pageSize];
                    r.nextBytes(page);
                    System.arraycopy(page, 0, b, off, pageSize);
                }
                case 1 -> {
                    for (int i = 0; i < pageSize; i++) {
                        b[off + i] = (byte) (i % 7 + p);
                    }
                }
                default -> Arrays.fill(b, off, off + pageSize, (byte) r.nextInt(256));
            }
            if (r.nextInt(4) > 0) { // mostly: stamp the page; sometimes leave a same-filled page alone
                ByteBuffer.wrap(b, off, 12).putInt(p).putLong(seed);
            }
        }
        return b;
    }

    /** Returns pages {@code firstPage .. firstPage + count - 1} of a folio's bytes. */
    static byte[] range(final byte[] folio, final int firstPage, final int count, final int pageSize) {
        return Arrays.copyOfRange(folio, firstPage * pageSize, (firstPage + count) * pageSize);
    }

    /**
     * Fragments an allocator: takes every free slot, then frees all but those whose offset is a multiple of
     * {@code stride}, leaving free runs of {@code stride - 1} slots.
     *
     * @return the pinned entries (count 0, swap-cache flag set)
     */
    static List<Long> pinEvery(final SlotAllocator a, final int stride) {
        final List<Long> all = new ArrayList<>();
        final BitSet taken = new BitSet();
        for (long e = a.allocate(0); e != SwapEntry.NONE; e = a.allocate(0)) {
            all.add(checkedSlot(a, e, taken));
        }
        final List<Long> pinned = new ArrayList<>();
        for (final long e : all) {
            if (SwapEntry.offset(e) % stride == 0) {
                pinned.add(e);
            } else {
                a.free(e, 1);
            }
        }
        return pinned;
    }

    /**
     * Returns an order-0 allocation when it is a slot of the device not handed out before in this fill; otherwise
     * throws, naming it: an allocator that never says NONE, or hands a slot out twice, must not fill memory.
     */
    private static long checkedSlot(final SlotAllocator a, final long e, final BitSet taken) {
        final long slot = SwapEntry.offset(AllocatorContractException.checkedRun(a, 0, e, "allocate"));
        if (taken.get((int) slot)) {
            throw new AllocatorContractException(Checks.message("allocate(0)", SwapEntry.toString(e), "a free slot; "
                    + "it was handed out before and not freed"));
        }
        taken.set((int) slot);
        return e;
    }

    /** Returns the slots in use over every area. */
    static long used(final SwapSpace s) {
        long used = 0;
        for (int t = 0; t < s.areaCount(); t++) {
            used += s.area(t).allocator().usedSlots();
        }
        return used;
    }

    /**
     * The swap space's audit ({@link SwapSpace#checkConsistency()}): conservation in every area, and the own
     * audit of every allocator that is {@code Auditable} (the buddy allocator, the kernel models, a plug-in
     * that offers one).
     *
     * @throws AssertionError naming the first inconsistency
     */
    static void audit(final SwapSpace s) {
        s.checkConsistency();
    }
}

package dev.swaplayer.swap;

import static dev.swaplayer.swap.Fixtures.P;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.FolioOutcome;
import dev.swaplayer.device.CompressedRamDevice;
import dev.swaplayer.properties.engine.Gen;
import dev.swaplayer.properties.engine.Gens;
import dev.swaplayer.properties.engine.Property;
import dev.swaplayer.spec.SwapResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Partial swap-ins: pages come back in logical order across extents and devices; counts and frees.
 *
 * <p>Thread safety: each test runs on JUnit's one thread, and each try of its properties builds a fresh swap space.
 */
// Every buffer whose array() is read comes from pages(), ByteBuffer.allocate: its array offset is 0.
@SuppressWarnings("ByteBufferBackingArray")
class PartialSwapInTest {
    private static final int ORDER = 3;

    private static SwapSpace space(final FolioFallback policy, final int devices) {
        final SwapSpace.Builder b = SwapSpace.builder(policy).integrity(true);
        for (int d = 0; d < devices; d++) {
            b.addDevice(CompressedRamDevice.builder(64).build(), 0, Fixtures.small(64));
        }
        final SwapSpace s = b.build();
        for (int t = 0; t < devices; t++) {
            Fixtures.pinEvery(s.area(t).allocator(), 4); // free runs of 3: an order-3 folio cannot be contiguous
        }
        return s;
    }

    private static ByteBuffer pages(final int count) {
        return ByteBuffer.allocate(count * P);
    }

    /**
     * One swap-in of the {@code pick}-th page still swapped out (modulo their number) and of the swapped-out pages
     * after it, {@code pages} at most.
     */
    private record Range(int pick, int pages) {
    }

    /** The folio's bytes (from {@code data}) and the swap-ins that bring it back; then the rest, lowest first. */
    private record Script(long data, List<Range> ranges) {
    }

    private static Gen<Script> scripts() {
        final int pages = 1 << ORDER;
        return Gens.zip(Gens.longs(0, Long.MAX_VALUE),
                Gens.lists(Gens.zip(Gens.ints(0, pages - 1), Gens.ints(1, pages), Range::new), 0, pages),
                Script::new);
    }

    @Test
    void swapIn_rangesInAnyOrder_compoundFolio_reassemblesEachRangeAndFreesAll() {
        Property.forAll("partial swap-ins of a compound folio, in any order, lose no page", scripts())
                .tries(100)
                .check(script -> checkRanges(space(FolioFallback.COMPOUND, 1), FolioOutcome.SWPOUT_COMPOUND, script));
    }

    @Test
    void swapIn_rangesInAnyOrder_splitFolioOnTwoDevices_reassemblesEachRangeAndFreesAll() {
        Property.forAll("partial swap-ins of a split folio on two devices, in any order, lose no page", scripts())
                .tries(100)
                .check(script -> checkRanges(space(FolioFallback.SPLIT, 2), FolioOutcome.SWPOUT_FALLBACK, script));
    }

    private static void checkRanges(final SwapSpace s, final FolioOutcome want, final Script script)
            throws IOException {
        final long baseline = Fixtures.used(s);
        final byte[] bytes = Fixtures.folio(script.data(), ORDER, P);
        final SwappedFolio f = s.swapOut(ByteBuffer.wrap(bytes), ORDER);
        assertEquals(want, f.outcome());
        final Iterator<Range> ranges = script.ranges().iterator();
        while (f.isSwappedOut()) {
            final Range r = ranges.hasNext() ? ranges.next() : new Range(0, f.pages());
            final int first = swappedOut(f, r.pick() % f.swappedOutPages());
            int end = first + 1;
            while (end < f.pages() && f.isSwappedOut(end) && end - first < r.pages()) {
                end++;
            }
            final ByteBuffer dst = pages(end - first);
            s.swapIn(f, first, end - first, dst, false);
            assertEquals(dst.capacity(), dst.position(), "position advanced");
            assertArrayEquals(Fixtures.range(bytes, first, end - first, P), dst.array(), "pages "
                    + first + ".." + (end - 1) + " of " + f);
            for (int p = first; p < end; p++) {
                assertFalse(f.isSwappedOut(p), "page " + p + " freed");
            }
        }
        assertEquals(baseline, Fixtures.used(s), "every slot freed");
        s.checkConsistency();
    }

    /** The page of {@code f} that is the {@code n}-th (from 0) of those still swapped out. */
    private static int swappedOut(final SwappedFolio f, final int n) {
        int seen = 0;
        for (int p = 0; p < f.pages(); p++) {
            if (f.isSwappedOut(p) && seen++ == n) {
                return p;
            }
        }
        throw new AssertionError("fewer than " + (n + 1) + " pages swapped out of " + f);
    }

    @Test
    void swapIn_rangeAcrossExtents_isOneContiguousResultInLogicalOrder() throws IOException {
        final SwapSpace s = space(FolioFallback.COMPOUND, 1);
        final byte[] bytes = Fixtures.folio(7, ORDER, P);
        final SwappedFolio f = s.swapOut(ByteBuffer.wrap(bytes), ORDER);
        assertTrue(f.extents() >= 3, f.toString());
        final int first = f.extentFirstPage(1) - 1; // the last page of extent 0 through the first of extent 2
        final int count = f.extentFirstPage(2) - first + 1;
        final ByteBuffer dst = pages(count);
        final long readsBefore = s.area(0).device().stats().reads();
        s.swapIn(f, first, count, dst, true);
        assertArrayEquals(Fixtures.range(bytes, first, count, P), dst.array());
        assertEquals(count, s.area(0).device().stats().reads() - readsBefore, "only the wanted pages are read");
    }

    @Test
    void swapIn_keep_leavesCountsAndSlots() throws IOException {
        final SwapSpace s = space(FolioFallback.COMPOUND, 1);
        final byte[] bytes = Fixtures.folio(1, ORDER, P);
        final SwappedFolio f = s.swapOut(ByteBuffer.wrap(bytes), ORDER);
        final long used = Fixtures.used(s);
        for (int i = 0; i < 3; i++) {
            final ByteBuffer dst = pages(f.pages());
            s.swapIn(f, 0, f.pages(), dst, true);
            assertArrayEquals(bytes, dst.array());
        }
        assertEquals(used, Fixtures.used(s));
        for (int p = 0; p < f.pages(); p++) {
            assertEquals(1, s.area(0).counts().countOf(f.entry(p)));
        }
        assertArrayEquals(bytes, Fixtures.swapInAll(s, f));
        assertFalse(f.isSwappedOut());
    }

    @Test
    void dup_thenSwapInTwice_secondSharerStillReadsThenFrees() throws IOException {
        final SwapSpace s = space(FolioFallback.SPLIT, 2);
        final long baseline = Fixtures.used(s);
        final byte[] bytes = Fixtures.folio(2, ORDER, P);
        final SwappedFolio f = s.swapOut(ByteBuffer.wrap(bytes), ORDER);
        assertEquals(SwapResult.OK, s.dup(f)); // fork: two mappings
        final ByteBuffer first = pages(4);
        s.swapIn(f, 2, 4, first, false); // the child faults pages 2..5 in
        assertArrayEquals(Fixtures.range(bytes, 2, 4, P), first.array());
        assertEquals(8, f.swappedOutPages(), "the parent still maps every page");
        assertArrayEquals(bytes, Fixtures.swapInAll(s, f), "the parent faults everything in");
        assertEquals(4, f.swappedOutPages(), "the child still maps pages 0, 1, 6, 7");
        assertEquals(2, s.put(f, 0, 2)); // the child unmaps 0..1
        assertEquals(2, s.free(f)); // and exits
        assertEquals(baseline, Fixtures.used(s));
        s.checkConsistency();
    }

    @Test
    void swapOutAndIn_buffersAtAnOffset_useThePositionAndMoveOnlyDst() throws IOException {
        final SwapSpace s = space(FolioFallback.COMPOUND, 1);
        final byte[] bytes = Fixtures.folio(4, ORDER, P);
        final ByteBuffer big = ByteBuffer.allocate(bytes.length + 3 * P);
        big.position(2 * P).put(bytes).position(2 * P).limit(2 * P + bytes.length);
        final SwappedFolio f = s.swapOut(big, ORDER);
        assertEquals(2 * P, big.position(), "src position unchanged");
        assertEquals(2 * P + bytes.length, big.limit(), "src limit unchanged");
        final ByteBuffer dst = ByteBuffer.allocateDirect(5 * P);
        dst.position(P).limit(4 * P);
        s.swapIn(f, 2, 3, dst, true);
        assertEquals(4 * P, dst.position(), "dst position advanced by 3 pages");
        final byte[] got = new byte[3 * P];
        dst.get(P, got);
        assertArrayEquals(Fixtures.range(bytes, 2, 3, P), got);
    }

    @Test
    void put_partOfFolio_freesOnlyThoseAtZero() throws IOException {
        final SwapSpace s = space(FolioFallback.COMPOUND, 1);
        final byte[] bytes = Fixtures.folio(3, ORDER, P);
        final SwappedFolio f = s.swapOut(ByteBuffer.wrap(bytes), ORDER);
        assertEquals(3, s.put(f, 5, 3));
        assertEquals(5, f.swappedOutPages());
        final ByteBuffer dst = pages(5);
        s.swapIn(f, 0, 5, dst, false);
        assertArrayEquals(Fixtures.range(bytes, 0, 5, P), dst.array());
        assertEquals(0, ((BuddyAllocator) s.area(0).allocator()).descriptorCount(),
                "the descriptor went with its last page");
    }
}

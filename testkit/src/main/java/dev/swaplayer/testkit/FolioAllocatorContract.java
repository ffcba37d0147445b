package dev.swaplayer.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.swaplayer.allocator.FolioAllocator;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Legality;
import dev.swaplayer.spec.Postconditions;
import dev.swaplayer.spec.SwapSpaceModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link FolioAllocator} as JUnit 5 tests, on top of {@link SlotAllocatorContract}, whose tests it
 * runs too: subclass it with an allocator that implements FolioAllocator. A folio's pages, as {@code slotOf}
 * reports them, must be a legal placement ({@link Legality}: free slots of this device, not reserved, a plain handle
 * a legal run, a compound folio only while no legal run of its size was free); {@code extents} must count them;
 * freeing a folio in pieces frees exactly those pages, and {@code descriptorCount()} is 0 or the compound folios
 * still live (a descriptor goes with its last page). Misuse throws and changes nothing.
 *
 * <p>Thread safety: JUnit runs each test on a fresh instance; nothing is shared.
 *
 * <p>Where no run of a folio's size is free, the interface asks for a compound folio when enough single slots are;
 * the contract, like {@code verify}'s safety checks, also accepts NONE there (a folio allocator that only places
 * contiguously), and then holds the device to being unchanged. {@code verify}'s completeness check is the one that
 * reports such a NONE, and a compound folio in more extents than the fewest any placement could have.
 */
public abstract class FolioAllocatorContract extends SlotAllocatorContract {

    /** A folio as the allocator placed it, mirrored in the model. Thread safety: confined to one test. */
    static final class Folio {
        /** What {@code allocateFolio} returned. */
        final long handle;
        /** The folio order. */
        final int order;
        /** The slot of each page, as {@code slotOf} reports them. */
        final long[] pages;
        /** The model's descriptor id of a compound folio, 0 for a contiguous one. */
        final long descriptor;

        Folio(final long handle, final int order, final long[] pages, final long descriptor) {
            this.handle = handle;
            this.order = order;
            this.pages = pages;
            this.descriptor = descriptor;
        }
    }

    private FolioAllocator folios() {
        final SlotAllocator a = create(TYPE, geometry());
        assertInstanceOf(FolioAllocator.class, a, "the allocator must implement FolioAllocator");
        return (FolioAllocator) a;
    }

    /**
     * Allocates a folio and applies its placement to the model, failing the test when it is not legal.
     *
     * @return the folio, or null for NONE
     */
    static Folio allocateFolio(final FolioAllocator a, final SwapSpaceModel m, final int order) {
        final long h = a.allocateFolio(order);
        if (h == SlotAllocator.NONE) {
            return null;
        }
        final String call = "allocateFolio(" + order + ") = " + SwapEntry.toString(h);
        assertEquals(TYPE, SwapEntry.type(h), () -> "type of " + call);
        final long[] pages = new long[1 << order];
        for (int i = 0; i < pages.length; i++) {
            final int page = i;
            final long e = a.slotOf(h, order, page);
            assertFalse(SwapEntry.isCompound(e), () -> "slotOf(page " + page + ") of " + call + " is not a slot");
            assertEquals(TYPE, SwapEntry.type(e), () -> "type of slotOf(page " + page + ") of " + call);
            pages[i] = SwapEntry.offset(e);
        }
        final int extents = a.extents(h, order);
        if (!SwapEntry.isCompound(h)) {
            final long first = SwapEntry.offset(h);
            final String why = Legality.illegalRun(m, first, order);
            assertNull(why, () -> call + ": " + why);
            for (int i = 0; i < pages.length; i++) {
                assertEquals(first + i, pages[i], "slotOf(page " + i + ") of the contiguous folio " + call);
            }
            assertEquals(1, extents, "extents of the contiguous folio " + call);
            m.allocateAt(first, order);
            return new Folio(h, order, pages, 0);
        }
        final String why = Legality.illegalCompound(m, pages);
        assertNull(why, () -> call + " (its pages as slotOf reports them): " + why);
        final int runs = Postconditions.extentsOf(m.geometry(), pages);
        assertTrue(extents >= runs && extents <= pages.length, () -> "extents of " + call + " = " + extents
                + " (expected " + runs + ".." + pages.length + " for its pages)");
        return new Folio(h, order, pages, m.allocateCompoundAt(pages));
    }

    /** Frees {@code count} pages of a folio from {@code first}, in the allocator and in the model. */
    static void freePages(final FolioAllocator a, final SwapSpaceModel m, final Folio f, final int first,
            final int count) {
        final Throwable thrown = thrownBy(() -> a.freeFolioPages(f.handle, f.order, first, count));
        if (thrown != null) {
            fail("freeFolioPages(" + SwapEntry.toString(f.handle) + ", order " + f.order + ", pages " + first + "+"
                    + count + ") threw " + thrown + " (expected: it frees pages the folio still holds)", thrown);
        }
        if (f.descriptor != 0) {
            m.freeDescriptorPages(f.descriptor, first, count);
        } else {
            m.free(f.pages[first], count);
        }
    }

    /** Compares the counters, the fragmentation view and the live descriptors with the model. */
    static void agreeFolios(final FolioAllocator a, final SwapSpaceModel m) {
        agree(a, m);
        final int[] live = {0};
        m.forEachDescriptor((id, order, pages) -> live[0]++);
        final int count = a.descriptorCount();
        assertTrue(count == 0 || count == live[0], () -> "descriptorCount() = " + count + " (expected: " + live[0]
                + ", the compound folios still live, or 0 for an allocator without descriptors)");
    }

    @Test
    void everyOrderGetsAContiguousFolioOnAnEmptyDevice() {
        final FolioAllocator a = folios();
        final SwapSpaceModel m = new SwapSpaceModel(geometry());
        for (int k = 0; k <= geometry().maxOrder(); k++) {
            final Folio f = allocateFolio(a, m, k);
            assertNotNull(f, "an empty device serves a folio of order " + k);
            assertFalse(SwapEntry.isCompound(f.handle), "a run of " + (1 << k) + " slots was free: contiguous");
            agreeFolios(a, m);
        }
    }

    @Test
    void aFolioFreedInPiecesRestoresTheEmptyDevice() {
        final FolioAllocator a = folios();
        final SwapSpaceModel m = new SwapSpaceModel(geometry());
        final int order = geometry().maxOrder();
        final Folio f = allocateFolio(a, m, order);
        assertNotNull(f);
        final int n = 1 << order;
        final int third = n / 3; // page "third" alone, then the pages before it, then the pages after it
        freePages(a, m, f, third, 1);
        agreeFolios(a, m);
        if (third > 0) {
            freePages(a, m, f, 0, third);
            agreeFolios(a, m);
        }
        if (third + 1 < n) {
            freePages(a, m, f, third + 1, n - third - 1);
        }
        agreeFolios(a, m);
        agreeFolios(a, new SwapSpaceModel(geometry()));
    }

    /**
     * Fills the device with single slots, then frees every other slot of its second cluster (its first, if it has
     * one only), reserved slots left alone: only single free slots are left, so a folio of two or more pages must be
     * compound, or NONE.
     *
     * @return the slots freed
     */
    private List<Long> singlesOnly(final FolioAllocator a, final SwapSpaceModel m) {
        long slot;
        do {
            slot = allocate(a, m, 0); // fill the device
        } while (slot != 0);
        final long size = geometry().clusterSlots();
        final long start = geometry().clusterCount() > 1 ? size : 0;
        final List<Long> freed = new ArrayList<>();
        for (long s = start; s < start + size; s += 2) {
            if (!geometry().isReserved(s)) {
                a.free(SwapEntry.of(TYPE, s), 1);
                m.free(s, 1);
                freed.add(s);
            }
        }
        agreeFolios(a, m);
        return freed;
    }

    @Test
    void onlySingleSlotsFree_aFolioIsCompoundAndItsDescriptorGoesWithItsLastPage() {
        final FolioAllocator a = folios();
        final SwapSpaceModel m = new SwapSpaceModel(geometry());
        final List<Long> freed = singlesOnly(a, m);
        final int order = orderUpTo(2);
        final Folio f = allocateFolio(a, m, order);
        if (f == null || order == 0) { // contiguous only (nothing may have changed), or a single page anyway
            agreeFolios(a, m);
            return;
        }
        assertTrue(SwapEntry.isCompound(f.handle), "no two free slots were adjacent: the folio is compound");
        for (final long p : f.pages) {
            assertTrue(freed.contains(p), "page on slot " + p + ", which was not free");
        }
        agreeFolios(a, m);
        final int n = f.pages.length; // its middle pages, then its first, then its last: the descriptor goes last
        if (n > 2) {
            freePages(a, m, f, 1, n - 2);
            agreeFolios(a, m);
        }
        freePages(a, m, f, 0, 1);
        agreeFolios(a, m);
        freePages(a, m, f, n - 1, 1);
        agreeFolios(a, m);
        assertEquals(0, a.descriptorCount(), "every compound folio is freed");
    }

    @Test
    void misuseOfAFolioThrowsAndChangesNothing() {
        final FolioAllocator a = folios();
        final SwapSpaceModel m = new SwapSpaceModel(geometry());
        final int k = orderUpTo(2);
        final int n = 1 << k;
        final Folio f = allocateFolio(a, m, k);
        assertNotNull(f, "an empty device serves a folio of order " + k);
        final int live = n - 1; // its last page stays live; the one before it, if any, is freed
        if (n > 1) {
            freePages(a, m, f, n - 2, 1);
            rejected(a, m, "a folio's page freed twice", () -> a.freeFolioPages(f.handle, k, n - 2, 1));
        }
        rejected(a, m, "pages past the folio's end", () -> a.freeFolioPages(f.handle, k, live, 2));
        rejected(a, m, "no pages", () -> a.freeFolioPages(f.handle, k, live, 0));
        rejected(a, m, "slotOf a page past the folio's end", () -> a.slotOf(f.handle, k, n));
        rejected(a, m, "slotOf page -1", () -> a.slotOf(f.handle, k, -1));
        rejected(a, m, "allocateFolio(maxOrder + 1)", () -> a.allocateFolio(geometry().maxOrder() + 1));
        rejected(a, m, "allocateFolio(-1)", () -> a.allocateFolio(-1));
        singlesOnly(a, m);
        final Folio c = k == 0 ? null : allocateFolio(a, m, k);
        if (c != null && SwapEntry.isCompound(c.handle)) {
            rejected(a, m, "a compound folio named with another order", () -> a.freeFolioPages(c.handle, k - 1, 0,
                    1));
            freePages(a, m, c, 0, n);
            rejected(a, m, "a freed compound folio", () -> a.freeFolioPages(c.handle, k, 0, 1));
        } else if (c != null) {
            freePages(a, m, c, 0, n);
        }
        agreeFolios(a, m);
        assertEquals(0, a.descriptorCount(), "every compound folio is freed");
    }
}

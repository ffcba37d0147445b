package dev.swaplayer.testkit;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.ForwardingFolioAllocator;
import dev.swaplayer.allocator.ForwardingSlotAllocator;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import java.util.HashSet;
import java.util.Set;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;

/**
 * The folio contract cannot pass a folio allocator with a planted defect: each defect fails the contract test that
 * is about it, with a message that names what went wrong; the buddy allocator itself passes
 * ({@link CompoundFolioContractTest}).
 *
 * <p>Thread safety: JUnit runs it on one thread.
 */
class PlantedFolioDefectsTest {

    /** The folio contract over the buddy allocator with one call rewritten. */
    private static final class Planted extends FolioAllocatorContract {
        private final BiFunction<Integer, Geometry, SlotAllocator> factory;

        Planted(final BiFunction<Integer, Geometry, SlotAllocator> factory) {
            this.factory = factory;
        }

        @Override
        protected SlotAllocator create(final int type, final Geometry geometry) {
            return factory.apply(type, geometry);
        }
    }

    /** The buddy allocator's folios; a subclass plants one defect. Thread safety: one thread. */
    private static class Buddy extends ForwardingFolioAllocator<BuddyAllocator> {
        Buddy(final int type, final Geometry g) {
            super(new BuddyAllocator(type, g));
        }
    }

    private static void fails(final String expected, final Executable test) {
        final AssertionFailedError e = assertThrows(AssertionFailedError.class, test);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void aFreeOfPagesThatIgnoresTheFirstPage_freesTheWrongSlots() {
        final Planted c = new Planted((t, g) -> new Buddy(t, g) {
            @Override
            public void freeFolioPages(final long handle, final int order, final int firstPage, final int count) {
                delegate().freeFolioPages(handle, order, 0, count); // planted: always from page 0
            }
        });
        fails(", order 4, pages 0+5) threw java.lang.IllegalStateException: slot 16: free (expected: in use) (expected:"
                + " it frees pages the folio still holds)", c::aFolioFreedInPiecesRestoresTheEmptyDevice);
    }

    @Test
    void aDescriptorKeptAfterItsLastPage_isCounted() {
        final Planted c = new Planted((t, g) -> new Buddy(t, g) {
            private int placed;

            @Override
            public long allocateFolio(final int order) {
                final long h = super.allocateFolio(order);
                placed += SwapEntry.isCompound(h) ? 1 : 0;
                return h;
            }

            @Override
            public int descriptorCount() {
                return placed; // planted: a descriptor never goes
            }
        });
        fails("descriptorCount() = 1 (expected: 0, the compound folios still live",
                c::onlySingleSlotsFree_aFolioIsCompoundAndItsDescriptorGoesWithItsLastPage);
    }

    @Test
    void aContiguousFolioReportingPagesOutOfOrder_isCaught() {
        final Planted c = new Planted((t, g) -> new Buddy(t, g) {
            @Override
            public long slotOf(final long handle, final int order, final int page) {
                return super.slotOf(handle, order, (1 << order) - 1 - page); // planted: pages reversed
            }
        });
        fails("slotOf(page 0) of the contiguous folio allocateFolio(1)",
                c::everyOrderGetsAContiguousFolioOnAnEmptyDevice);
    }

    @Test
    void anAcceptedFreeOfAFreedPage_isCaught() {
        final Planted c = new Planted((t, g) -> new Buddy(t, g) {
            private final Set<Long> freed = new HashSet<>();

            @Override
            public void freeFolioPages(final long handle, final int order, final int firstPage, final int count) {
                final long slot = delegate().slotOf(handle, order, firstPage);
                if (count == 1 && !SwapEntry.isCompound(handle) && !freed.add(slot)) {
                    return; // planted: a page freed twice is ignored, not rejected
                }
                delegate().freeFolioPages(handle, order, firstPage, count);
            }
        });
        fails("a folio's page freed twice was accepted", c::misuseOfAFolioThrowsAndChangesNothing);
    }

    @Test
    void aFolioAllocatorThatIsNotOne_isNamed() {
        final Planted c = new Planted((t, g) -> new Plain(new BuddyAllocator(t, g)));
        fails("the allocator must implement FolioAllocator", c::everyOrderGetsAContiguousFolioOnAnEmptyDevice);
    }

    /** Only a SlotAllocator. Thread safety: one thread. */
    private static final class Plain extends ForwardingSlotAllocator<BuddyAllocator> {
        Plain(final BuddyAllocator a) {
            super(a);
        }
    }
}

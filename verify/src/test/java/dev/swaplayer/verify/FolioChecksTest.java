package dev.swaplayer.verify;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.FolioPolicy;
import dev.swaplayer.allocator.ForwardingFolioAllocator;
import dev.swaplayer.allocator.ForwardingSlotAllocator;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.spec.Geometry;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The checks on the folio calls: a page freed twice and a compound folio named with another order must be rejected
 * (INV-13), and a descriptor must go with its folio's last page (INV-7). Each planted defect below is caught on the
 * step where it shows; the honest allocator passes the same steps.
 *
 * <p>Thread safety: JUnit runs it on one thread.
 */
class FolioChecksTest {
    private static final Geometry G = Geometry.builder(64).clusterSlots(16).maxOrder(2).build();

    @Test
    void theBuddyAllocatorRejectsBothFolioMisusesAndRetiresItsDescriptors() {
        final ModelledDevice d = withCompoundFolio(new Folios());
        d.free(d.heldCount() - 1, 1, 1);
        assertDoesNotThrow(() -> {
            d.misuse(Misuse.FOLIO_PAGE_FREED, 0);
            d.misuse(Misuse.FOLIO_WRONG_ORDER, 0);
            d.compare();
        });
        d.free(d.heldCount() - 1, 0, 4);
        assertDoesNotThrow(d::compare);
    }

    @Test
    void aFolioPageFreedTwiceAndAccepted_isCaught() {
        final ModelledDevice d = withCompoundFolio(new Folios() {
            @Override
            public void freeFolioPages(final long handle, final int order, final int firstPage, final int count) {
                try {
                    super.freeFolioPages(handle, order, firstPage, count);
                } catch (IllegalStateException alreadyFreed) { // the planted defect: a double free ignored
                }
            }
        });
        d.free(d.heldCount() - 1, 2, 1);
        final AssertionError e = assertThrows(AssertionError.class, () -> d.misuse(Misuse.FOLIO_PAGE_FREED, 0));
        assertTrue(e.getMessage().contains("pages 2+1) of a page already freed was accepted"), e.getMessage());
    }

    @Test
    void aCompoundFolioNamedWithAnotherOrderAndAccepted_isCaught() {
        final Map<Long, Integer> orders = new HashMap<>();
        final ModelledDevice d = withCompoundFolio(new Folios() {
            @Override
            public long allocateFolio(final int order) {
                final long handle = super.allocateFolio(order);
                orders.put(handle, order);
                return handle;
            }

            @Override
            public long slotOf(final long handle, final int order, final int page) { // the order it was given
                return super.slotOf(handle, orders.getOrDefault(handle, order), page);
            }
        });
        final AssertionError e = assertThrows(AssertionError.class, () -> d.misuse(Misuse.FOLIO_WRONG_ORDER, 0));
        assertTrue(e.getMessage().contains("of a compound folio of order 2 was accepted"), e.getMessage());
    }

    @Test
    void aDescriptorThatOutlivesItsLastPage_isCaught() {
        final int[] retired = {0};
        final ModelledDevice d = withCompoundFolio(new Folios() {
            @Override
            public void freeFolioPages(final long handle, final int order, final int firstPage, final int count) {
                final int before = super.descriptorCount();
                super.freeFolioPages(handle, order, firstPage, count);
                retired[0] += before - super.descriptorCount();
            }

            @Override
            public int descriptorCount() { // the planted defect: a retired descriptor still counted (kept)
                return super.descriptorCount() + retired[0];
            }
        });
        d.free(d.heldCount() - 1, 0, 3);
        assertDoesNotThrow(d::compare);
        d.free(d.heldCount() - 1, 3, 1);
        final AssertionError e = assertThrows(AssertionError.class, d::compare);
        assertTrue(e.getMessage().startsWith("descriptorCount() = 1 (expected 0"), e.getMessage());
    }

    @Test
    void aDescriptorKeptWhenItsFolioWasFreedInPieces_isCaughtByFreeingInPieces() {
        final Set<Long> pieced = new HashSet<>();
        final int[] leaked = {0};
        final ModelledDevice d = withCompoundFolio(new Folios() {
            @Override
            public void freeFolioPages(final long handle, final int order, final int firstPage, final int count) {
                final int before = super.descriptorCount();
                super.freeFolioPages(handle, order, firstPage, count);
                if (count < 1 << order) {
                    leaked[0] += pieced.add(handle) ? 0 : before - super.descriptorCount();
                }
            }

            @Override
            public int descriptorCount() { // the planted defect: a folio freed in pieces keeps its descriptor
                return super.descriptorCount() + leaked[0];
            }
        });
        final AssertionError e = assertThrows(AssertionError.class, () -> d.freeInPieces(d.heldCount() - 1, 2));
        assertTrue(e.getMessage().startsWith("descriptorCount() = 1 (expected 0"), e.getMessage());
        final ModelledDevice honest = withCompoundFolio(new Folios());
        assertDoesNotThrow(() -> honest.freeInPieces(honest.heldCount() - 1, 4));
    }

    @Test
    void aFolioOrderAboveMaxOrderAnsweredWithNone_isCaught() {
        final ModelledDevice d = new ModelledDevice(new Folios() {
            @Override
            public long allocateFolio(final int order) { // the planted defect: no device serves it, so NONE
                return order > G.maxOrder() ? NONE : super.allocateFolio(order);
            }
        }, false);
        final AssertionError e = assertThrows(AssertionError.class,
                () -> d.misuse(Misuse.FOLIO_ORDER_TOO_LARGE, 0));
        assertTrue(e.getMessage().startsWith("allocateFolio(order 3) above maxOrder was accepted"), e.getMessage());
        assertDoesNotThrow(() -> new ModelledDevice(new Folios(), false).misuse(Misuse.FOLIO_ORDER_TOO_LARGE, 0));
    }

    @Test
    void aCompoundProviderWithoutTheFolioCalls_isRefusedBeforeAnyCheck() {
        final AllocatorProvider p = new AllocatorProvider() {
            @Override
            public String name() {
                return "slots-only";
            }

            @Override
            public SlotAllocator create(final int type, final Geometry geometry) {
                return new ForwardingSlotAllocator<>(new BuddyAllocator(type, geometry)) {
                };
            }

            @Override
            public FolioPolicy folioPolicy() {
                return FolioPolicy.COMPOUND;
            }
        };
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Verifier.probe(p));
        assertTrue(e.getMessage().startsWith("--policy: slots-only (expected: a provider that builds an allocator;"
                + " folio policy COMPOUND but "), e.getMessage());
    }

    /**
     * Fills the device with single slots, frees four in different aligned blocks of four, and places an order-2
     * folio, which must then be compound: the last held allocation.
     */
    private static ModelledDevice withCompoundFolio(final Folios allocator) {
        final ModelledDevice d = new ModelledDevice(allocator, false);
        while (d.heldCount() < G.totalSlots() - G.reservedSlots()) {
            d.allocate(0);
        }
        for (final int index : new int[] {41, 29, 17, 5}) { // highest first: a freed slot leaves the held list
            d.free(index, 0, 1);
        }
        d.allocateFolio(2);
        assertNotNull(Targets.folio(d, d.heldCount() - 1, true), "an order-2 folio over four scattered free slots");
        assertEquals(1, allocator.descriptorCount());
        return d;
    }

    /** The buddy allocator's folio calls, each open to a planted defect. */
    private static class Folios extends ForwardingFolioAllocator<BuddyAllocator> {
        Folios() {
            super(new BuddyAllocator(Target.TYPE, G));
        }
    }
}

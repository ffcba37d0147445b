package dev.swaplayer.swap;

import static dev.swaplayer.swap.Fixtures.P;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.swaplayer.allocator.FolioOutcome;
import dev.swaplayer.device.CompressedRamDevice;
import dev.swaplayer.entry.SwapEntry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Priorities, round robin, and where large folios go.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own swap spaces and selector.
 */
class DeviceSelectionTest {

    private static SwapSpace space(final FolioFallback policy, final long slots, final int... priorities) {
        final SwapSpace.Builder b = SwapSpace.builder(policy);
        for (final int prio : priorities) {
            b.addDevice(CompressedRamDevice.builder(slots).build(), prio, Fixtures.small(slots));
        }
        return b.build();
    }

    private static SwappedFolio out(final SwapSpace s, final int order, final long seed) throws IOException {
        return s.swapOut(ByteBuffer.wrap(Fixtures.folio(seed, order, P)), order);
    }

    private static int typeOf(final SwappedFolio f) {
        return SwapEntry.type(f.entry(0));
    }

    @Test
    void selector_equalPriorities_requeueBehindEqualsOnly() {
        final DeviceSelector sel = new DeviceSelector(new int[] {5, 9, 5, 5, 1});
        assertEquals("DeviceSelector(1:prio 9, 0:prio 5, 2:prio 5, 3:prio 5, 4:prio 1)", sel.toString());
        sel.requeue(1);
        assertEquals("DeviceSelector(1:prio 9, 2:prio 5, 3:prio 5, 0:prio 5, 4:prio 1)", sel.toString());
        sel.requeue(0);
        sel.requeue(4);
        assertEquals("DeviceSelector(1:prio 9, 2:prio 5, 3:prio 5, 0:prio 5, 4:prio 1)", sel.toString(),
                "alone in its priority: stays put");
        sel.requeue(2);
        assertEquals("DeviceSelector(1:prio 9, 2:prio 5, 0:prio 5, 3:prio 5, 4:prio 1)", sel.toString());
    }

    @Test
    void swapOut_higherPriorityFirst_untilFullThenNext() throws IOException {
        final SwapSpace s = space(FolioFallback.SPLIT, 16, 1, 10); // 15 data slots each
        for (int i = 0; i < 15; i++) {
            assertEquals(1, typeOf(out(s, 0, i)), "page " + i + " goes to the priority-10 device");
        }
        for (int i = 0; i < 15; i++) {
            assertEquals(0, typeOf(out(s, 0, i)), "then to the priority-1 device");
        }
        assertSame(SwappedFolio.NOT_SWAPPED, out(s, 0, 99));
        assertEquals(1, s.stats().notSwapped());
    }

    @Test
    void swapOut_equalPriorities_roundRobinPerAllocation_lowerPriorityUnused() throws IOException {
        final SwapSpace s = space(FolioFallback.SPLIT, 64, 5, 5, 5, 1);
        final List<Integer> types = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            types.add(typeOf(out(s, i % 3, i)));
        }
        assertEquals(List.of(0, 1, 2, 0, 1, 2, 0, 1, 2), types);
        assertEquals(0, s.area(3).allocator().usedSlots());
        assertEquals(List.of(s.area(0), s.area(1), s.area(2), s.area(3)), s.selectionOrder());
    }

    @Test
    void swapOut_largeFolio_neverSpansDevices_goesWholeToTheNextDevice() throws IOException {
        for (final FolioFallback policy : FolioFallback.values()) {
            final SwapSpace s = space(policy, 16, 10, 5);
            Fixtures.pinEvery(s.area(0).allocator(), 2); // the preferred device: 8 single free slots ...
            for (int i = 0; i < 4; i++) {
                s.area(0).allocator().allocate(0); // ... then 4: too few for 8 pages, even under a descriptor
            }
            final SwappedFolio f = out(s, 3, 1);
            assertEquals(FolioOutcome.SWPOUT, f.outcome(), policy.name());
            for (int p = 0; p < f.pages(); p++) {
                assertEquals(1, SwapEntry.type(f.entry(p)), policy + ": page " + p);
            }
        }
    }

    @Test
    void swapOut_compoundPolicy_priorityBeatsContiguity() throws IOException {
        final SwapSpace s = space(FolioFallback.COMPOUND, 64, 10, 5);
        Fixtures.pinEvery(s.area(0).allocator(), 2);
        final SwappedFolio f = out(s, 3, 1);
        assertEquals(FolioOutcome.SWPOUT_COMPOUND, f.outcome(), "the preferred device can place it");
        assertEquals(8, f.extents());
        assertEquals(0, SwapEntry.type(f.handle()));
    }

    @Test
    void swapOut_compoundFolio_staysOnOneDeviceUnderRoundRobin() throws IOException {
        final SwapSpace s = space(FolioFallback.COMPOUND, 64, 0, 0);
        Fixtures.pinEvery(s.area(0).allocator(), 4);
        Fixtures.pinEvery(s.area(1).allocator(), 4);
        for (int i = 0; i < 4; i++) {
            final SwappedFolio f = out(s, 2, i);
            assertEquals(FolioOutcome.SWPOUT_COMPOUND, f.outcome());
            final Set<Integer> types = new HashSet<>();
            for (int p = 0; p < f.pages(); p++) {
                types.add(SwapEntry.type(f.entry(p)));
            }
            assertEquals(Set.of(i % 2), types, "folio " + i + " on one device, devices taking turns");
        }
    }

    @Test
    void swapOut_splitFolio_pagesFollowRoundRobinAcrossDevices() throws IOException {
        final SwapSpace s = space(FolioFallback.SPLIT, 64, 0, 0);
        Fixtures.pinEvery(s.area(0).allocator(), 2);
        Fixtures.pinEvery(s.area(1).allocator(), 2);
        final byte[] bytes = Fixtures.folio(5, 2, P);
        final SwappedFolio f = s.swapOut(ByteBuffer.wrap(bytes), 2);
        assertEquals(FolioOutcome.SWPOUT_FALLBACK, f.outcome());
        for (int p = 0; p < f.pages(); p++) {
            assertEquals(p % 2, SwapEntry.type(f.entry(p)), "page " + p);
        }
        assertArrayEquals(bytes, Fixtures.swapInAll(s, f));
    }

    @Test
    void swapOut_splitNeedsSlotsOnAllDevicesTogether_allOrNothing() throws IOException {
        final SwapSpace s = space(FolioFallback.SPLIT, 16, 0, 0);
        Fixtures.pinEvery(s.area(0).allocator(), 2);
        Fixtures.pinEvery(s.area(1).allocator(), 2);
        s.area(0).allocator().allocate(0);
        final long used = Fixtures.used(s);
        assertEquals(15, s.area(0).allocator().freeSlots() + s.area(1).allocator().freeSlots());
        assertSame(SwappedFolio.NOT_SWAPPED, out(s, 4, 1), "16 pages, 15 free slots in all");
        assertEquals(used, Fixtures.used(s), "nothing taken");
        final SwappedFolio fits = out(s, 3, 2);
        assertEquals(FolioOutcome.SWPOUT_FALLBACK, fits.outcome());
        assertEquals(used + 8, Fixtures.used(s));
    }
}

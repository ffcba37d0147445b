package dev.swaplayer.swap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.FolioOutcome;
import dev.swaplayer.allocator.FolioPolicy;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.device.CompressedRamDevice;
import dev.swaplayer.device.SwapDevice;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.kernel.ClusterAllocator;
import dev.swaplayer.kernel.LegacyAllocator;
import dev.swaplayer.spec.Fragmentation;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.swap.SwapIoException.Direction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One swap path for any allocator: the four built-in allocation policies ({@code legacy} and {@code cluster},
 * the kernel models, then {@code buddy} and {@code compound}) run through the real {@link SwapSpace}, with
 * CRC32C and fault injection, under the no-data-loss properties of {@link Scenario}; and what the swap path
 * refuses from an allocator.
 */
class AllocatorProvidersTest {
    private static final PolicyRegistry REGISTRY = PolicyRegistry.builtIn();

    @TempDir
    Path dir;

    @Test
    void theFourBuiltInPolicies_areFound() {
        assertEquals(List.of("legacy", "cluster", "buddy", "compound"), REGISTRY.builtInNames());
    }

    @ParameterizedTest
    @ValueSource(strings = {"legacy", "cluster", "buddy", "compound"})
    void forProvider_eachAreaGetsTheProvidersAllocator_andItsFolioPolicy(final String name) {
        final AllocatorProvider p = REGISTRY.provider(name);
        final SwapSpace s = SwapSpace.forProvider(p).addDevice(ram(64), 0, Fixtures.small(64))
                .addDevice(ram(32), 0).build();
        assertEquals(SwapPolicy.of(p.folioPolicy()), s.policy());
        final Class<?> expected = switch (name) {
            case "legacy" -> LegacyAllocator.class;
            case "cluster" -> ClusterAllocator.class;
            default -> BuddyAllocator.class;
        };
        for (int t = 0; t < 2; t++) {
            assertInstanceOf(expected, s.area(t).allocator());
            assertEquals(t, s.area(t).allocator().type());
        }
        assertEquals(Fixtures.small(64), s.area(0).allocator().geometry());
    }

    /** A fault at every I/O position of random sequences: nothing leaked, lost or wrong, with every policy. */
    @ParameterizedTest
    @ValueSource(strings = {"legacy", "cluster", "buddy", "compound"})
    void faultAtEveryIoPosition_everyPolicy(final String name) {
        final AllocatorProvider p = REGISTRY.provider(name);
        final Scenario.Coverage coverage = new Scenario.Coverage();
        int replays = 0;
        for (long seed = 1; seed <= 4; seed++) {
            final boolean integrity = seed % 2 == 0;
            final Path files = seed == 1 ? dir : null;
            final Scenario clean = new Scenario(seed, p, integrity, files, 30).run(-1, 0);
            coverage.add(clean.coverage());
            final long[] attempts = clean.ioAttempts();
            for (int area = 0; area < attempts.length; area++) {
                for (long k = 1; k <= attempts[area]; k++) {
                    coverage.add(new Scenario(seed, p, integrity, files, 30).run(area, k).coverage());
                    replays++;
                }
            }
        }
        assertEquals(EnumSet.allOf(Direction.class), coverage.failures, name + ": " + coverage);
        assertTrue(replays > 100, name + ": replays " + replays);
        checkOutcomes(p, coverage.outcomes, coverage);
    }

    /** A corrupt read at every read position, in integrity mode: each caught, naming its page and slot. */
    @ParameterizedTest
    @ValueSource(strings = {"legacy", "cluster", "buddy", "compound"})
    void corruptReadAtEveryReadPosition_everyPolicy(final String name) {
        final AllocatorProvider p = REGISTRY.provider(name);
        final Scenario.Coverage coverage = new Scenario.Coverage();
        int replays = 0;
        for (long seed = 1; seed <= 6; seed++) {
            final Path files = seed == 1 ? dir : null;
            final long[] reads = new Scenario(seed, p, true, files, 30).run(-1, 0).readAttempts();
            for (int area = 0; area < reads.length; area++) {
                for (long k = 1; k <= reads[area]; k++) {
                    coverage.add(new Scenario(seed, p, true, files, 30).run(Scenario.Fault.CORRUPT_READ, area, k)
                            .coverage());
                    replays++;
                }
            }
        }
        assertEquals(replays, coverage.integrityErrors, name + ": every corrupt read caught: " + coverage);
        assertTrue(replays > 50, name + ": replays " + replays);
        checkOutcomes(p, coverage.integrityOutcomes, coverage);
    }

    /** Long random sequences with every policy return every byte that went in. */
    @ParameterizedTest
    @ValueSource(strings = {"legacy", "cluster", "buddy", "compound"})
    void anySequence_everyPolicy_returnsEveryByteThatWentIn(final String name) {
        final AllocatorProvider p = REGISTRY.provider(name);
        final Scenario.Coverage coverage = new Scenario.Coverage();
        for (long seed = 1; seed <= 20; seed++) {
            coverage.add(new Scenario(seed, p, seed % 3 == 0, seed == 7 ? dir : null, 250).run(-1, 0).coverage());
        }
        assertTrue(coverage.partialSwapIns > 50 && coverage.dups > 50, name + ": " + coverage);
        checkOutcomes(p, coverage.outcomes, coverage);
    }

    /** SPLIT policies reach contiguous and split folios, never compound; COMPOUND reaches compound folios. */
    private static void checkOutcomes(final AllocatorProvider p, final Set<FolioOutcome> reached,
            final Scenario.Coverage coverage) {
        final String where = p.name() + ": " + coverage;
        assertTrue(reached.contains(FolioOutcome.SWPOUT), where);
        if (p.folioPolicy() == FolioPolicy.COMPOUND) {
            assertTrue(reached.contains(FolioOutcome.SWPOUT_COMPOUND), where);
        } else {
            assertTrue(reached.contains(FolioOutcome.SWPOUT_FALLBACK), where);
            assertFalse(reached.contains(FolioOutcome.SWPOUT_COMPOUND), where);
        }
    }

    /**
     * The 6.10 model refuses an order-0 slot while one is free (its global scan skips the scan base, as 6.10's
     * {@code scan_swap_map_slots} does). A split that meets that refusal is all or nothing: the pages already
     * placed are released and the folio is not swapped. (Found by {@code anySequence} with legacy, seed 4,
     * where the swap path asserted instead.)
     */
    @Test
    void legacy_refusesAFreeOrder0Slot_soASplitIsNotSwapped_andNothingLeaks() throws IOException {
        final LegacyAllocator legacy = new LegacyAllocator(0, Fixtures.small(64), 1);
        final SwapSpace s = SwapSpace.builder(SwapPolicy.SPLIT).integrity(true).addDevice(ram(64), 0, legacy)
                .build();
        while (legacy.allocate(0) != SlotAllocator.NONE) {
            continue; // fill the device
        }
        legacy.free(SwapEntry.of(0, 19), 1);
        assertEquals(19, SwapEntry.offset(legacy.allocate(0)), "the only free slot");
        assertEquals(20, legacy.scanBase(0), "an order-0 claim moves the scan base past it");
        assertEquals(0, legacy.hint(0, 0), "no per-CPU order-0 cluster: order 0 goes to the global scan");
        legacy.free(SwapEntry.of(0, 19), 2); // free: 19 and 20, not an aligned pair, so no order-1 run
        final long other = SwapEntry.of(0, 19);
        final long used = legacy.usedSlots();
        final SwappedFolio f = s.swapOut(ByteBuffer.wrap(Fixtures.folio(9, 1, Fixtures.P)), 1);
        assertEquals(SwappedFolio.NOT_SWAPPED, f, "two slots free, but the second page finds none");
        assertEquals(used, legacy.usedSlots(), "the first page's slot was released");
        assertEquals(1, s.stats().notSwapped());
        Fixtures.audit(s);
        final SwappedFolio one = s.swapOut(ByteBuffer.wrap(Fixtures.folio(9, 0, Fixtures.P)), 0);
        assertEquals(SwapEntry.offset(other), SwapEntry.offset(one.entry(0)),
                "the slot released is usable again");
    }

    // -------------------------------------------------------------------------- what the path refuses

    @Test
    void allocatorWithoutSwapCounts_isRefused_andTheBuilderIsUnchanged() throws IOException {
        final SwapSpace.Builder b = SwapSpace.builder(SwapPolicy.SPLIT);
        final SlotAllocator countless = new SlotsOnly(new BuddyAllocator(0, Fixtures.small(64)));
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.addDevice(ram(64), 0, countless));
        assertEquals("allocator: SlotsOnly (expected: a SlotAllocator that implements SwapCounts: the swap path keeps"
                + " each page's swap count in the allocator)", e.getMessage());
        final SwapSpace s = b.addDevice(ram(64), 0, new LegacyAllocator(0, Fixtures.small(64), 1)).build();
        assertEquals(1, s.areaCount(), "the refused allocator added no area");
        final SwappedFolio f = s.swapOut(ByteBuffer.wrap(Fixtures.folio(5, 2, Fixtures.P)), 2);
        assertEquals(1, s.area(0).counts().countOf(f.entry(3)));
    }

    @Test
    void allocatorOfAnotherType_inUse_orWithoutFolios_isRefused() {
        final IllegalArgumentException type = assertThrows(IllegalArgumentException.class,
                () -> SwapSpace.builder(SwapPolicy.SPLIT).addDevice(ram(64), 0,
                        new ClusterAllocator(3, Fixtures.small(64), 1)));
        assertEquals("allocator.type: 3 (expected: 0, the type of area 0)", type.getMessage());

        final BuddyAllocator used = new BuddyAllocator(0, Fixtures.small(64));
        used.allocate(0);
        assertEquals("allocator.usedSlots: 1 (expected: 0, a fresh allocator)", assertThrows(
                IllegalArgumentException.class, () -> SwapSpace.builder(SwapPolicy.SPLIT).addDevice(ram(64), 0, used))
                .getMessage());

        assertEquals("allocator: LegacyAllocator (expected: a FolioAllocator for the compound policy)", assertThrows(
                IllegalArgumentException.class, () -> SwapSpace.builder(SwapPolicy.COMPOUND).addDevice(ram(64), 0,
                        new LegacyAllocator(0, Fixtures.small(64), 1))).getMessage());

        assertEquals("geometry.totalSlots: 128 (expected: <= 64, the device's capacity)", assertThrows(
                IllegalArgumentException.class, () -> SwapSpace.forProvider(REGISTRY.provider("cluster"))
                        .addDevice(ram(64), 0, Fixtures.small(128))).getMessage());
        assertEquals("provider: null (expected: an AllocatorProvider)", assertThrows(IllegalArgumentException.class,
                () -> SwapSpace.forProvider(null)).getMessage());
    }

    @Test
    void swapPolicyOf_mapsEveryFolioPolicy() {
        assertEquals(SwapPolicy.SPLIT, SwapPolicy.of(FolioPolicy.SPLIT));
        assertEquals(SwapPolicy.COMPOUND, SwapPolicy.of(FolioPolicy.COMPOUND));
        assertEquals("folioPolicy: null (expected: SPLIT or COMPOUND)", assertThrows(IllegalArgumentException.class,
                () -> SwapPolicy.of(null)).getMessage());
    }

    private static SwapDevice ram(final long slots) {
        return CompressedRamDevice.builder(slots).pageSize(Fixtures.P).build();
    }

    /**
     * A slot allocator and nothing more: hides the swap counts of the one it wraps.
     *
     * <p>Thread safety: as the wrapped allocator.
     */
    private static final class SlotsOnly implements SlotAllocator {
        private final SlotAllocator inner;

        SlotsOnly(final SlotAllocator inner) {
            this.inner = inner;
        }

        @Override
        public int type() {
            return inner.type();
        }

        @Override
        public Geometry geometry() {
            return inner.geometry();
        }

        @Override
        public long allocate(final int order) {
            return inner.allocate(order);
        }

        @Override
        public void free(final long entry, final long nrSlots) {
            inner.free(entry, nrSlots);
        }

        @Override
        public long freeSlots() {
            return inner.freeSlots();
        }

        @Override
        public long usedSlots() {
            return inner.usedSlots();
        }

        @Override
        public Fragmentation fragmentation() {
            return inner.fragmentation();
        }
    }
}

package dev.swaplayer.swap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.FolioOutcome;
import dev.swaplayer.allocator.FolioPolicy;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.device.CompressedRamDevice;
import dev.swaplayer.device.FaultInjectingDevice;
import dev.swaplayer.device.FaultPlan;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.swap.SwapIoException.Direction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Integrity mode under wrong data: for every storage outcome (contiguous, compound, split into order-0 pages)
 * and every page of the folio, a read that returns that page with one flipped bit while reporting success
 * ({@link FaultPlan.Builder#corruptSlotRead}) must give a {@link SwapIntegrityException} naming the page and its
 * slot, and leave slots, swap counts and data unchanged: once the fault is gone the same swap-in returns the
 * right bytes, and in the end every slot comes back.
 *
 * <p>Thread safety: each test runs on JUnit's one thread, and each case builds fresh swap spaces over devices of its
 * own.
 *
 * <p>Every case runs with each built-in allocation policy that can store the folio so (the kernel models
 * {@code legacy} and {@code cluster} included), through {@link SwapSpace#forProvider}.
 *
 * <p>Each case runs twice on identical fresh swap spaces: once fault-free, to learn which slot holds the victim
 * page (placement is deterministic), then with that slot's first read corrupted.
 */
class CorruptReadTest {
    private static final int ORDER = 3;
    private static final int PAGES = 1 << ORDER;
    private static final int PAGE = 512;
    private static final long SLOTS = 64;
    /** The partial swap-in: pages 1..6, so that the range starts and ends inside the folio. */
    private static final int PART_FIRST = 1;
    private static final int PART_COUNT = 6;

    /** How the folio ends up stored. */
    enum Layout {
        CONTIGUOUS(FolioOutcome.SWPOUT, false),
        COMPOUND(FolioOutcome.SWPOUT_COMPOUND, true),
        SPLIT(FolioOutcome.SWPOUT_FALLBACK, true);

        final FolioOutcome outcome;
        /** Whether every area is fragmented first, so that no run of the folio's size is free. */
        final boolean fragment;

        Layout(final FolioOutcome outcome, final boolean fragment) {
            this.outcome = outcome;
            this.fragment = fragment;
        }

        /** Returns whether a provider's policy can store a folio so. */
        boolean reachableWith(final AllocatorProvider provider) {
            return this == CONTIGUOUS || (this == COMPOUND) == (provider.folioPolicy() == FolioPolicy.COMPOUND);
        }
    }

    /**
     * Every layout with every built-in allocation policy that reaches it: contiguous with all four, compound
     * with {@code compound}, split with {@code legacy}, {@code cluster} and {@code buddy}.
     */
    static Stream<Arguments> cases() {
        final PolicyRegistry registry = PolicyRegistry.builtIn();
        final List<Arguments> cases = new ArrayList<>();
        for (final Layout layout : Layout.values()) {
            for (final String name : registry.all()) {
                if (layout.reachableWith(registry.provider(name))) {
                    cases.add(Arguments.of(layout, name));
                }
            }
        }
        assertEquals(8, cases.size(), "4 + 1 + 3 cases from the built-in policies " + registry.all());
        return cases.stream();
    }

    /** Two RAM areas of equal priority (so a split folio's pages alternate between them), one folio out. */
    private static final class Setup {
        final SwapSpace space;
        final FaultInjectingDevice[] devices = new FaultInjectingDevice[2];
        final byte[] bytes = Fixtures.folio(ORDER * 31 + 7, ORDER, PAGE);
        final SwappedFolio folio;
        final long pinned;

        Setup(final Layout layout, final String policy, final long corruptEntry) throws IOException {
            final SwapSpace.Builder b = SwapSpace.forProvider(PolicyRegistry.builtIn().provider(policy))
                    .integrity(true);
            for (int t = 0; t < devices.length; t++) {
                final FaultPlan plan = corruptEntry != SwapEntry.NONE && SwapEntry.type(corruptEntry) == t
                        ? FaultPlan.builder().corruptSlotRead(SwapEntry.offset(corruptEntry), PAGE / 3).build()
                        : FaultPlan.NONE;
                devices[t] = new FaultInjectingDevice(CompressedRamDevice.builder(SLOTS).pageSize(PAGE).build(), plan);
                b.addDevice(devices[t], 0, Fixtures.small(SLOTS));
            }
            space = b.build();
            long pins = 0;
            if (layout.fragment) {
                for (int t = 0; t < devices.length; t++) {
                    pins += Fixtures.pinEvery(space.area(t).allocator(), 4).size();
                }
            }
            pinned = pins;
            folio = space.swapOut(ByteBuffer.wrap(bytes), ORDER);
            assertEquals(layout.outcome, folio.outcome(), policy + ": " + folio);
        }

        long[] entries() {
            final long[] e = new long[PAGES];
            for (int p = 0; p < PAGES; p++) {
                e[p] = folio.isSwappedOut(p) ? folio.entry(p) : SwapEntry.NONE;
            }
            return e;
        }

        long[] counts() {
            final long[] c = new long[PAGES];
            for (int p = 0; p < PAGES; p++) {
                c[p] = folio.isSwappedOut(p) ? space.area(SwapEntry.type(folio.entry(p))).counts()
                        .countOf(folio.entry(p)) : 0;
            }
            return c;
        }
    }

    private static int crc(final byte[] folio, final int page) {
        final CRC32C c = new CRC32C();
        c.update(folio, page * PAGE, PAGE);
        return (int) c.getValue();
    }

    /** Checks the layout itself: split pages on both devices, compound in several extents. */
    @ParameterizedTest
    @MethodSource("cases")
    void layout_isTheOneNamed(final Layout layout, final String policy) throws IOException {
        final Setup s = new Setup(layout, policy, SwapEntry.NONE);
        final List<Integer> types = new ArrayList<>();
        for (int p = 0; p < PAGES; p++) {
            types.add(SwapEntry.type(s.folio.entry(p)));
        }
        switch (layout) {
            case CONTIGUOUS -> assertEquals(1, s.folio.extents());
            case COMPOUND -> assertTrue(s.folio.extents() > 1 && !types.contains(1), s.folio.toString());
            case SPLIT -> assertTrue(s.folio.extents() == PAGES && types.contains(0) && types.contains(1),
                    types.toString());
            default -> throw new AssertionError(layout);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void wholeSwapIn_anyPageCorrupted_namesIt_changesNothing_retryReadsRightBytes(final Layout layout,
            final String policy) throws IOException {
        for (int victim = 0; victim < PAGES; victim++) {
            corruptedSwapIn(layout, policy, victim, 0, PAGES);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void partialSwapIn_anyPageOfTheRangeCorrupted_namesIt_changesNothing_retryReadsRightBytes(final Layout layout,
            final String policy) throws IOException {
        for (int victim = PART_FIRST; victim < PART_FIRST + PART_COUNT; victim++) {
            corruptedSwapIn(layout, policy, victim, PART_FIRST, PART_COUNT);
        }
    }

    /**
     * Swaps in {@code [first, first + count)} with the victim page's slot returning one flipped bit: the
     * integrity error, nothing changed, then the retry, then the rest of the folio.
     */
    private static void corruptedSwapIn(final Layout layout, final String policy, final int victim,
            final int first, final int count) throws IOException {
        final String where = policy + " " + layout + ", pages " + first + ".." + (first + count - 1)
                + ", page " + victim + " corrupted";
        final long victimEntry = new Setup(layout, policy, SwapEntry.NONE).folio.entry(victim);
        final Setup s = new Setup(layout, policy, victimEntry);
        final SwapSpace space = s.space;
        final SwappedFolio f = s.folio;
        assertEquals(victimEntry, f.entry(victim), "placement is deterministic: " + where);
        final long[] entries = s.entries();
        final long[] counts = s.counts();
        final long used = Fixtures.used(space);

        final ByteBuffer dst = ByteBuffer.allocate(count * PAGE);
        final SwapIntegrityException e = assertThrows(SwapIntegrityException.class,
                () -> space.swapIn(f, first, count, dst, false), where);
        assertEquals(victim, e.page(), where);
        assertEquals(1, e.pages(), where);
        assertEquals(victimEntry, e.entry(), where);
        assertEquals(Direction.SWAP_IN, e.direction(), where);
        assertEquals(crc(s.bytes, victim), e.expectedCrc(), where);
        assertNotEquals(e.expectedCrc(), e.actualCrc(), where);
        assertTrue(e.getMessage().startsWith("crc32c of swap-in of page " + victim + " from "
                + SwapEntry.toString(victimEntry) + ": 0x"), e.getMessage());
        assertEquals(List.of(SwapEntry.offset(victimEntry)), s.devices[SwapEntry.type(victimEntry)].corruptedSlots(),
                where);

        assertEquals(0, dst.position(), "dst position unchanged: " + where);
        assertArrayEquals(new byte[count * PAGE], dst.array(), "nothing partial returned: " + where);
        assertArrayEquals(entries, s.entries(), "slots unchanged: " + where);
        assertArrayEquals(counts, s.counts(), "swap counts unchanged: " + where);
        assertEquals(PAGES, f.swappedOutPages(), where);
        assertEquals(used, Fixtures.used(space), "nothing freed: " + where);
        Fixtures.audit(space);
        assertEquals(new SwapStats(layout.outcome == FolioOutcome.SWPOUT ? 1 : 0,
                layout.outcome == FolioOutcome.SWPOUT_COMPOUND ? 1 : 0,
                layout.outcome == FolioOutcome.SWPOUT_FALLBACK ? 1 : 0, 0, 0, 0, 1, 1), space.stats(), where);

        space.swapIn(f, first, count, dst, false); // the fault is gone: the same swap-in succeeds
        assertArrayEquals(Fixtures.range(s.bytes, first, count, PAGE), dst.array(), "retry: " + where);
        for (int p = 0; p < PAGES; p++) {
            assertEquals(p < first || p >= first + count, f.isSwappedOut(p), "page " + p + ": " + where);
        }
        for (int p = 0; p < PAGES; p++) { // the rest of the folio, page by page, is intact too
            if (f.isSwappedOut(p)) {
                final ByteBuffer one = ByteBuffer.allocate(PAGE);
                space.swapIn(f, p, 1, one, false);
                assertArrayEquals(Fixtures.range(s.bytes, p, 1, PAGE), one.array(), "page " + p + ": " + where);
            }
        }
        assertFalse(f.isSwappedOut(), where);
        assertEquals(s.pinned, Fixtures.used(space), "no slot leaked: " + where);
        assertEquals(1, space.stats().integrityErrors(), where);
        assertEquals(Arrays.asList(1L, 0L), Arrays.asList(
                s.devices[SwapEntry.type(victimEntry)].injectedFailures(),
                s.devices[1 - SwapEntry.type(victimEntry)].injectedFailures()), "the one fault fired once: " + where);
        Fixtures.audit(space);
    }
}

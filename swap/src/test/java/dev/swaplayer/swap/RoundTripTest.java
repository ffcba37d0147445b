package dev.swaplayer.swap;

import static dev.swaplayer.swap.Fixtures.P;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.FolioOutcome;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.swap.Fixtures.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Byte-exact round trips for every placement, on every device kind.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own swap space, over a device in its own
 * temporary directory where the kind needs one.
 */
class RoundTripTest {
    private static final int SLOTS = 128;

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        final List<Arguments> list = new ArrayList<>();
        for (final Kind kind : Kind.values()) {
            for (final FolioFallback policy : FolioFallback.values()) {
                for (final boolean fragmented : new boolean[] {false, true}) {
                    for (final boolean integrity : new boolean[] {false, true}) {
                        list.add(Arguments.of(kind, policy, fragmented, integrity));
                    }
                }
            }
        }
        return list.stream();
    }

    /** What each order should get: pinning every 4th slot leaves free runs of 3, so orders 0 and 1 only fit. */
    private static FolioOutcome expected(final FolioFallback policy, final boolean fragmented, final int order) {
        if (!fragmented || order <= 1) {
            return FolioOutcome.SWPOUT;
        }
        return switch (policy) {
            case CONTIGUOUS -> FolioOutcome.FAILED;
            case COMPOUND -> FolioOutcome.SWPOUT_COMPOUND;
            case SPLIT -> FolioOutcome.SWPOUT_FALLBACK;
        };
    }

    @ParameterizedTest(name = "{0} {1} fragmented={2} integrity={3}")
    @MethodSource("cases")
    void swapOutThenIn_anyPlacement_returnsEveryByteAndFreesEverySlot(final Kind kind, final FolioFallback policy,
            final boolean fragmented, final boolean integrity) throws IOException {
        final SwapSpace s = SwapSpace.builder(policy).integrity(integrity)
                .addDevice(kind.create(dir, "swap0", SLOTS), 0, Fixtures.small(SLOTS)).build();
        final BuddyAllocator a = (BuddyAllocator) s.area(0).allocator();
        final int pinned = fragmented ? Fixtures.pinEvery(a, 4).size() : 0;
        final List<SwappedFolio> folios = new ArrayList<>();
        final List<byte[]> contents = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            final int order = i % 4;
            final byte[] bytes = Fixtures.folio(i, order, P);
            final ByteBuffer src = ByteBuffer.wrap(bytes);
            final long writesBefore = Fixtures.writes(s);
            final SwappedFolio f = s.swapOut(src, order);
            final FolioOutcome want = expected(policy, fragmented, order);
            if (want == FolioOutcome.FAILED) {
                assertSame(SwappedFolio.NOT_SWAPPED, f, "order " + order);
                assertEquals(writesBefore, Fixtures.writes(s), "nothing written");
                continue;
            }
            assertEquals(want, f.outcome(), "order " + order + ": " + f);
            assertEquals(0, src.position(), "src untouched");
            assertEquals(f.pages(), Fixtures.writes(s) - writesBefore, "one page write per page, no more: " + f);
            checkExtents(a, f);
            folios.add(f);
            contents.add(bytes);
        }
        assertEquals(pinned + folios.stream().mapToInt(SwappedFolio::pages).sum(), a.usedSlots());
        for (int i = folios.size() - 1; i >= 0; i--) { // swap in out of order
            assertArrayEquals(contents.get(i), Fixtures.swapInAll(s, folios.get(i)), folios.get(i).toString());
            assertTrue(!folios.get(i).isSwappedOut());
        }
        assertEquals(pinned, a.usedSlots(), "every slot freed");
        assertEquals(0, a.descriptorCount(), "every descriptor retired");
        s.checkConsistency();
    }

    /** Every extent is a run of consecutive slots on one device; compound extents are the descriptor's. */
    private static void checkExtents(final BuddyAllocator a, final SwappedFolio f) {
        for (int e = 0; e < f.extents(); e++) {
            final int first = f.extentFirstPage(e);
            final int end = e + 1 < f.extents() ? f.extentFirstPage(e + 1) : f.pages();
            for (int p = first + 1; p < end; p++) {
                assertEquals(f.entry(p - 1) + 1, f.entry(p), "page " + p + " of extent " + e + " of " + f);
            }
            if (e > 0 && f.outcome() != FolioOutcome.SWPOUT_FALLBACK) {
                assertNotEquals(f.entry(first - 1) + 1, f.entry(first), "extents " + (e - 1) + " and " + e
                        + " of " + f + " could have been one");
            }
        }
        switch (f.outcome()) {
            case SWPOUT -> {
                assertEquals(1, f.extents());
                assertEquals(f.handle(), f.entry(0));
            }
            case SWPOUT_COMPOUND -> {
                assertTrue(SwapEntry.isCompound(f.handle()));
                assertEquals(a.extents(f.handle(), f.order()), f.extents());
                assertTrue(f.extents() > 1);
            }
            case SWPOUT_FALLBACK -> {
                assertEquals(SwapEntry.NONE, f.handle());
                assertEquals(f.pages(), f.extents());
            }
            default -> throw new AssertionError(f.toString());
        }
    }
}

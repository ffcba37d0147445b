package dev.swaplayer.swap;

import static dev.swaplayer.swap.Fixtures.P;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.device.CompressedRamDevice;
import dev.swaplayer.device.FileSwapDevice;
import dev.swaplayer.device.SwapDevice;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Caller misuse: the message shape {@code what: value (expected: ...)}, and nothing changes.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own swap spaces, over swap files in its own
 * temporary directory where it needs them.
 */
class MisuseTest {
    @TempDir
    Path dir;

    private static SwapSpace space() {
        return SwapSpace.builder(FolioFallback.SPLIT).addDevice(CompressedRamDevice.builder(64).build(), 0).build();
    }

    private static String iae(final Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    private static String ise(final Executable call) {
        return assertThrows(IllegalStateException.class, call).getMessage();
    }

    @Test
    void swapOut_badOrderOrBuffer_throwsAndTakesNothing() {
        final SwapSpace s = space();
        assertEquals("order: -1 (expected: 0..16)", iae(() -> s.swapOut(ByteBuffer.allocate(P), -1)));
        assertEquals("order: 17 (expected: 0..16)", iae(() -> s.swapOut(ByteBuffer.allocate(P), 17)));
        assertEquals("src.remaining(): 4096 (expected: 8192 (2 pages of 4096 bytes))",
                iae(() -> s.swapOut(ByteBuffer.allocate(P), 1)));
        assertEquals("src: null (expected: a buffer of 4096 bytes)", iae(() -> s.swapOut(null, 0)));
        assertEquals(0, Fixtures.used(s));
    }

    @Test
    void swapIn_foreignOrSentinelHandle_throws() throws IOException {
        final SwapSpace s = space();
        final SwapSpace other = space();
        final SwappedFolio theirs = other.swapOut(ByteBuffer.allocate(P), 0);
        assertEquals("folio: SwappedFolio(order 0, SWPOUT swp(0:0x1), 1 extent, 1/1 pages swapped out) (expected: a"
                + " handle this swap space returned from swapOut)",
                iae(() -> s.swapIn(theirs, ByteBuffer.allocate(P))));
        assertEquals("folio: SwappedFolio(NOT_SWAPPED) (expected: a handle this swap space returned from swapOut)",
                iae(() -> s.put(SwappedFolio.NOT_SWAPPED, 0, 1)));
        assertEquals("folio: null (expected: a handle this swap space returned from swapOut)",
                iae(() -> s.dup(null)));
        assertEquals(1, theirs.swappedOutPages());
    }

    @Test
    void swapIn_badRangeOrBuffer_throwsAndChangesNothing() throws IOException {
        final SwapSpace s = space();
        final SwappedFolio f = s.swapOut(ByteBuffer.allocate(4 * P), 2);
        assertEquals("firstPage: 4 (expected: 0..3)", iae(() -> s.swapIn(f, 4, 1, ByteBuffer.allocate(P), false)));
        assertEquals("count: 3 (expected: 1..2)", iae(() -> s.swapIn(f, 2, 3, ByteBuffer.allocate(3 * P), false)));
        assertEquals("count: 0 (expected: 1..4)", iae(() -> s.put(f, 0, 0)));
        assertEquals("dst.remaining(): 4096 (expected: 8192 (2 pages of 4096 bytes))",
                iae(() -> s.swapIn(f, 0, 2, ByteBuffer.allocate(P), false)));
        assertEquals("dst: read-only (expected: a writable buffer)",
                iae(() -> s.swapIn(f, 0, 1, ByteBuffer.allocate(P).asReadOnlyBuffer(), false)));
        assertEquals(4, f.swappedOutPages());
        assertEquals(4, Fixtures.used(s));
    }

    @Test
    void pageNoLongerSwappedOut_swapInPutFreeEntry_throwIllegalState() throws IOException {
        final SwapSpace s = space();
        final SwappedFolio f = s.swapOut(ByteBuffer.allocate(4 * P), 2);
        s.swapIn(f, 1, 1, ByteBuffer.allocate(P), false);
        final String page1 = "page 1 of SwappedFolio(order 2, SWPOUT swp(0:0x4), 1 extent, 3/4 pages swapped out):"
                + " freed (swapped in or put) (expected: swapped out)";
        assertEquals(page1, ise(() -> s.swapIn(f, 0, 2, ByteBuffer.allocate(2 * P), false)));
        assertEquals(page1, ise(() -> s.put(f, 1, 1)));
        assertEquals(page1, ise(() -> f.entry(1)));
        assertEquals(3, s.free(f));
        assertEquals("folio: SwappedFolio(order 2, SWPOUT swp(0:0x4), 1 extent, 0/4 pages swapped out) (expected: at"
                + " least one page swapped out)", ise(() -> s.free(f)));
        assertEquals("folio: SwappedFolio(order 2, SWPOUT swp(0:0x4), 1 extent, 0/4 pages swapped out) (expected: at"
                + " least one page swapped out)", ise(() -> s.dup(f)));
        assertEquals(0, Fixtures.used(s));
    }

    @Test
    void builder_devicesThatDoNotFit_throw() throws IOException {
        final SwapDevice ram = CompressedRamDevice.builder(64).build();
        assertEquals("areas: 0 (expected: at least one device added)",
                ise(() -> SwapSpace.builder(FolioFallback.SPLIT).build()));
        assertEquals("policy: null (expected: one of [CONTIGUOUS, COMPOUND, SPLIT])",
                iae(() -> SwapSpace.builder(null)));
        assertEquals("geometry.totalSlots: 65 (expected: <= 64, the device's capacity)",
                iae(() -> SwapSpace.builder(FolioFallback.SPLIT).addDevice(ram, 0, Geometry.builder(65).build())));
        assertEquals("geometry.minOrder: 1 (expected: 0: the swap path frees page by page)",
                iae(() -> SwapSpace.builder(FolioFallback.SPLIT).addDevice(ram, 0,
                        Geometry.builder(64).minOrder(1).build())));
        assertEquals("device.pageSize: 512 (expected: 4096, the page size of the first device)",
                iae(() -> SwapSpace.builder(FolioFallback.SPLIT).addDevice(ram, 0)
                        .addDevice(CompressedRamDevice.builder(64).pageSize(512).build(), 0)));
        assertEquals("device: " + ram + " (expected: a device not added yet (area 0))",
                iae(() -> SwapSpace.builder(FolioFallback.SPLIT).addDevice(ram, 0).addDevice(ram, 1)));
        final SwapSpace.Builder full = SwapSpace.builder(FolioFallback.SPLIT);
        for (int i = 0; i < SwapSpace.MAX_AREAS; i++) {
            full.addDevice(CompressedRamDevice.builder(2).build(), 0);
        }
        assertEquals("areas: 33 (expected: at most 32, one per swap type)",
                iae(() -> full.addDevice(ram, 0)));
        final SwapDevice withBad = FileSwapDevice.create(dir.resolve("bad"), 64, "bad", null, 9);
        assertEquals("geometry.badSlots: [] (expected: to include the device's bad slot 9)",
                iae(() -> SwapSpace.builder(FolioFallback.SPLIT).addDevice(withBad, 0, Geometry.builder(64).build())));
    }

    @Test
    void badSlotsOfTheDevice_neverUsed() throws IOException {
        final SwapDevice withBad = FileSwapDevice.create(dir.resolve("bad"), 8, "bad", null, 2, 5);
        final SwapSpace s = SwapSpace.builder(FolioFallback.SPLIT).addDevice(withBad, 0).build();
        final List<SwappedFolio> all = new ArrayList<>();
        for (SwappedFolio f = s.swapOut(ByteBuffer.allocate(P), 0); f != SwappedFolio.NOT_SWAPPED;
                f = s.swapOut(ByteBuffer.allocate(P), 0)) {
            all.add(f);
        }
        assertEquals(5, all.size(), "slots 1, 3, 4, 6, 7");
        for (final SwappedFolio f : all) {
            final long slot = SwapEntry.offset(f.entry(0));
            assertTrue(slot != 2 && slot != 5, "slot " + slot);
        }
    }
}

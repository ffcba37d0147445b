package dev.swaplayer.swap;

import static dev.swaplayer.swap.Fixtures.P;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.FolioOutcome;
import dev.swaplayer.device.CompressedRamDevice;
import dev.swaplayer.device.FaultInjectingDevice;
import dev.swaplayer.device.FaultPlan;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.swap.SwapIoException.Direction;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/**
 * Single device failures at chosen positions: what is released, kept and reported.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own swap space over devices of its own.
 */
class DeviceFailureTest {
    private static final int ORDER = 3;

    private static FaultInjectingDevice faulty(final FaultPlan plan) {
        return new FaultInjectingDevice(CompressedRamDevice.builder(64).build(), plan);
    }

    @Test
    void swapOut_contiguous_isOneDeviceWrite_whoseFailureReleasesAllAndNamesTheRun() throws IOException {
        final SwapSpace s = SwapSpace.builder(FolioFallback.CONTIGUOUS)
                .addDevice(faulty(FaultPlan.builder().failWrite(1).build()), 0, Fixtures.small(64)).build();
        final byte[] bytes = Fixtures.folio(1, ORDER, P);
        final ByteBuffer src = ByteBuffer.wrap(bytes);
        final SwapIoException e = assertThrows(SwapIoException.class, () -> s.swapOut(src, ORDER));
        assertEquals(0, e.page(), "the run starts at the folio's first page");
        assertEquals(1 << ORDER, e.pages(), "one run for the whole extent");
        assertEquals(0, SwapEntry.offset(e.entry()) % (1 << ORDER), "a naturally aligned run");
        assertEquals(Direction.SWAP_OUT, e.direction());
        assertTrue(e.getMessage().startsWith("swap-out of pages 0..7 to "), e.getMessage());
        assertTrue(e.getMessage().contains("injected: write #1 failed"), e.getMessage());
        assertEquals(0, Fixtures.used(s), "no slot leaked");
        assertArrayEquals(Fixtures.folio(1, ORDER, P), bytes, "the folio is intact");
        assertEquals(0, src.position());
        assertEquals(1, s.stats().swapOutErrors());
        final FaultInjectingDevice d = (FaultInjectingDevice) s.area(0).device();
        assertEquals(1, d.ioAttempts(), "one attempt for eight pages");
        // the same folio goes out again once the device behaves: one write, then one read
        final SwappedFolio f = s.swapOut(src, ORDER);
        assertEquals(2, d.attempts(FaultPlan.Op.WRITE));
        assertArrayEquals(bytes, Fixtures.swapInAll(s, f));
        assertEquals(1, d.attempts(FaultPlan.Op.READ));
        assertEquals(8, d.stats().writes(), "pages written");
        s.checkConsistency();
    }

    @Test
    void swapOut_writeFailsInSecondExtent_compound_releasesEveryExtent() throws IOException {
        final SwapSpace s = SwapSpace.builder(FolioFallback.COMPOUND)
                .addDevice(faulty(FaultPlan.builder().failWrite(2).build()), 0, Fixtures.small(64)).build();
        final int pinned = Fixtures.pinEvery(s.area(0).allocator(), 4).size();
        final ByteBuffer src = ByteBuffer.wrap(Fixtures.folio(1, ORDER, P));
        final SwapIoException e = assertThrows(SwapIoException.class, () -> s.swapOut(src, ORDER));
        assertEquals(3, e.page(), "extents of 3: the second write is the second extent, pages 3..5");
        assertEquals(3, e.pages());
        assertEquals(pinned, Fixtures.used(s));
        assertEquals(0, ((BuddyAllocator) s.area(0).allocator()).descriptorCount(),
                "the descriptor went with its slots");
        assertEquals(2, ((FaultInjectingDevice) s.area(0).device()).ioAttempts(), "nothing after the failure");
        s.checkConsistency();
    }

    @Test
    void swapOut_tornWrite_releasesAll() {
        final SwapSpace s = SwapSpace.builder(FolioFallback.SPLIT)
                .addDevice(faulty(FaultPlan.builder().tearWrite(1, 100).build()), 0).build();
        final ByteBuffer src = ByteBuffer.wrap(Fixtures.folio(1, 1, P));
        final SwapIoException e = assertThrows(SwapIoException.class, () -> s.swapOut(src, 1));
        assertTrue(e.getMessage().contains("torn after 100"), e.getMessage());
        assertEquals(0, Fixtures.used(s));
    }

    @Test
    void swapOut_splitAcrossDevices_writeFailsOnSecond_releasesSlotsOnBoth() {
        final SwapSpace s = SwapSpace.builder(FolioFallback.SPLIT)
                .addDevice(faulty(FaultPlan.NONE), 0, Fixtures.small(64))
                .addDevice(faulty(FaultPlan.builder().failWrite(3).build()), 0, Fixtures.small(64)).build();
        final long pinned = (long) Fixtures.pinEvery(s.area(0).allocator(), 2).size()
                + Fixtures.pinEvery(s.area(1).allocator(), 2).size();
        final ByteBuffer src = ByteBuffer.wrap(Fixtures.folio(1, ORDER, P));
        final SwapIoException e = assertThrows(SwapIoException.class, () -> s.swapOut(src, ORDER));
        assertEquals(5, e.page(), "pages alternate devices: device 1's third write is page 5");
        assertEquals(1, SwapEntry.type(e.entry()));
        assertEquals(pinned, Fixtures.used(s));
        s.checkConsistency();
    }

    @Test
    void swapIn_readFails_keepsSlotsAndCounts_zeroesDst_retrySucceeds() throws IOException {
        final SwapSpace s = SwapSpace.builder(FolioFallback.COMPOUND).integrity(true)
                .addDevice(faulty(FaultPlan.builder().failRead(1).build()), 0, Fixtures.small(64)).build();
        final byte[] bytes = Fixtures.folio(9, ORDER, P);
        final SwappedFolio f = s.swapOut(ByteBuffer.wrap(bytes), ORDER);
        assertEquals(FolioOutcome.SWPOUT, f.outcome());
        final ByteBuffer dst = ByteBuffer.allocate(f.pages() * P);
        dst.put(0, (byte) 42);
        final SwapIoException e = assertThrows(SwapIoException.class, () -> s.swapIn(f, 0, f.pages(), dst, false));
        assertEquals(0, e.page(), "the one run of the contiguous folio");
        assertEquals(8, e.pages());
        assertInstanceOf(IOException.class, e.getCause());
        assertEquals(0, dst.position());
        assertArrayEquals(new byte[dst.capacity()], dst.array(), "nothing partial returned: the range is zeroed");
        assertEquals(8, f.swappedOutPages());
        assertEquals(8, Fixtures.used(s));
        for (int p = 0; p < f.pages(); p++) {
            assertEquals(1, s.area(0).counts().countOf(f.entry(p)));
        }
        s.swapIn(f, 0, f.pages(), dst, false);
        assertArrayEquals(bytes, dst.array());
        assertEquals(0, Fixtures.used(s));
        assertEquals(1, s.stats().swapInErrors());
        assertEquals(0, s.stats().integrityErrors());
    }
}

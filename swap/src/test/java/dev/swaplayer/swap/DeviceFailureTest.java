package dev.swaplayer.swap;

import static dev.swaplayer.swap.Fixtures.P;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.FolioOutcome;
import dev.swaplayer.device.CompressedRamDevice;
import dev.swaplayer.device.FaultInjectingDevice;
import dev.swaplayer.device.FaultPlan;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.swap.SwapIoException.Direction;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

/** Single device failures at chosen positions: what is released, kept and reported. */
class DeviceFailureTest {
    private static final int ORDER = 3;

    private static FaultInjectingDevice faulty(final FaultPlan plan) {
        return new FaultInjectingDevice(CompressedRamDevice.builder(64).build(), plan);
    }

    @Test
    void swapOut_writeFailsAtEachPage_contiguous_releasesAllAndNamesThatPage() throws IOException {
        long extentStart = -1;
        for (int k = 1; k <= 1 << ORDER; k++) {
            final SwapSpace s = SwapSpace.builder(SwapPolicy.CONTIGUOUS)
                    .addDevice(faulty(FaultPlan.builder().failWrite(k).build()), 0, Fixtures.small(64)).build();
            final byte[] bytes = Fixtures.folio(k, ORDER, P);
            final ByteBuffer src = ByteBuffer.wrap(bytes);
            final SwapIoException e = assertThrows(SwapIoException.class, () -> s.swapOut(src, ORDER));
            assertEquals(k - 1, e.page(), "pages are written in logical order");
            if (k == 1) {
                extentStart = SwapEntry.offset(e.entry());
                assertEquals(0, extentStart % (1 << ORDER), "a naturally aligned run");
            }
            assertEquals(SwapEntry.of(0, extentStart + k - 1), e.entry(), "to ascending slots of the extent");
            assertEquals(Direction.SWAP_OUT, e.direction());
            assertTrue(e.getMessage().contains("injected: write #" + k + " failed"), e.getMessage());
            assertEquals(0, Fixtures.used(s), "no slot leaked");
            assertArrayEquals(Fixtures.folio(k, ORDER, P), bytes, "the folio is intact");
            assertEquals(0, src.position());
            assertEquals(1, s.stats().swapOutErrors());
            final FaultInjectingDevice d = (FaultInjectingDevice) s.area(0).device();
            assertEquals(k, d.ioAttempts(), "nothing written after the failure");
            // the same folio goes out again once the device behaves
            final SwappedFolio f = s.swapOut(src, ORDER);
            assertArrayEquals(bytes, Fixtures.swapInAll(s, f));
            s.checkConsistency();
        }
    }

    @Test
    void swapOut_writeFailsInSecondExtent_compound_releasesEveryExtent() throws IOException {
        final SwapSpace s = SwapSpace.builder(SwapPolicy.COMPOUND)
                .addDevice(faulty(FaultPlan.builder().failWrite(5).build()), 0, Fixtures.small(64)).build();
        final int pinned = Fixtures.pinEvery(s.area(0).allocator(), 4).size();
        final ByteBuffer src = ByteBuffer.wrap(Fixtures.folio(1, ORDER, P));
        final SwapIoException e = assertThrows(SwapIoException.class, () -> s.swapOut(src, ORDER));
        assertEquals(4, e.page(), "extents of 3: page 4 is the second page of the second extent");
        assertEquals(pinned, Fixtures.used(s));
        assertEquals(0, s.area(0).allocator().descriptorCount(), "the descriptor went with its slots");
        s.checkConsistency();
    }

    @Test
    void swapOut_tornWrite_releasesAll() {
        final SwapSpace s = SwapSpace.builder(SwapPolicy.SPLIT)
                .addDevice(faulty(FaultPlan.builder().tearWrite(2, 100).build()), 0).build();
        final ByteBuffer src = ByteBuffer.wrap(Fixtures.folio(1, 1, P));
        final SwapIoException e = assertThrows(SwapIoException.class, () -> s.swapOut(src, 1));
        assertTrue(e.getMessage().contains("torn after 100"), e.getMessage());
        assertEquals(0, Fixtures.used(s));
    }

    @Test
    void swapOut_splitAcrossDevices_writeFailsOnSecond_releasesSlotsOnBoth() {
        final SwapSpace s = SwapSpace.builder(SwapPolicy.SPLIT)
                .addDevice(faulty(FaultPlan.NONE), 0, Fixtures.small(64))
                .addDevice(faulty(FaultPlan.builder().failWrite(3).build()), 0, Fixtures.small(64)).build();
        final long pinned = Fixtures.pinEvery(s.area(0).allocator(), 2).size()
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
        final SwapSpace s = SwapSpace.builder(SwapPolicy.COMPOUND).integrity(true)
                .addDevice(faulty(FaultPlan.builder().failRead(6).build()), 0, Fixtures.small(64)).build();
        final byte[] bytes = Fixtures.folio(9, ORDER, P);
        final SwappedFolio f = s.swapOut(ByteBuffer.wrap(bytes), ORDER);
        assertEquals(FolioOutcome.SWPOUT, f.outcome());
        final ByteBuffer dst = ByteBuffer.allocate(f.pages() * P);
        dst.put(0, (byte) 42);
        final SwapIoException e = assertThrows(SwapIoException.class, () -> s.swapIn(f, 0, f.pages(), dst, false));
        assertEquals(5, e.page());
        assertInstanceOf(IOException.class, e.getCause());
        assertEquals(0, dst.position());
        assertArrayEquals(new byte[dst.capacity()], dst.array(), "the pages read before the failure are gone");
        assertEquals(8, f.swappedOutPages());
        assertEquals(8, Fixtures.used(s));
        for (int p = 0; p < f.pages(); p++) {
            assertEquals(1, s.area(0).allocator().countOf(f.entry(p)));
        }
        s.swapIn(f, 0, f.pages(), dst, false);
        assertArrayEquals(bytes, dst.array());
        assertEquals(0, Fixtures.used(s));
        assertEquals(1, s.stats().swapInErrors());
        assertEquals(0, s.stats().integrityErrors());
    }
}

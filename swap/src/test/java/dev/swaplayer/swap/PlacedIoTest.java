package dev.swaplayer.swap;

import static dev.swaplayer.swap.Fixtures.P;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.device.CompressedRamDevice;
import dev.swaplayer.device.FaultInjectingDevice;
import dev.swaplayer.device.FaultPlan;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.swap.SwapIoException.Direction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@link SwapSpace#writeAt} and {@link SwapSpace#readAt}: pages at slots the caller placed, in device runs.
 *
 * <p>Thread safety: each test runs on JUnit's one thread on its own instance, whose fields hold that test's swap space
 * and device.
 */
class PlacedIoTest {
    private FaultInjectingDevice dev0;
    private SwapSpace s;

    private void build(final FaultPlan plan) {
        dev0 = new FaultInjectingDevice(CompressedRamDevice.builder(64).build(), plan);
        s = SwapSpace.builder(FolioFallback.SPLIT).addDevice(dev0, 0, Fixtures.small(64))
                .addDevice(CompressedRamDevice.builder(64).build(), 0, Fixtures.small(64)).build();
    }

    /** A run of 4 on area 0, one slot on area 1, then one more slot on area 0 that is not consecutive. */
    private long[] place() {
        final BuddyAllocator a0 = (BuddyAllocator) s.area(0).allocator();
        final long run = a0.allocate(2);
        final long other = s.area(1).allocator().allocate(0);
        a0.allocate(0); // a gap
        final long last = a0.allocate(0);
        return new long[] {run, SwapEntry.plus(run, 1), SwapEntry.plus(run, 2), SwapEntry.plus(run, 3), other, last};
    }

    @Test
    void writeThenRead_oneDeviceOperationPerRunOfConsecutiveSlots() throws IOException {
        build(FaultPlan.NONE);
        final long[] e = place();
        final byte[] bytes = Fixtures.folio(4, 3, P);
        final long used = Fixtures.used(s);
        assertEquals(3, s.writeAt(e, 6, ByteBuffer.wrap(bytes, 0, 6 * P)), "runs: 4 pages, 1, 1");
        assertEquals(2, dev0.attempts(FaultPlan.Op.WRITE), "area 0: one run of 4 pages, one of 1");
        final ByteBuffer dst = ByteBuffer.allocate(7 * P).position(P);
        assertEquals(3, s.readAt(e, 6, dst));
        assertEquals(7 * P, dst.position());
        assertArrayEquals(Fixtures.range(bytes, 0, 6, P), Arrays.copyOfRange(dst.array(), P, 7 * P));
        assertEquals(used, Fixtures.used(s), "no slot changed");
        assertEquals(new SwapStats(0, 0, 0, 0, 0, 0, 0, 0), s.stats(), "no statistic changed");
    }

    @Test
    void failedRun_namesTheIndexOfItsFirstEntry_andReadZeroFills() throws IOException {
        build(FaultPlan.builder().failWrite(2).failRead(3).build());
        final long[] e = place();
        final byte[] bytes = Fixtures.folio(5, 3, P);
        s.writeAt(e, 4, ByteBuffer.wrap(bytes, 0, 4 * P)); // write #1
        final SwapIoException w = assertThrows(SwapIoException.class,
                () -> s.writeAt(new long[] {e[5]}, 1, ByteBuffer.wrap(bytes, 0, P))); // write #2
        assertEquals(Direction.SWAP_OUT, w.direction());
        assertEquals("write of entry 0 at " + SwapEntry.toString(e[5]) + " failed: injected: write #2 failed; the "
                + "caller's slots are unchanged", w.getMessage());
        s.readAt(e, 4, ByteBuffer.allocate(4 * P)); // read #1
        s.readAt(e, 4, ByteBuffer.allocate(4 * P)); // read #2
        final ByteBuffer dst = ByteBuffer.wrap(bytes.clone(), 0, 4 * P);
        final SwapIoException r = assertThrows(SwapIoException.class, () -> s.readAt(e, 4, dst)); // read #3
        assertEquals(0, r.page());
        assertEquals(4, r.pages());
        assertEquals(e[0], r.entry());
        assertEquals(0, dst.position());
        assertArrayEquals(new byte[4 * P], Arrays.copyOf(dst.array(), 4 * P), "nothing partial returned");
    }

    @Test
    void misuse_isRefused() {
        build(FaultPlan.NONE);
        final long[] e = place();
        final ByteBuffer page = ByteBuffer.allocate(P);
        assertEquals("slot of entries[0] " + SwapEntry.toString(SwapEntry.of(0, 40)) + ": free (expected: in use)",
                assertThrows(IllegalStateException.class, () -> s.writeAt(new long[] {SwapEntry.of(0, 40)}, 1, page))
                        .getMessage());
        assertEquals("entries[0]: " + SwapEntry.toString(SwapEntry.of(2, 1)) + " (expected: a slot entry of area 0..1)",
                assertThrows(IllegalArgumentException.class, () -> s.readAt(new long[] {SwapEntry.of(2, 1)}, 1, page))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> s.writeAt(e, 0, page));
        assertThrows(IllegalArgumentException.class, () -> s.writeAt(e, 7, page));
        assertThrows(IllegalArgumentException.class, () -> s.writeAt(e, 2, page), "buffer of one page for two");
        assertThrows(IllegalArgumentException.class, () -> s.readAt(e, 1, page.asReadOnlyBuffer()));
        assertThrows(IllegalArgumentException.class, () -> s.writeAt(null, 1, page));
    }
}

package dev.swaplayer.swap;

import static dev.swaplayer.swap.Fixtures.P;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.device.CompressedRamDevice;
import dev.swaplayer.device.SwapDevice;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.swap.SwapIoException.Direction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Integrity mode: a page changed underneath the swap layer is an error, never silently wrong data.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own swap space, over a swap file in its own
 * temporary directory where it needs one.
 */
class IntegrityTest {
    private static final int ORDER = 3;

    @TempDir
    Path dir;

    /** Flips one byte of a slot directly in the swap file, behind the device's back. */
    private void corruptFile(final String name, final long slot, final int byteInPage) throws IOException {
        try (FileChannel ch = FileChannel.open(dir.resolve(name), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            final ByteBuffer b = ByteBuffer.allocate(1);
            final long pos = slot * P + byteInPage;
            ch.read(b, pos);
            b.put(0, (byte) ~b.get(0)).rewind();
            ch.write(b, pos);
        }
    }

    private static int crc(final byte[] bytes, final int page) {
        final CRC32C c = new CRC32C();
        c.update(bytes, page * P, P);
        return (int) c.getValue();
    }

    @Test
    void swapIn_pageFlippedInSwapFile_throwsNamingPageAndSlot_stateUnchanged() throws IOException {
        final SwapSpace s = SwapSpace.builder(FolioFallback.SPLIT).integrity(true)
                .addDevice(Fixtures.file(dir, "swap0", 64), 0).build();
        final byte[] bytes = Fixtures.folio(1, ORDER, P);
        final SwappedFolio f = s.swapOut(ByteBuffer.wrap(bytes), ORDER);
        final long slot = SwapEntry.offset(f.entry(5));
        corruptFile("swap0", slot, 1000);
        final long used = Fixtures.used(s);

        final ByteBuffer dst = ByteBuffer.allocate(f.pages() * P);
        final SwapIntegrityException e = assertThrows(SwapIntegrityException.class, () -> s.swapIn(f, dst));
        assertEquals(5, e.page());
        assertEquals(f.entry(5), e.entry());
        assertEquals(Direction.SWAP_IN, e.direction());
        assertEquals(crc(bytes, 5), e.expectedCrc());
        assertNotEquals(e.expectedCrc(), e.actualCrc());
        assertTrue(e.getMessage().startsWith("crc32c of swap-in of page 5 from " + SwapEntry.toString(f.entry(5))
                + ": 0x"), e.getMessage());
        assertTrue(e.getMessage().contains("(expected: " + String.format("0x%08x", crc(bytes, 5))), e.getMessage());

        assertEquals(0, dst.position(), "position unchanged");
        assertArrayEquals(new byte[f.pages() * P], dst.array(), "nothing partial returned: the range is zeroed");
        assertEquals(8, f.swappedOutPages());
        assertEquals(used, Fixtures.used(s));
        for (int p = 0; p < f.pages(); p++) {
            assertEquals(1, s.area(0).counts().countOf(f.entry(p)), "count of page " + p);
        }
        assertEquals(1, s.stats().integrityErrors());

        final ByteBuffer firstFive = ByteBuffer.allocate(5 * P);
        s.swapIn(f, 0, 5, firstFive, false); // the pages before the bad one still read
        assertArrayEquals(Fixtures.range(bytes, 0, 5, P), firstFive.array());

        corruptFile("swap0", slot, 1000); // flip it back: the retry succeeds
        final ByteBuffer rest = ByteBuffer.allocate(3 * P);
        s.swapIn(f, 5, 3, rest, false);
        assertArrayEquals(Fixtures.range(bytes, 5, 3, P), rest.array());
        assertFalse(f.isSwappedOut());
    }

    @Test
    void swapIn_pageOverwrittenOnRamDevice_compoundFolio_throws() throws IOException {
        final CompressedRamDevice ram = CompressedRamDevice.builder(64).build();
        final SwapSpace s = SwapSpace.builder(FolioFallback.COMPOUND).integrity(true)
                .addDevice(ram, 0, Fixtures.small(64)).build();
        Fixtures.pinEvery(s.area(0).allocator(), 4);
        final byte[] bytes = Fixtures.folio(2, ORDER, P);
        final SwappedFolio f = s.swapOut(ByteBuffer.wrap(bytes), ORDER);
        final int victim = f.extentFirstPage(1);
        final byte[] garbage = Fixtures.range(bytes, victim, 1, P);
        garbage[P - 1] ^= 1;
        ram.write(SwapEntry.offset(f.entry(victim)), ByteBuffer.wrap(garbage));

        final ByteBuffer dst = ByteBuffer.allocate(f.pages() * P);
        final SwapIntegrityException e = assertThrows(SwapIntegrityException.class,
                () -> s.swapIn(f, 0, f.pages(), dst, false));
        assertEquals(victim, e.page());
        assertEquals(8, f.swappedOutPages());

        ram.write(SwapEntry.offset(f.entry(victim)), ByteBuffer.wrap(Fixtures.range(bytes, victim, 1, P)));
        assertArrayEquals(bytes, Fixtures.swapInAll(s, f));
    }

    @Test
    void swapIn_withoutIntegrity_corruptionPassesThrough() throws IOException {
        final SwapDevice ram = CompressedRamDevice.builder(64).build();
        final SwapSpace s = SwapSpace.builder(FolioFallback.SPLIT).addDevice(ram, 0).build();
        final byte[] bytes = Fixtures.folio(3, 0, P);
        final SwappedFolio f = s.swapOut(ByteBuffer.wrap(bytes), 0);
        final byte[] garbage = bytes.clone();
        garbage[0] ^= 1;
        ram.write(SwapEntry.offset(f.entry(0)), ByteBuffer.wrap(garbage));
        assertArrayEquals(garbage, Fixtures.swapInAll(s, f), "without integrity mode the layer cannot tell");
        assertNull(assertThrows(IllegalStateException.class, () -> f.entry(0)).getCause());
    }
}

package dev.swaplayer.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.device.header.SwapHeader;
import dev.swaplayer.device.header.SwapHeaderException;
import dev.swaplayer.device.header.SwapHeaderException.Problem;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link FileSwapDevice}: create and open, the header and the file's layout on disk, bad slots, and the files that open
 * refuses.
 *
 * <p>Thread safety: each test runs on JUnit's one thread in its own temporary directory.
 */
class FileSwapDeviceTest {
    private static final int P = 4096;
    private static final UUID ID = UUID.fromString("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9");

    @TempDir
    Path dir;

    @Test
    void create_thenOpen_readsBackTheHeader() throws IOException {
        final Path f = dir.resolve("a.swap");
        try (FileSwapDevice d = FileSwapDevice.create(f, 1024, "swaplayer", ID, 9, 3, 500)) {
            assertEquals(1024, d.capacity());
            assertArrayEquals(new long[] {3, 9, 500}, d.badSlots());
        }
        try (FileSwapDevice d = FileSwapDevice.open(f)) {
            final SwapHeader h = d.header();
            assertEquals("swaplayer", h.label());
            assertEquals(ID, h.uuid());
            assertEquals(1023, h.lastPage());
            assertEquals(ByteOrder.LITTLE_ENDIAN, h.byteOrder());
            assertArrayEquals(new long[] {3, 9, 500}, d.badSlots());
            assertEquals(1020, h.usablePages());
        }
    }

    @Test
    void create_makesAFullSizeFileOfMode0600() throws IOException {
        final Path f = dir.resolve("b.swap");
        FileSwapDevice.create(f, 300, "", ID).close();
        assertEquals(300L * P, Files.size(f));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        final byte[] all = Files.readAllBytes(f);
        assertArrayEquals(new byte[299 * P], Arrays.copyOfRange(all, P, all.length), "data pages are zero");
    }

    @Test
    void create_withProgress_hearsEveryPageOnce() throws IOException {
        final long pages = 3 * 256 + 7; // three whole MiB of zeros after the header page, then a partial one
        final List<Long> heard = new ArrayList<>();
        FileSwapDevice.create(dir.resolve("p.swap"), SwapHeader.create(P, pages, "", ID), heard::add).close();
        assertEquals(pages, heard.stream().mapToLong(Long::longValue).sum(), heard.toString());
        assertTrue(heard.size() >= 4, "a step per MiB: " + heard);
    }

    @Test
    void create_existingFile_isRefusedAndTheFileIsKept() throws IOException {
        final Path f = dir.resolve("c.swap");
        Files.writeString(f, "precious");
        assertThrows(FileAlreadyExistsException.class, () -> FileSwapDevice.create(f, 10, "", ID));
        assertEquals("precious", Files.readString(f));
    }

    @Test
    void create_badArgument_createsNoFile() {
        final Path f = dir.resolve("d.swap");
        assertThrows(IllegalArgumentException.class, () -> FileSwapDevice.create(f, 10, "x".repeat(17), ID));
        assertFalse(Files.exists(f));
    }

    @Test
    void write_putsSlotNAtByteOffsetNTimesPageSize() throws IOException {
        final Path f = dir.resolve("e.swap");
        final byte[] data = new byte[P];
        new Random(1).nextBytes(data);
        try (FileSwapDevice d = FileSwapDevice.create(f, 16, "", ID)) {
            d.write(5, ByteBuffer.wrap(data));
            d.flush();
            assertEquals(1, d.stats().flushes());
        }
        final byte[] all = Files.readAllBytes(f);
        assertArrayEquals(data, Arrays.copyOfRange(all, 5 * P, 6 * P));
        assertArrayEquals(new byte[P], Arrays.copyOfRange(all, 4 * P, 5 * P));
    }

    @Test
    void dataWrites_neverTouchTheHeaderPageOrItsBootbits() throws IOException {
        final Path f = dir.resolve("f.swap");
        FileSwapDevice.create(f, 16, "boot", ID).close();
        final byte[] boot = new byte[1024];
        Arrays.fill(boot, (byte) 0xeb);
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.write(boot);
        }
        final byte[] before = Arrays.copyOf(Files.readAllBytes(f), P);
        try (FileSwapDevice d = FileSwapDevice.open(f)) {
            for (long s = 1; s < 16; s++) {
                d.write(s, ByteBuffer.wrap(new byte[P]).put(0, (byte) s));
            }
            d.discard(1, 15);
        }
        assertArrayEquals(before, Arrays.copyOf(Files.readAllBytes(f), P));
        try (FileSwapDevice d = FileSwapDevice.open(f)) {
            assertEquals("boot", d.header().label());
        }
    }

    @Test
    void badSlot_readOrWrite_isRefused() throws IOException {
        try (FileSwapDevice d = FileSwapDevice.create(dir.resolve("g.swap"), 16, "", ID, 7)) {
            assertEquals("slot: 7 (expected: a slot not in the header's bad-page list)",
                    assertThrows(IllegalArgumentException.class, () -> d.write(7, ByteBuffer.allocate(P)))
                            .getMessage());
            assertThrows(IllegalArgumentException.class, () -> d.read(7, ByteBuffer.allocate(P)));
            assertEquals("slot: 7 (expected: no slot of the run 5..8 in the header's bad-page list)",
                    assertThrows(IllegalArgumentException.class, () -> d.writeRun(5, 4, ByteBuffer.allocate(4 * P)))
                            .getMessage());
            assertThrows(IllegalArgumentException.class, () -> d.readRun(7, 1, ByteBuffer.allocate(P)));
            d.writeRun(1, 6, ByteBuffer.allocate(6 * P)); // up to the bad slot
            d.writeRun(8, 8, ByteBuffer.allocate(8 * P)); // and from just after it
            d.discard(1, 15); // a discard may span a bad slot
            assertEquals(14, d.stats().writes());
        }
    }

    @Test
    void open_fileShorterThanItsHeaderSays_namesBothSizes() throws IOException {
        final Path f = dir.resolve("h.swap");
        FileSwapDevice.create(f, 1024, "", ID).close();
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.seek(1028);
            raf.write(new byte[] {(byte) 0x9f, (byte) 0x86, 0x01, 0x00}); // last_page = 99999, little-endian
        }
        final SwapHeaderException e = assertThrows(SwapHeaderException.class, () -> FileSwapDevice.open(f));
        assertEquals(Problem.SHORTER_THAN_SIGNATURE, e.problem());
        assertEquals("swap area shorter than signature indicates: last_page 99999 but the file holds 1024 pages"
                + " (expected: last_page <= 1023)", e.getMessage());
    }

    @Test
    void open_emptyOrTinyFile_isTruncated() throws IOException {
        final Path f = dir.resolve("i.swap");
        Files.write(f, new byte[100]);
        final SwapHeaderException e = assertThrows(SwapHeaderException.class, () -> FileSwapDevice.open(f));
        assertEquals("file: 100 bytes (expected: at least 8192 bytes, 2 pages: the header page and one good page)",
                e.getMessage());
    }

    @Test
    void open_fileOfZeros_hasNoSignature() throws IOException {
        final Path f = dir.resolve("j.swap");
        Files.write(f, new byte[8 * P]);
        final SwapHeaderException e = assertThrows(SwapHeaderException.class, () -> FileSwapDevice.open(f));
        assertEquals(Problem.NO_SIGNATURE, e.problem());
        assertTrue(e.getMessage().endsWith("unable to find swap-space signature"), e.getMessage());
    }

    @Test
    void open_withAnotherPageSize_namesThePageSizeTheFileWasMadeFor() throws IOException {
        final Path f = dir.resolve("k.swap");
        FileSwapDevice.create(f, SwapHeader.create(16384, 8, "big", ID)).close();
        try (FileSwapDevice d = FileSwapDevice.open(f, 16384)) {
            assertEquals(16384, d.pageSize());
            assertEquals(8, d.capacity());
        }
        final SwapHeaderException e = assertThrows(SwapHeaderException.class, () -> FileSwapDevice.open(f));
        assertEquals("swap signature at offset 4086: \"" + "\\x00".repeat(10) + "\" (expected: \"SWAPSPACE2\"): unable"
                + " to find swap-space signature; but found at offset 16374: the area was made for 16384-byte pages,"
                + " not 4096", e.getMessage());
    }

    @Test
    void readHeader_fileWithReadOnlyMode_returnsTheHeader() throws IOException {
        final Path f = dir.resolve("l.swap");
        FileSwapDevice.create(f, 32, "ro", ID).close();
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("r--------"));
        assertEquals("ro", FileSwapDevice.readHeader(f, P).label());
    }

    @Test
    void capacity_isLastPagePlusOne_evenWhenTheFileIsLonger() throws IOException {
        final Path f = dir.resolve("m.swap");
        FileSwapDevice.create(f, 10, "", ID).close();
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(20L * P);
        }
        try (FileSwapDevice d = FileSwapDevice.open(f)) {
            assertEquals(10, d.capacity());
            assertThrows(IllegalArgumentException.class, () -> d.write(10, ByteBuffer.allocate(P)));
        }
    }
}

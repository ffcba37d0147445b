package dev.swaplayer.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.device.header.SwapHeader;
import dev.swaplayer.device.header.SwapHeaderException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FileSwapDevice against util-linux: mkswap-made files open here, files made here satisfy blkid and swaplabel.
 *
 * <p>Thread safety: each test runs on JUnit's one thread in its own temporary directory, and waits for each util-linux
 * program it runs.
 */
class UtilLinuxInteropTest {
    private static final UUID ID = UUID.fromString("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9");

    @TempDir
    Path dir;

    @Test
    void open_fileMadeByMkswapOnTruncate_readsLabelUuidAndSize() throws Exception {
        final Path f = dir.resolve("truncated.swap");
        try (RandomAccessFile raf = new RandomAccessFile(f.toFile(), "rw")) {
            raf.setLength(4L << 20); // truncate -s 4M: a sparse file
        }
        UtilLinux.run("mkswap", "-L", "lbl", "-U", ID, f).ok();
        try (FileSwapDevice d = FileSwapDevice.open(f)) {
            assertEquals("lbl", d.header().label());
            assertEquals(ID, d.header().uuid());
            assertEquals(1024, d.capacity(), "4 MiB of 4 KiB pages, header included");
            assertEquals(1023, d.header().lastPage());
            assertEquals(ByteOrder.LITTLE_ENDIAN, d.header().byteOrder());
            assertArrayEquals(new long[0], d.badSlots());
            roundTrip(d, 1023);
        }
    }

    @Test
    void open_fileMadeByMkswapOnDdZeros_readsLabelUuidAndSize() throws Exception {
        final Path f = dir.resolve("dd.swap");
        Files.write(f, new byte[3 << 20]); // dd if=/dev/zero bs=1M count=3
        final UUID id = UUID.randomUUID();
        final UtilLinux.Result r = UtilLinux.run("mkswap", "-L", "sixteen-bytes-ok", "-U", id, f).ok();
        assertTrue(r.out().contains("Setting up swapspace version 1"), r.out());
        try (FileSwapDevice d = FileSwapDevice.open(f)) {
            // mkswap keeps a NUL: it truncates labels to 15 bytes ("Label was truncated.").
            assertEquals("sixteen-bytes-o", d.header().label());
            assertEquals(id, d.header().uuid());
            assertEquals(768, d.capacity());
        }
    }

    @Test
    void open_fileMadeByMkswapWith16KPages_needsThatPageSize() throws Exception {
        final Path f = dir.resolve("p16k.swap");
        Files.write(f, new byte[1 << 20]);
        UtilLinux.run("mkswap", "-p", 16384, "-U", ID, f).ok();
        try (FileSwapDevice d = FileSwapDevice.open(f, 16384)) {
            assertEquals(64, d.capacity());
            assertEquals(16384, d.pageSize());
            assertEquals("", d.header().label());
        }
        final Exception e = assertThrows(SwapHeaderException.class, () -> FileSwapDevice.open(f));
        assertTrue(e.getMessage().endsWith("but found at offset 16374: the area was made for 16384-byte pages, not"
                + " 4096"), e.getMessage());
    }

    @Test
    void blkid_fileCreatedHere_isTypeSwapWithLabelAndUuid() throws Exception {
        final Path f = dir.resolve("ours.swap");
        FileSwapDevice.create(f, 256, "swaplayer", ID).close();
        final Map<String, String> tags = UtilLinux.blkidExport(f);
        assertEquals("swap", tags.get("TYPE"), tags.toString());
        assertEquals("swaplayer", tags.get("LABEL"), tags.toString());
        assertEquals(ID.toString(), tags.get("UUID"), tags.toString());
        assertEquals("1", tags.get("VERSION"), tags.toString());
        // The plain form, as users see it.
        final String plain = UtilLinux.run("blkid", f).ok().out();
        assertEquals(f + ": LABEL=\"swaplayer\" UUID=\"" + ID + "\" TYPE=\"swap\"", plain.strip());
    }

    @Test
    void blkid_fileOf40KiBCreatedHereWith16ByteLabel_isSwapWithTheWholeLabel() throws Exception {
        // 10 pages is the smallest area mkswap makes and blkid probes for swap.
        final Path f = dir.resolve("small.swap");
        FileSwapDevice.create(f, 10, "sixteen-bytes-ok", ID).close();
        final Map<String, String> tags = UtilLinux.blkidExport(f);
        assertEquals("swap", tags.get("TYPE"), tags.toString());
        assertEquals("sixteen-bytes-ok", tags.get("LABEL"), tags.toString());
        assertEquals(ID.toString(), tags.get("UUID"), tags.toString());
        assertEquals("LABEL: sixteen-bytes-ok\nUUID:  " + ID + "\n", UtilLinux.run("swaplabel", f).ok().out());
    }

    @Test
    void blkid_bigEndianFileCreatedHere_isSwap() throws Exception {
        final Path f = dir.resolve("big.swap");
        FileSwapDevice.create(f, SwapHeader.create(4096, 64, "be", ID).withByteOrder(ByteOrder.BIG_ENDIAN)).close();
        final Map<String, String> tags = UtilLinux.blkidExport(f);
        assertEquals("swap", tags.get("TYPE"), tags.toString());
        assertEquals("be", tags.get("LABEL"), tags.toString());
        try (FileSwapDevice d = FileSwapDevice.open(f)) {
            assertEquals(ByteOrder.BIG_ENDIAN, d.header().byteOrder());
            assertEquals(64, d.capacity());
        }
    }

    @Test
    void swaplabel_fileCreatedHere_printsAndChangesTheLabel() throws Exception {
        final Path f = dir.resolve("relabel.swap");
        try (FileSwapDevice d = FileSwapDevice.create(f, 128, "before", ID)) {
            roundTrip(d, 127);
            d.flush();
        }
        assertEquals("LABEL: before\nUUID:  " + ID + "\n", UtilLinux.run("swaplabel", f).ok().out());
        UtilLinux.run("swaplabel", "-L", "after", f).ok();
        final UUID other = UUID.fromString("11111111-2222-3333-4444-555555555555");
        UtilLinux.run("swaplabel", "-U", other, f).ok();
        try (FileSwapDevice d = FileSwapDevice.open(f)) {
            assertEquals("after", d.header().label());
            assertEquals(other, d.header().uuid());
            assertEquals(128, d.capacity());
            // swaplabel rewrote only the header: data pages are intact.
            final ByteBuffer page = ByteBuffer.allocate(4096);
            d.read(127, page);
            assertArrayEquals(pattern(127), page.array());
        }
        assertEquals("after", UtilLinux.blkidExport(f).get("LABEL"));
    }

    @Test
    void mkswap_fileCreatedHereReformatted_isReadBackWithTheNewLabel() throws Exception {
        final Path f = dir.resolve("reformat.swap");
        FileSwapDevice.create(f, 64, "old", ID).close();
        UtilLinux.run("mkswap", "-L", "new", f).ok();
        try (FileSwapDevice d = FileSwapDevice.open(f)) {
            assertEquals("new", d.header().label());
            assertEquals(64, d.capacity());
        }
    }

    private static void roundTrip(final SwapDevice d, final long slot) throws Exception {
        d.write(slot, ByteBuffer.wrap(pattern(slot)));
        final ByteBuffer back = ByteBuffer.allocate(4096);
        d.read(slot, back);
        assertArrayEquals(pattern(slot), back.array());
    }

    private static byte[] pattern(final long seed) {
        final byte[] b = new byte[4096];
        new Random(seed).nextBytes(b);
        return b;
    }
}

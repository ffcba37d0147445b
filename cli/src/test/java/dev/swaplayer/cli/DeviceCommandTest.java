package dev.swaplayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swaplayer.device.FileSwapDevice;
import dev.swaplayer.device.header.SwapHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code ./swaplayer device}: {@code create}, {@code inspect} and {@code compress-stats}, in text and JSON, and the
 * user errors of each.
 *
 * <p>Thread safety: each test runs on JUnit's one thread in its own temporary directory; the shared
 * {@code ObjectMapper} is only read with.
 */
class DeviceCommandTest {
    private static final String ID = "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private static CliRun run(final String... args) {
        return CliRun.of(args);
    }

    // ------------------------------------------------------------------ create

    @Test
    void create_validArguments_makesASwapFileAndSaysSo() throws IOException {
        final Path f = dir.resolve("a.swap");
        final CliRun r = run("device", "create", f.toString(), "--size", "64M", "--label", "swaplayer", "--uuid", ID);
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertEquals("created " + f + ": Linux swap v1, 16384 pages of 4096 bytes (64 MiB), 16383 usable, label"
                + " \"swaplayer\", UUID " + ID + "\n", r.out());
        try (FileSwapDevice d = FileSwapDevice.open(f)) {
            assertEquals(16384, d.capacity());
            assertEquals("swaplayer", d.header().label());
            assertEquals(ID, d.header().uuid().toString());
        }
    }

    @Test
    void create_withoutUuid_picksARandomOne() throws IOException {
        final Path f = dir.resolve("b.swap");
        assertEquals(ExitCode.OK, run("device", "create", f.toString(), "--size", "40960").code());
        try (FileSwapDevice d = FileSwapDevice.open(f)) {
            assertEquals(10, d.capacity());
            assertEquals(4, d.header().uuid().version(), "random UUIDs are version 4");
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "64X   | --size: 64X (expected: bytes as ASCII digits with an optional K, M, G or T suffix",
        "M     | --size: M (expected: bytes as ASCII digits with an optional K, M, G or T suffix",
        "5000  | --size: 5000 (expected: a multiple of the page size 4096)",
        "36K   | --size: 36864 (expected: at least 40960 bytes, 10 pages: mkswap, blkid and swaplabel refuse",
        "0     | --size: 0 (expected: at least 40960 bytes, 10 pages",
        "99999999999999999999G | --size: 99999999999999999999G (expected: a size below 8 EiB)",
    })
    void create_badSize_isAUserError(final String size, final String message) {
        final Path f = dir.resolve("c.swap");
        run("device", "create", f.toString(), "--size", size).assertUsageError(message);
        assertFalse(Files.exists(f));
    }

    @Test
    void create_largerThanTheFreeSpace_isRefusedBeforeWriting() throws IOException {
        final long free = Files.getFileStore(dir).getUsableSpace();
        final long size = (free / 4096 + 1024) * 4096;
        final Path f = dir.resolve("big.swap");
        run("device", "create", f.toString(), "--size", Long.toString(size)).assertUserError("--size: " + size
                + " bytes (expected: at most the ");
        assertFalse(Files.exists(f));
    }

    @Test
    void create_inADirectoryNoFileCanBeMadeIn_namesTheFileAndWhy_notTheSize() throws IOException {
        // As root Files.isWritable says yes for /proc, and procfs reports 0 bytes free: the probe finds the truth.
        Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self")), "procfs is mounted");
        final CliRun r = run("device", "create", "/proc/swaplayer-test.img", "--size", "64K");
        assertEquals(ExitCode.USAGE, r.code(), r.err());
        final String first = r.err().lines().findFirst().orElse("");
        assertTrue(first.matches("swaplayer device create: FILE: /proc/swaplayer-test\\.img \\(expected: a file in a"
                + " writable directory; cannot create a file in /proc: (no such file or directory|permission"
                + " denied)\\)"), first);
        assertFalse(Files.exists(Path.of("/proc/swaplayer-test.img")));
    }

    @Test
    void create_inAReadOnlyDirectory_namesTheFile_andLeavesNothingBehind() throws IOException {
        final Path ro = Files.createDirectory(dir.resolve("ro"));
        Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            Assumptions.assumeFalse(canCreateIn(ro), "root writes anywhere but procfs and sysfs");
            run("device", "create", ro.resolve("s.img").toString(), "--size", "64K").assertUserError("FILE: "
                    + ro.resolve("s.img") + " (expected: a file in a writable directory; cannot create a file in "
                    + ro + ": permission denied)");
            try (var files = Files.list(ro)) {
                assertEquals(0, files.count(), "nothing left in " + ro);
            }
        } finally {
            Files.setPosixFilePermissions(ro, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void create_inAWritableDirectory_leavesOnlyTheFile() throws IOException {
        final Path sub = Files.createDirectory(dir.resolve("w"));
        run("device", "create", sub.resolve("s.img").toString(), "--size", "64K").assertOk();
        try (var files = Files.list(sub)) {
            assertEquals(List.of(sub.resolve("s.img")), files.toList(), "no probe or temporary file left");
        }
    }

    private static boolean canCreateIn(final Path dir) {
        final Path f = dir.resolve("probe");
        try {
            Files.createFile(f);
            Files.delete(f);
            return true;
        } catch (final IOException e) {
            return false;
        }
    }

    @Test
    void create_sizesWithATSuffix_areBytes() {
        assertEquals(1L << 40, Converters.size("1T"));
        assertEquals(1L << 40, Converters.size("1t"));
        assertEquals(4096, Converters.size("4K"));
    }

    @Test
    void inspect_duplicateBadPages_reportsWhatSwaponCounts() throws IOException {
        final ByteBuffer page = SwapHeader.create(4096, 10, "", UUID.fromString(ID), 3, 5, 7).encode();
        page.order(ByteOrder.LITTLE_ENDIAN).putInt(1536, 7).putInt(1540, 7).putInt(1544, 3);
        final byte[] area = new byte[10 * 4096];
        page.get(0, area, 0, 4096);
        final Path f = dir.resolve("dup.swap");
        Files.write(f, area);
        final CliRun text = run("device", "inspect", f.toString(), "--partition");
        text.assertOk();
        assertTrue(text.out().contains("bad pages:   3 [7, 7, 3]; 1 repeated: swapon counts each entry, so it reports"
                + " 6 pages\n"), text.out());
        final CliRun json = run("device", "inspect", f.toString(), "--json", "--partition");
        assertTrue(json.out().contains("\"swapon_pages\":6"), json.out());
        assertTrue(json.out().contains("\"usable_pages\":7"), json.out());
    }

    @Test
    void inspect_badPagesInARegularFile_areRefusedAsSwaponRefusesThem_butNotInAPartitionImage() throws IOException {
        final String refusal = ": nr_badpages: 1 (expected: 0 in a regular file; swapon refuses bad pages there with"
                + " EINVAL, read_swap_header in mm/swapfile.c: they are for block devices; --partition validates a"
                + " swap partition's image)";
        final Path valid = dir.resolve("bad63.swap"); // one bad page, a valid list on a partition
        writeArea(valid, SwapHeader.create(4096, 64, "", UUID.fromString(ID), 63).encode(), 64);
        run("device", "inspect", valid.toString()).assertUserError(valid + refusal);
        final CliRun asPartition = run("device", "inspect", valid.toString(), "--partition", "--json");
        asPartition.assertOk();
        assertTrue(asPartition.out().contains("\"swapon_pages\":62"), asPartition.out());

        final ByteBuffer page = SwapHeader.create(4096, 10, "", UUID.fromString(ID), 3).encode();
        page.order(ByteOrder.LITTLE_ENDIAN).putInt(1536, 10); // badpages[0] = 10 > last_page 9
        final Path outOfRange = dir.resolve("range.swap"); // the file rule comes first, as in the kernel
        writeArea(outOfRange, page, 10);
        run("device", "inspect", outOfRange.toString()).assertUserError(outOfRange + refusal);
        run("device", "inspect", outOfRange.toString(), "--partition").assertUserError(outOfRange + ": badpages[0]");

        final Path clean = dir.resolve("clean.swap"); // no bad pages: a regular file is fine
        run("device", "create", clean.toString(), "--size", "64K").assertOk();
        run("device", "inspect", clean.toString()).assertOk();
    }

    private static void writeArea(final Path f, final ByteBuffer header, final int pages) throws IOException {
        final byte[] area = new byte[pages * 4096];
        header.get(0, area, 0, 4096);
        Files.write(f, area);
    }

    @Test
    void inspect_labelWithAnEscapeSequence_isPrintedEscaped() throws IOException {
        final Path f = dir.resolve("esc.swap");
        run("device", "create", f.toString(), "--size", "64K", "--label", "a\u001b[2Jb").assertOk();
        final CliRun r = run("device", "inspect", f.toString());
        assertTrue(r.out().contains("label:       a\\x1b[2Jb\n"), r.out());
        assertFalse(r.out().contains("\u001b"), "no raw ESC");
    }

    @Test
    void inspect_labelOfBytesThatAreNotUtf8_showsEachByte_asTheSignatureErrorDoes() throws IOException {
        final ByteBuffer page = SwapHeader.create(4096, 16, "", UUID.fromString(ID)).encode();
        page.put(1052, new byte[] {(byte) 0xff, (byte) 0xfe, 0x1b, '[', '3', '1', 'm', 'X', '\\', (byte) 0xc3,
            (byte) 0xa9}); // the label: not UTF-8, an escape sequence, a backslash, then an é
        final Path f = dir.resolve("raw-label.swap");
        writeArea(f, page, 16);
        final CliRun r = run("device", "inspect", f.toString());
        r.assertOk();
        assertTrue(r.out().contains("label:       \\xff\\xfe\\x1b[31mX\\x5c\u00e9\n"), r.out());
        assertFalse(r.out().contains("\u001b") || r.out().contains("\ufffd"), "no raw ESC, no byte lost");
        final CliRun json = run("device", "inspect", f.toString(), "--json");
        json.assertOk();
        assertTrue(json.out().contains("\"label_hex\":\"fffe1b5b33316d585cc3a9\""),
                "every byte, as read: " + json.out());
    }

    @Test
    void inspect_onePageFile_saysAUsableFileNeedsTwoPages() throws IOException {
        final Path f = dir.resolve("one.swap");
        writeArea(f, SwapHeader.create(4096, 16, "", UUID.fromString(ID)).encode(), 1);
        run("device", "inspect", f.toString()).assertUserError(f + ": swap area shorter than signature indicates:"
                + " last_page 15 but the file holds 1 page (expected: a file of at least 2 pages, the header page and"
                + " one good page; last_page 0 is an empty swap-file)");
        final ByteBuffer empty = SwapHeader.create(4096, 16, "", UUID.fromString(ID)).encode();
        empty.order(ByteOrder.LITTLE_ENDIAN).putInt(1028, 0);
        writeArea(f, empty, 1);
        run("device", "inspect", f.toString()).assertUserError(f + ": last_page: 0 (expected: at least 1, in a file of"
                + " at least 2 pages, the header page and one good page; this one holds 1 page): empty swap-file");
    }

    @Test
    void inspect_repeatedBadPagesLeavingOnePage_saysOnePage() throws IOException {
        final ByteBuffer page = SwapHeader.create(4096, 4, "", UUID.fromString(ID), 2, 3).encode();
        page.order(ByteOrder.LITTLE_ENDIAN).putInt(1540, 2); // [2, 2]
        final Path f = dir.resolve("one-left.swap");
        writeArea(f, page, 4);
        final CliRun r = run("device", "inspect", f.toString(), "--partition");
        r.assertOk();
        assertTrue(r.out().contains("bad pages:   2 [2, 2]; 1 repeated: swapon counts each entry, so it reports 1"
                + " page\n"), r.out());
    }

    @Test
    void compressStats_takesTheFileAsAParameterOrWithInput() throws IOException {
        final Path input = dir.resolve("p.bin");
        writeSample(input);
        final CliRun positional = run("device", "compress-stats", input.toString(), "--json");
        positional.assertOk();
        final CliRun option = run("device", "compress-stats", "--input", input.toString(), "--json");
        option.assertOk();
        assertEquals(JSON.readTree(positional.out()).get("orig_bytes"), JSON.readTree(option.out()).get("orig_bytes"));
        // The same file under two spellings, or through a link, is one file; another file is refused.
        run("device", "compress-stats", input.toString(), "--input", dir.resolve(".").resolve("p.bin").toString(),
                "--json").assertOk();
        final Path link = Files.createSymbolicLink(dir.resolve("link.bin"), input);
        run("device", "compress-stats", input.toString(), "--input", link.toString(), "--json").assertOk();
        final Path other = dir.resolve("q.bin");
        writeSample(other);
        run("device", "compress-stats", input.toString(), "--input", other.toString())
                .assertUserError("--input: " + other + " (expected: the same as FILE " + input
                        + ", or only one of them)");
    }

    @Test
    void compressStats_fileLargerThanTheHeap_isRefusedBeforeReading() {
        final UserError e = Assertions.assertThrows(UserError.class,
                () -> CompressionMeasurement.checkHeap(Runtime.getRuntime().maxMemory()));
        assertTrue(e.getMessage().startsWith("FILE: " + Runtime.getRuntime().maxMemory() + " bytes (expected: at most"),
                e.getMessage());
    }

    @Test
    void create_labelOf17Bytes_isAUserError() {
        run("device", "create", dir.resolve("d.swap").toString(), "--size", "1M", "--label", "abcdefghijklmnopq")
                .assertUserError("label: \"abcdefghijklmnopq\" is 17 bytes (expected: at most 16 bytes of UTF-8)");
    }

    @Test
    void create_badUuid_isAUserError() {
        run("device", "create", dir.resolve("e.swap").toString(), "--size", "1M", "--uuid", "1-2-3-4-5")
                .assertUserError("uuid: 1-2-3-4-5 (expected: 8-4-4-4-12 hex digits");
    }

    @Test
    void create_existingFileOrMissingDirectory_isAUserError() throws IOException {
        final Path f = dir.resolve("f.swap");
        Files.writeString(f, "keep me");
        run("device", "create", f.toString(), "--size", "1M")
                .assertUserError("(expected: a path that does not exist yet)");
        assertEquals("keep me", Files.readString(f));
        run("device", "create", dir.resolve("no/such/dir.swap").toString(), "--size", "1M")
                .assertUserError("(expected: a path in an existing directory)");
    }

    // ------------------------------------------------------------------ inspect

    @Test
    void inspect_json_isExactlyOneObjectWithTheHeaderFields() throws IOException {
        final Path f = dir.resolve("g.swap");
        try (FileSwapDevice d = FileSwapDevice.create(f, 1024, "lbl", UUID.fromString(ID), 7, 3)) {
            d.write(1, ByteBuffer.allocate(4096));
        }
        final CliRun r = run("device", "inspect", f.toString(), "--json", "--partition"); // bad pages: a partition's
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertEquals(1, r.out().strip().lines().count(), r.out());
        final JsonNode o = JSON.readTree(r.out());
        assertEquals(1, o.get("version").asInt());
        assertEquals(1024, o.get("pages").asLong());
        assertEquals(1023, o.get("last_page").asLong());
        assertEquals("lbl", o.get("label").asText());
        assertEquals(ID, o.get("uuid").asText());
        assertEquals("[3,7]", o.get("bad_pages").toString());
        assertEquals("little", o.get("endianness").asText());
    }

    @Test
    void inspect_text_namesEveryField() throws IOException {
        final Path f = dir.resolve("h.swap");
        FileSwapDevice.create(f, 64, "", UUID.fromString(ID)).close();
        final CliRun r = run("device", "inspect", f.toString());
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertTrue(r.out().contains("format:      Linux swap, version 1, little-endian\n"), r.out());
        assertTrue(r.out().contains("pages:       64 (last_page 63), 63 usable (252 KiB)\n"), r.out());
        assertTrue(r.out().contains("label:       (none)\n"), r.out());
        assertTrue(r.out().contains("uuid:        " + ID + "\n"), r.out());
        assertTrue(r.out().contains("bad pages:   0 []\n"), r.out());
    }

    @Test
    void inspect_missingFileDirectoryOrCorruptHeader_isAUserError() throws IOException {
        run("device", "inspect", dir.resolve("nope").toString()).assertUserError("(expected: an existing file)");
        run("device", "inspect", dir.toString()).assertUserError("(expected: a regular file, not a directory)");
        final Path zeros = dir.resolve("zeros");
        Files.write(zeros, new byte[16384]);
        run("device", "inspect", zeros.toString()).assertUserError("unable to find swap-space signature");
        final Path tiny = dir.resolve("tiny");
        Files.write(tiny, new byte[10]);
        run("device", "inspect", tiny.toString(), "--json")
                .assertUserError("file: 10 bytes (expected: at least 8192 bytes, 2 pages: the header page and one good"
                        + " page)");
    }

    // ------------------------------------------------------------------ compress-stats

    @ParameterizedTest
    @CsvSource({"4K, lz4", "16K, zstd", "64K, deflate", "16K, lz4", "64K, zstd", "4K, deflate"})
    void compressStats_json_reportsTheFiguresAndVerifies(final String unit, final String algo) throws IOException {
        final Path input = dir.resolve("pages.bin");
        final int samePages = writeSample(input);
        final CliRun r = run("device", "compress-stats", "--input", input.toString(), "--unit", unit, "--algo", algo,
                "--json");
        assertEquals(ExitCode.OK, r.code(), r.err());
        final JsonNode o = JSON.readTree(r.out());
        assertEquals(algo, o.get("algo").asText());
        assertEquals(Converters.size(unit), o.get("unit").asLong());
        assertEquals(41, o.get("pages").asLong(), "40 pages and a partial one");
        assertEquals(41L * 4096, o.get("orig_bytes").asLong());
        final long compressed = o.get("compressed_bytes").asLong();
        assertTrue(compressed > 0 && compressed < 41L * 4096, r.out());
        assertEquals((double) compressed / (41L * 4096), o.get("ratio").asDouble(), 1e-12);
        if ("4K".equals(unit)) {
            assertEquals(samePages, o.get("same_pages").asLong(), r.out());
            assertTrue(o.get("huge_pages").asLong() >= 8, "8 random pages: " + r.out());
        }
        assertTrue(o.get("compress_cpu_ms").asDouble() >= 0, r.out());
        assertTrue(o.get("decompress_cpu_ms").asDouble() >= 0, r.out());
        assertTrue(o.get("verified").asBoolean());
    }

    @Test
    void compressStats_text_saysVerified() throws IOException {
        final Path input = dir.resolve("text.bin");
        writeSample(input);
        final CliRun r = run("device", "compress-stats", "--input", input.toString());
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertTrue(r.out().contains("unit:        4 KiB (1 page), algorithm lz4\n"), r.out());
        assertTrue(r.out().contains("verify:      OK, every page read back identical\n"), r.out());
    }

    @Test
    void compressStats_badArguments_areUserErrors() throws IOException {
        final Path input = dir.resolve("in.bin");
        writeSample(input);
        run("device", "compress-stats", "--input", input.toString(), "--unit", "8K")
                .assertUserError("--unit: 8192 bytes (expected: 4K, 16K or 64K)");
        run("device", "compress-stats", "--input", input.toString(), "--unit", "16Q")
                .assertUsageError("--unit: 16Q (expected: bytes as ASCII digits with an optional K, M, G or T suffix");
        run("device", "compress-stats", "--input", input.toString(), "--algo", "lzo")
                .assertUserError("algo: lzo (expected: lz4, zstd or deflate)");
        run("device", "compress-stats", "--input", dir.resolve("missing").toString())
                .assertUserError("FILE: " + dir.resolve("missing") + " (expected: an existing file)");
        run("device", "compress-stats", "--input", dir.toString())
                .assertUserError("(expected: a regular file, not a directory)");
        final Path empty = dir.resolve("empty");
        Files.write(empty, new byte[0]);
        run("device", "compress-stats", "--input", empty.toString())
                .assertUserError("is empty (expected: at least one byte; files of /proc and /sys report a size of 0)");
        final String notCharacter = " (expected: a regular file or a block device, not a character device)";
        run("device", "compress-stats", "/dev/null").assertUserError("FILE: /dev/null" + notCharacter);
        run("device", "inspect", "/dev/zero").assertUserError("FILE: /dev/zero" + notCharacter);
    }

    @Test
    void device_withoutSubcommand_isAUsageError() {
        final CliRun r = run("device");
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(r.err().contains("missing subcommand (expected: one of create, inspect, compress-stats)"), r.err());
    }

    /**
     * 40 pages (8 random, 8 zero, 8 same-filled, 8 text, 8 half random) and 100 bytes of a 41st page.
     *
     * @return how many pages are same-filled (zero and same-filled, the padded last page excluded)
     */
    private static int writeSample(final Path f) throws IOException {
        final Random rnd = new Random(1);
        final List<byte[]> pages = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            final byte[] p = new byte[4096];
            switch (i % 5) {
                case 0 -> rnd.nextBytes(p);
                case 1 -> { }
                case 2 -> Arrays.fill(p, (byte) 0x5a);
                case 3 -> {
                    for (int j = 0; j < p.length; j++) {
                        p[j] = (byte) ('a' + rnd.nextInt(5));
                    }
                }
                default -> {
                    final byte[] half = new byte[2048];
                    rnd.nextBytes(half);
                    System.arraycopy(half, 0, p, 0, half.length);
                }
            }
            pages.add(p);
        }
        final byte[] tail = new byte[100];
        rnd.nextBytes(tail);
        final ByteBuffer all = ByteBuffer.allocate(40 * 4096 + 100);
        pages.forEach(all::put);
        all.put(tail);
        Files.write(f, all.array());
        return 16;
    }
}

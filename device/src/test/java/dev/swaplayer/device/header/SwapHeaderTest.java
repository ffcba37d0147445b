package dev.swaplayer.device.header;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.swaplayer.device.header.SwapHeaderException.Problem;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link SwapHeader}: encoding and decoding at the kernel's offsets in both byte orders, labels, and every corrupt
 * header refused with its problem and message.
 *
 * <p>Thread safety: JUnit runs it on one thread; each test builds its own headers and pages.
 */
class SwapHeaderTest {
    private static final int P = 4096;
    private static final UUID ID = UUID.fromString("0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9");
    private static final byte[] ID_BYTES = {0x0a, 0x1b, 0x2c, 0x3d, 0x4e, 0x5f, 0x60, 0x71, (byte) 0x82, (byte) 0x93,
        (byte) 0xa4, (byte) 0xb5, (byte) 0xc6, (byte) 0xd7, (byte) 0xe8, (byte) 0xf9};
    private static final long AREA = 16384L * P;

    @Test
    void encode_littleEndian_putsEveryFieldAtItsOffset() {
        final ByteBuffer page = SwapHeader.create(P, 16384, "swaplayer", ID, 7, 3).encode();
        final ByteBuffer le = page.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        assertArrayEquals(new byte[1024], bytes(page, 0, 1024), "bootbits");
        assertEquals(1, le.getInt(1024), "version");
        assertEquals(16383, le.getInt(1028), "last_page");
        assertEquals(2, le.getInt(1032), "nr_badpages");
        assertArrayEquals(ID_BYTES, bytes(page, 1036, 16), "uuid, most significant byte first");
        assertArrayEquals(Arrays.copyOf("swaplayer".getBytes(StandardCharsets.US_ASCII), 16), bytes(page, 1052, 16),
                "label, NUL-padded");
        assertArrayEquals(new byte[468], bytes(page, 1068, 468), "padding");
        assertEquals(3, le.getInt(1536), "badpages[0], sorted");
        assertEquals(7, le.getInt(1540), "badpages[1]");
        assertArrayEquals(new byte[4086 - 1544], bytes(page, 1544, 4086 - 1544), "unused bad-page entries");
        assertEquals("SWAPSPACE2", new String(bytes(page, 4086, 10), StandardCharsets.US_ASCII), "magic at P - 10");
    }

    @ParameterizedTest
    @ValueSource(ints = {4096, 8192, 16384, 32768, 65536})
    void decode_ofEncode_isTheSameHeaderInBothByteOrders(final int pageSize) throws SwapHeaderException {
        final SwapHeader h = SwapHeader.create(pageSize, 100, "lbl", ID, 5, 99);
        for (final ByteOrder order : new ByteOrder[] {ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN}) {
            final SwapHeader withOrder = h.withByteOrder(order);
            final SwapHeader back = SwapHeader.decode(withOrder.encode(), 100L * pageSize);
            assertEquals(withOrder, back);
            assertEquals(order, back.byteOrder());
            assertEquals(100, back.pages());
            assertEquals(97, back.usablePages());
            assertEquals("SWAPSPACE2", new String(bytes(withOrder.encode(), pageSize - 10, 10),
                    StandardCharsets.US_ASCII));
        }
    }

    @Test
    void decode_bigEndianHeaderWrittenByHand_swapsIntegersButNotUuidOrLabel() throws SwapHeaderException {
        final ByteBuffer page = ByteBuffer.allocate(P).order(ByteOrder.BIG_ENDIAN);
        page.putInt(1024, 1).putInt(1028, 1023).putInt(1032, 2).putInt(1536, 10).putInt(1540, 0x0102);
        page.put(1036, ID_BYTES).put(1052, "be-label".getBytes(StandardCharsets.US_ASCII));
        page.put(4086, "SWAPSPACE2".getBytes(StandardCharsets.US_ASCII));
        final SwapHeader h = SwapHeader.decode(page, 1024L * P);
        assertEquals(ByteOrder.BIG_ENDIAN, h.byteOrder());
        assertEquals(1023, h.lastPage());
        assertEquals(1024, h.pages());
        assertArrayEquals(new long[] {10, 258}, h.badPages());
        assertEquals(ID, h.uuid());
        assertEquals("be-label", h.label());
        // Re-encoding reproduces the hand-written page byte for byte.
        assertEquals(page.clear(), h.encode());
    }

    @Test
    void encodeInto_existingPage_leavesBootbitsAndPaddingUntouched() {
        final ByteBuffer page = ByteBuffer.allocate(P);
        final byte[] junk = new byte[P];
        Arrays.fill(junk, (byte) 0xab);
        page.put(junk).clear();
        SwapHeader.create(P, 10, "", ID).encodeInto(page);
        final byte[] boot = new byte[1024];
        Arrays.fill(boot, (byte) 0xab);
        assertArrayEquals(boot, bytes(page, 0, 1024));
        assertArrayEquals(Arrays.copyOf(boot, 468), bytes(page, 1068, 468));
        assertEquals(0, page.position(), "position not moved");
    }

    @Test
    void label_ofExactly16Bytes_hasNoTerminatorAndRoundTrips() throws SwapHeaderException {
        final String label = "\u00e4\u00e4\u00e4\u00e4\u00e4\u00e4\u00e4\u00e4"; // 8 x 2 bytes of UTF-8
        final SwapHeader h = SwapHeader.decode(SwapHeader.create(P, 10, label, ID).encode(), 10L * P);
        assertEquals(label, h.label());
        assertEquals(16, h.labelBytes().length);
    }

    @Test
    void create_labelOf17Bytes_isRefusedWithItsLength() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SwapHeader.create(P, 10, "abcdefghijklmnopq", ID));
        assertEquals("label: \"abcdefghijklmnopq\" is 17 bytes (expected: at most 16 bytes of UTF-8)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SwapHeader.create(P, 10, "\u00e4\u00e4\u00e4\u00e4\u00e4"
                + "\u00e4\u00e4\u00e4a", ID));
    }

    @Test
    void create_badArguments_areRefusedWithTheProjectMessageShape() {
        assertEquals("pages: 1 (expected: 2..4294967296, the header page and at least one usable page)",
                assertThrows(IllegalArgumentException.class, () -> SwapHeader.create(P, 1, "", ID)).getMessage());
        assertEquals("badPages: 10 (expected: 1..9)",
                assertThrows(IllegalArgumentException.class, () -> SwapHeader.create(P, 10, "", ID, 10)).getMessage());
        assertEquals("badPages: 0 (expected: 1..9)",
                assertThrows(IllegalArgumentException.class, () -> SwapHeader.create(P, 10, "", ID, 0)).getMessage());
        assertEquals("badPages: 4 listed twice (expected: distinct pages)",
                assertThrows(IllegalArgumentException.class, () -> SwapHeader.create(P, 10, "", ID, 4, 4))
                        .getMessage());
        assertEquals("badPages: 1 entry (expected: at most 0 in 2 pages, leaving at least one usable page)",
                assertThrows(IllegalArgumentException.class, () -> SwapHeader.create(P, 2, "", ID, 1)).getMessage());
        final long[] tooMany = new long[638];
        Arrays.setAll(tooMany, i -> i + 1);
        assertEquals("badPages: 638 entries (expected: 0..637 for 4096-byte pages)",
                assertThrows(IllegalArgumentException.class, () -> SwapHeader.create(P, 10000, "", ID, tooMany))
                        .getMessage());
        assertEquals(637, SwapHeader.create(P, 10000, "", ID, Arrays.copyOf(tooMany, 637)).nrBadPages());
    }

    // ------------------------------------------------------------------ corrupt headers, one per check

    @Test
    void decode_areaShorterThanOnePage_isTruncated() {
        assertProblem(Problem.TRUNCATED, "file: 100 bytes (expected: at least 8192 bytes, 2 pages: the header page"
                + " and one good page)", valid(), 100);
        assertProblem(Problem.TRUNCATED, "file: 1 byte (expected: at least 8192 bytes, 2 pages: the header page and"
                + " one good page)", valid(), 1);
    }

    @Test
    void decode_onePageFile_saysAUsableFileNeedsTwoPages_notAnImpossibleLastPage() {
        // read_swap_header: last_page 0 is "Empty swap-file", and last_page + 1 pages must fit in the file, so no
        // header makes a one-page file usable; the hint says what does.
        final ByteBuffer page = valid();
        page.order(ByteOrder.LITTLE_ENDIAN).putInt(1028, 9);
        assertProblem(Problem.SHORTER_THAN_SIGNATURE, "swap area shorter than signature indicates: last_page 9 but the"
                + " file holds 1 page (expected: a file of at least 2 pages, the header page and one good page;"
                + " last_page 0 is an empty swap-file)", page, P + 100);
        page.order(ByteOrder.LITTLE_ENDIAN).putInt(1028, 0);
        assertProblem(Problem.EMPTY, "last_page: 0 (expected: at least 1, in a file of at least 2 pages, the header"
                + " page and one good page; this one holds 1 page): empty swap-file", page, P);
        page.order(ByteOrder.LITTLE_ENDIAN).putInt(1028, 1);
        assertProblem(Problem.SHORTER_THAN_SIGNATURE, "swap area shorter than signature indicates: last_page 1 but the"
                + " file holds 1 page (expected: a file of at least 2 pages, the header page and one good page;"
                + " last_page 0 is an empty swap-file)", page, P);
        page.order(ByteOrder.LITTLE_ENDIAN).putInt(1028, 2);
        assertProblem(Problem.SHORTER_THAN_SIGNATURE, "swap area shorter than signature indicates: last_page 2 but the"
                + " file holds 2 pages (expected: last_page <= 1)", page, 2L * P);
    }

    @Test
    void decode_twoPageFile_isTheSmallestUsableArea() throws SwapHeaderException {
        final ByteBuffer page = valid();
        page.order(ByteOrder.LITTLE_ENDIAN).putInt(1028, 1);
        final SwapHeader h = SwapHeader.decode(page, 2L * P, true);
        assertEquals(1, h.swaponPages(), "one good page after the header");
    }

    @Test
    void decode_noMagic_saysUnableToFindSignature() {
        final ByteBuffer page = valid();
        page.put(4086, new byte[10]);
        assertProblem(Problem.NO_SIGNATURE, "swap signature at offset 4086: \"" + "\\x00".repeat(10)
                + "\" (expected: \"SWAPSPACE2\"): unable to find swap-space signature", page, AREA);
    }

    @Test
    void decode_version0Magic_saysTheFormatIsNoLongerSupported() {
        final ByteBuffer page = valid();
        page.put(4086, "SWAP-SPACE".getBytes(StandardCharsets.US_ASCII));
        assertProblem(Problem.VERSION_0, "swap signature at offset 4086: \"SWAP-SPACE\" (expected: \"SWAPSPACE2\"; the"
                + " version-0 format is no longer supported by Linux: run mkswap again)", page, AREA);
    }

    @Test
    void decode_version2_saysUnableToHandleTheVersion() {
        final ByteBuffer page = valid();
        page.order(ByteOrder.LITTLE_ENDIAN).putInt(1024, 2);
        assertProblem(Problem.BAD_VERSION, "version: 2 (expected: 1, little- or big-endian): unable to handle swap"
                + " header version", page, AREA);
    }

    @Test
    void decode_lastPage0_isEmpty() {
        final ByteBuffer page = valid();
        page.order(ByteOrder.LITTLE_ENDIAN).putInt(1028, 0);
        assertProblem(Problem.EMPTY, "last_page: 0 (expected: at least 1): empty swap-file", page, AREA);
    }

    @Test
    void decode_lastPagePastTheFileEnd_isShorterThanSignatureIndicates() {
        final ByteBuffer page = valid();
        page.order(ByteOrder.LITTLE_ENDIAN).putInt(1028, 99999);
        assertProblem(Problem.SHORTER_THAN_SIGNATURE, "swap area shorter than signature indicates: last_page 99999"
                + " but the file holds 1024 pages (expected: last_page <= 1023)", page, 1024L * P);
    }

    @Test
    void decode_lastPageExactlyAtTheFileEnd_isAccepted() throws SwapHeaderException {
        final ByteBuffer page = valid();
        page.order(ByteOrder.LITTLE_ENDIAN).putInt(1028, 1023);
        assertEquals(1024, SwapHeader.decode(page, 1024L * P + 100).pages());
    }

    @Test
    void decode_638BadPages_isTooMany() {
        final ByteBuffer page = valid();
        page.order(ByteOrder.LITTLE_ENDIAN).putInt(1032, 638);
        assertProblem(Problem.TOO_MANY_BAD_PAGES, "nr_badpages: 638 (expected: 0..637 for 4096-byte pages)", page,
                AREA);
    }

    @Test
    void decode_bigEndianWithTooManyBadPages_isCheckedAfterSwapping() {
        final ByteBuffer page = SwapHeader.create(P, 16384, "", ID).withByteOrder(ByteOrder.BIG_ENDIAN).encode();
        page.order(ByteOrder.BIG_ENDIAN).putInt(1032, 0x10000);
        assertProblem(Problem.TOO_MANY_BAD_PAGES, "nr_badpages: 65536 (expected: 0..637 for 4096-byte pages)", page,
                AREA);
    }

    @Test
    void decode_badPagesInARegularFile_areRefusedBeforeTheListIsRead_asReadSwapHeaderDoes()
            throws SwapHeaderException {
        final ByteBuffer listed = SwapHeader.create(P, 16384, "", ID, 5, 6).encode();
        assertEquals(2, SwapHeader.decode(listed.duplicate(), AREA).nrBadPages(), "a block device: accepted");
        assertEquals(2, SwapHeader.decode(listed.duplicate(), AREA, false).nrBadPages());
        final SwapHeaderException e = assertThrows(SwapHeaderException.class,
                () -> SwapHeader.decode(listed.duplicate(), AREA, true));
        assertEquals(Problem.BAD_PAGES_IN_FILE, e.problem());
        assertEquals("nr_badpages: 2 (expected: 0 in a regular file; swapon refuses bad pages there with EINVAL,"
                + " read_swap_header in mm/swapfile.c: they are for block devices)", e.getMessage());
        final ByteBuffer outOfRange = SwapHeader.create(P, 16384, "", ID, 5).encode();
        outOfRange.order(ByteOrder.LITTLE_ENDIAN).putInt(1536, 16384); // the list is never read in a file
        assertEquals(Problem.BAD_PAGES_IN_FILE, assertThrows(SwapHeaderException.class,
                () -> SwapHeader.decode(outOfRange, AREA, true)).problem());
        assertEquals(0, SwapHeader.decode(valid(), AREA, true).nrBadPages(), "no bad pages: a file is fine");
    }

    @Test
    void decode_bigEndianWithTooManyBadPages_isRefusedForThatFirst_asTheSwappingPathDoes() {
        final ByteBuffer page = SwapHeader.create(P, 16384, "", ID).withByteOrder(ByteOrder.BIG_ENDIAN).encode();
        page.order(ByteOrder.BIG_ENDIAN).putInt(1028, 0).putInt(1032, 638); // also last_page 0: "Empty" comes later
        assertProblem(Problem.TOO_MANY_BAD_PAGES, "nr_badpages: 638 (expected: 0..637 for 4096-byte pages)", page,
                AREA);
        final ByteBuffer little = valid();
        little.order(ByteOrder.LITTLE_ENDIAN).putInt(1028, 0).putInt(1032, 638); // native: last_page first
        assertEquals(Problem.EMPTY, assertThrows(SwapHeaderException.class, () -> SwapHeader.decode(little, AREA))
                .problem());
        final ByteBuffer file = SwapHeader.create(P, 16384, "", ID).withByteOrder(ByteOrder.BIG_ENDIAN).encode();
        file.order(ByteOrder.BIG_ENDIAN).putInt(1032, 638); // a regular file: the count still comes first
        assertEquals(Problem.TOO_MANY_BAD_PAGES, assertThrows(SwapHeaderException.class,
                () -> SwapHeader.decode(file, AREA, true)).problem());
    }

    @Test
    void decode_badPageZeroOrPastLastPage_isOutOfRange() {
        final ByteBuffer zero = SwapHeader.create(P, 16384, "", ID, 5, 6).encode();
        zero.order(ByteOrder.LITTLE_ENDIAN).putInt(1540, 0);
        assertProblem(Problem.BAD_PAGE_OUT_OF_RANGE, "badpages[1]: 0 (expected: 1..16383, i.e. 1..last_page)", zero,
                AREA);
        final ByteBuffer past = SwapHeader.create(P, 16384, "", ID, 5).encode();
        past.order(ByteOrder.LITTLE_ENDIAN).putInt(1536, 16384);
        assertProblem(Problem.BAD_PAGE_OUT_OF_RANGE, "badpages[0]: 16384 (expected: 1..16383, i.e. 1..last_page)", past,
                AREA);
    }

    @Test
    void decode_everyPageBad_hasNoUsablePages() {
        final ByteBuffer page = SwapHeader.create(P, 3, "", ID, 1).encode();
        page.order(ByteOrder.LITTLE_ENDIAN).putInt(1032, 2).putInt(1540, 2);
        assertProblem(Problem.NO_USABLE_PAGES, "usable pages: 0 (expected: at least 1; last_page 2 with 2 bad-page"
                + " entries leaves none): empty swap-file", page, 3L * P);
    }

    @Test
    void decode_oneBadPageLeavingNone_isSingular() {
        final ByteBuffer page = SwapHeader.create(P, 3, "", ID, 1).encode();
        page.order(ByteOrder.LITTLE_ENDIAN).putInt(1028, 1); // last_page 1: page 1 is bad, page 2 is not in the area
        assertProblem(Problem.NO_USABLE_PAGES, "usable pages: 0 (expected: at least 1; last_page 1 with 1 bad-page"
                + " entry leaves none): empty swap-file", page, 3L * P);
    }

    @Test
    void decode_signatureBytes_areEscapedByteByByte() {
        final ByteBuffer page = valid();
        page.put(4086, new byte[] {'S', 'W', (byte) 0xff, 0x1b, '"', '\\', 0, 'x', 'y', 'z'});
        assertProblem(Problem.NO_SIGNATURE, "swap signature at offset 4086: \"SW\\xff\\x1b\\x22\\x5c\\x00xyz\""
                + " (expected: \"SWAPSPACE2\"): unable to find swap-space signature", page, AREA);
    }

    @Test
    void decode_duplicateBadPages_countOnceInTheMapAndEachTimeAsSwaponCounts() throws SwapHeaderException {
        final ByteBuffer page = SwapHeader.create(P, 10, "", ID, 3, 5, 7).encode();
        page.order(ByteOrder.LITTLE_ENDIAN).putInt(1536, 7).putInt(1540, 7).putInt(1544, 3);
        final SwapHeader h = SwapHeader.decode(page, 10L * P);
        assertArrayEquals(new long[] {7, 7, 3}, h.badPages());
        assertEquals(7, h.usablePages()); // 9 after the header, pages 3 and 7 marked bad
        assertEquals(6, h.swaponPages()); // setup_swap_map_and_extents: nr_good_pages-- for each of the 3 entries
    }

    @Test
    void decode_duplicateBadPagesThatSwaponCountsToZero_isEmptyAsSwaponSays() {
        final ByteBuffer page = SwapHeader.create(P, 3, "", ID, 1).encode();
        page.order(ByteOrder.LITTLE_ENDIAN).putInt(1032, 2).putInt(1540, 1); // [1, 1]: page 2 is still good
        assertProblem(Problem.NO_USABLE_PAGES, "usable pages: 0 (expected: at least 1; last_page 2 with 2 bad-page"
                + " entries leaves none; swapon counts a repeated entry each time): empty swap-file", page, 3L * P);
    }

    @Test
    void decode_moreEntriesThanPages_isRefusedWhereSwaponsCountWouldWrap() {
        final ByteBuffer page = SwapHeader.create(P, 3, "", ID, 1).encode();
        page.order(ByteOrder.LITTLE_ENDIAN).putInt(1032, 3).putInt(1540, 1).putInt(1544, 2);
        assertProblem(Problem.NO_USABLE_PAGES, "usable pages: -1 (expected: at least 1; last_page 2 with 3 bad-page"
                + " entries leaves none, and swapon's unsigned count would wrap around; swapon counts a repeated entry"
                + " each time): empty swap-file", page, 3L * P);
    }

    @Test
    void decode_unsupportedPageSize_isAnArgumentError() {
        assertEquals("pageSize: 100 (expected: a power of two in 4096..65536)", assertThrows(
                IllegalArgumentException.class, () -> SwapHeader.decode(ByteBuffer.allocate(100), AREA)).getMessage());
    }

    @Test
    void decode_doesNotMoveThePositionOfThePage() throws SwapHeaderException {
        final ByteBuffer big = ByteBuffer.allocate(2 * P);
        big.position(P).put(valid()).position(P);
        assertEquals(16384, SwapHeader.decode(big, AREA).pages());
        assertEquals(P, big.position());
    }

    private static ByteBuffer valid() {
        return SwapHeader.create(P, 16384, "ok", ID).encode();
    }

    private static void assertProblem(final Problem problem, final String message, final ByteBuffer page,
            final long area) {
        final SwapHeaderException e = assertThrows(SwapHeaderException.class, () -> SwapHeader.decode(page, area));
        assertEquals(problem, e.problem());
        assertEquals(message, e.getMessage());
    }

    private static byte[] bytes(final ByteBuffer page, final int offset, final int length) {
        final byte[] b = new byte[length];
        page.get(offset, b);
        return b;
    }
}

package dev.swaplayer.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The zram-like {@link CompressedRamDevice}: round trips with every algorithm and unit size, its mm_stat accounting,
 * the staging of multi-page units, and its configuration and lifecycle.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own devices.
 */
class CompressedRamDeviceTest {
    private static final int P = 4096;

    static Stream<Arguments> algorithmsAndUnits() {
        return Arrays.stream(Algorithm.values())
                .flatMap(a -> Stream.of(4096, 16384, 65536).map(u -> Arguments.of(a, u)));
    }

    private static CompressedRamDevice device(final Algorithm a, final int unit, final long capacity) {
        return CompressedRamDevice.builder(capacity).algorithm(a).unitBytes(unit).build();
    }

    // ------------------------------------------------------------------ round trips

    @ParameterizedTest(name = "{0} unit {1}")
    @MethodSource("algorithmsAndUnits")
    @SuppressWarnings("EnumOrdinal") // the ordinal only makes the seed differ per algorithm
    void pageWrites_everyKindOfPage_readBackExactly(final Algorithm a, final int unit) {
        final CompressedRamDevice d = device(a, unit, 128);
        final Random rnd = new Random(unit + a.ordinal());
        final byte[][] pages = new byte[128][];
        for (int s = 1; s < 128; s++) {
            pages[s] = pageOfKind(s % 5, rnd);
            d.write(s, ByteBuffer.wrap(pages[s]));
        }
        for (int s = 127; s >= 1; s--) {
            assertArrayEquals(pages[s], read(d, s), a + " unit " + unit + " slot " + s);
        }
        d.verifyInvariants();
        final MmStat m = d.mmStat();
        assertEquals(127L * P, m.origDataSize());
        assertTrue(m.comprDataSize() < m.origDataSize(), m.toString());
    }

    @ParameterizedTest(name = "{0} unit {1}")
    @MethodSource("algorithmsAndUnits")
    void writeUnit_thenPartialAndWholeReads_returnTheUnit(final Algorithm a, final int unit) {
        final int k = unit / P;
        final CompressedRamDevice d = device(a, unit, 4L * k);
        final Random rnd = new Random(7);
        final byte[] data = new byte[unit];
        for (int i = 0; i < k; i++) {
            System.arraycopy(pageOfKind(i % 5, rnd), 0, data, i * P, P);
        }
        d.writeUnit(2L * k, ByteBuffer.wrap(data));
        for (int i = 0; i < k; i++) { // partial reads: one page of the unit at a time
            assertArrayEquals(Arrays.copyOfRange(data, i * P, (i + 1) * P), read(d, 2L * k + i), "page " + i);
        }
        final ByteBuffer whole = ByteBuffer.allocate(unit);
        d.readUnit(2L * k, whole);
        assertArrayEquals(data, whole.array());
        assertEquals(new DeviceStats(2L * k, k, 0, 0, 0, 2L * unit, unit), d.stats(), "counted in pages");
        d.verifyInvariants();
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void incompressiblePage_isStoredHugeAndReadBack(final Algorithm a) {
        final CompressedRamDevice d = device(a, P, 16);
        final byte[] random = pageOfKind(0, new Random(3));
        d.write(1, ByteBuffer.wrap(random));
        assertArrayEquals(random, read(d, 1));
        final MmStat m = d.mmStat();
        assertEquals(1, m.hugePages());
        assertEquals(P, m.comprDataSize(), "a huge page counts as a full page");
        assertEquals(16 + P, m.objectBytes(), "one raw byte[4096]");
    }

    @ParameterizedTest
    @EnumSource(Algorithm.class)
    void hugeThreshold_isThreeQuartersOfTheUnit(final Algorithm a) {
        // A random prefix of R bytes then zeros compresses to about R bytes: 2900 stays under
        // max_zpage_size = 4096 / 4 * 3 = 3072, 3300 goes over.
        final CompressedRamDevice d = device(a, P, 16);
        final byte[] under = new byte[P];
        final byte[] over = new byte[P];
        final Random rnd = new Random(8);
        rnd.nextBytes(under);
        rnd.nextBytes(over);
        Arrays.fill(under, 2900, P, (byte) 0);
        Arrays.fill(over, 3300, P, (byte) 0);
        d.write(1, ByteBuffer.wrap(under));
        MmStat m = d.mmStat();
        assertEquals(0, m.hugePages(), m.toString());
        assertTrue(m.comprDataSize() > 2900 && m.comprDataSize() <= 3072, m.toString());
        d.write(2, ByteBuffer.wrap(over));
        m = d.mmStat();
        assertEquals(1, m.hugePages(), m.toString());
        assertArrayEquals(under, read(d, 1));
        assertArrayEquals(over, read(d, 2));
    }

    // ------------------------------------------------------------------ mm_stat accounting

    @Test
    void samePages_useNoObjectMemory() {
        final CompressedRamDevice d = device(Algorithm.LZ4, P, 16);
        d.write(1, ByteBuffer.wrap(new byte[P]));
        d.write(2, ByteBuffer.wrap(filled(0x0102030405060708L)));
        d.write(3, ByteBuffer.wrap(filled(-1L)));
        final MmStat m = d.mmStat();
        assertEquals(new MmStat(3L * P, 0, m.tableBytes(), m.tableBytes(), 3, 0, 0, m.tableBytes()), m);
        assertArrayEquals(filled(0x0102030405060708L), read(d, 2));
        assertArrayEquals(filled(-1L), read(d, 3));
    }

    @Test
    void pageWithOneDifferentWord_isNotSameFilled() {
        final CompressedRamDevice d = device(Algorithm.LZ4, P, 16);
        final byte[] p = new byte[P];
        p[P - 1] = 1;
        d.write(1, ByteBuffer.wrap(p));
        final MmStat m = d.mmStat();
        assertEquals(0, m.samePages());
        assertEquals(0, m.hugePages());
        assertTrue(m.comprDataSize() > 0 && m.comprDataSize() < 100, m.toString());
        assertArrayEquals(p, read(d, 1));
    }

    @Test
    void compressedPage_accountsItsLengthAndFootprint() {
        final CompressedRamDevice d = device(Algorithm.DEFLATE, P, 16);
        d.write(1, ByteBuffer.wrap(pageOfKind(3, new Random(1))));
        final MmStat m = d.mmStat();
        final long c = m.comprDataSize();
        assertTrue(c > 0 && c <= P / 4 * 3, m.toString());
        assertEquals((16 + c + 7) / 8 * 8, m.objectBytes(), "byte[] header + length, 8-byte aligned");
        assertEquals(m.objectBytes() + m.tableBytes(), m.memUsedTotal());
        assertEquals((double) c / m.memUsedTotal(), m.spaceEfficiency(), 1e-12);
        assertEquals((double) c / P, m.compressionRatio(), 1e-12);
    }

    @Test
    void tableBytes_is20BytesPerUnitPlusTheBitmapAndHeaders() {
        assertEquals(1024 * 20 + 16 * 8 + 64, device(Algorithm.LZ4, P, 1024).mmStat().tableBytes());
        assertEquals(64 * 20 + 16 * 8 + 64, device(Algorithm.LZ4, 65536, 1024).mmStat().tableBytes());
    }

    @Test
    void discard_ofEveryPage_releasesAllMemory() {
        final CompressedRamDevice d = device(Algorithm.ZSTD, P, 64);
        final Random rnd = new Random(5);
        for (int s = 1; s < 64; s++) {
            d.write(s, ByteBuffer.wrap(pageOfKind(s % 5, rnd)));
        }
        final MmStat full = d.mmStat();
        assertTrue(full.objectBytes() > 0 && full.samePages() > 0 && full.hugePages() > 0, full.toString());
        d.discard(1, 63);
        final MmStat empty = d.mmStat();
        assertEquals(new MmStat(0, 0, empty.tableBytes(), full.memUsedMax(), 0, 0, 0, empty.tableBytes()), empty);
        assertEquals(full.memUsedTotal(), full.memUsedMax());
        d.verifyInvariants();
    }

    @Test
    void discard_ofPartOfAMultiPageUnit_keepsTheObjectUntilTheLastPageGoes() {
        final CompressedRamDevice d = device(Algorithm.LZ4, 16384, 16);
        final byte[] unit = new byte[16384];
        for (int i = 0; i < unit.length; i++) {
            unit[i] = (byte) (i % 251);
        }
        d.writeUnit(4, ByteBuffer.wrap(unit));
        final MmStat before = d.mmStat();
        d.discard(5, 2);
        final MmStat after = d.mmStat();
        assertEquals(2L * P, after.origDataSize());
        assertEquals(before.comprDataSize(), after.comprDataSize(), "the unit object is kept");
        assertArrayEquals(new byte[P], read(d, 5));
        assertArrayEquals(Arrays.copyOfRange(unit, 3 * P, 4 * P), read(d, 7));
        d.discard(4, 1);
        d.discard(7, 1);
        assertEquals(0, d.mmStat().objectBytes(), "freed with the last page");
        d.verifyInvariants();
    }

    @Test
    void samePagesAndHugePages_countStoredPagesOfTheirUnits() {
        final CompressedRamDevice d = device(Algorithm.LZ4, 16384, 16);
        d.writeUnit(4, ByteBuffer.wrap(new byte[16384]));
        final byte[] random = new byte[16384];
        new Random(9).nextBytes(random);
        d.writeUnit(8, ByteBuffer.wrap(random));
        MmStat m = d.mmStat();
        assertEquals(4, m.samePages());
        assertEquals(4, m.hugePages());
        assertEquals(16384, m.comprDataSize());
        d.discard(4, 1);
        d.discard(8, 2);
        m = d.mmStat();
        assertEquals(3, m.samePages());
        assertEquals(2, m.hugePages());
        d.verifyInvariants();
    }

    // ------------------------------------------------------------------ staging of multi-page units

    @Test
    void consecutivePageWrites_ofAnAlignedUnit_compressLikeOneWriteUnit() {
        final int unit = 65536;
        final byte[] data = new byte[unit];
        final Random rnd = new Random(11);
        for (int i = 0; i < unit; i++) {
            data[i] = (byte) ('a' + rnd.nextInt(6));
        }
        final CompressedRamDevice byPages = device(Algorithm.ZSTD, unit, 32);
        for (int i = 0; i < 16; i++) {
            byPages.write(16 + i, ByteBuffer.wrap(data, i * P, P));
        }
        final CompressedRamDevice byUnit = device(Algorithm.ZSTD, unit, 32);
        byUnit.writeUnit(16, ByteBuffer.wrap(data));
        assertEquals(byUnit.mmStat(), byPages.mmStat());
        final ByteBuffer back = ByteBuffer.allocate(unit);
        byPages.readUnit(16, back);
        assertArrayEquals(data, back.array());
    }

    @Test
    void singlePageWrite_intoAStoredUnit_patchesItAndKeepsTheOtherPages() {
        final CompressedRamDevice d = device(Algorithm.DEFLATE, 16384, 16);
        final byte[] unit = new byte[16384];
        new Random(2).nextBytes(unit);
        d.writeUnit(8, ByteBuffer.wrap(unit));
        final byte[] patch = filled(0x55L);
        d.write(10, ByteBuffer.wrap(patch));
        System.arraycopy(patch, 0, unit, 2 * P, P);
        assertArrayEquals(patch, read(d, 10), "read from the open unit");
        d.flush();
        final ByteBuffer back = ByteBuffer.allocate(16384);
        d.readUnit(8, back);
        assertArrayEquals(unit, back.array(), "after sealing");
        assertEquals(4L * P, d.mmStat().origDataSize());
        d.verifyInvariants();
    }

    @Test
    void interleavedPageWrites_acrossUnits_keepEveryPage() {
        final CompressedRamDevice d = device(Algorithm.LZ4, 16384, 32);
        final byte[][] pages = new byte[32][];
        final Random rnd = new Random(4);
        for (int i = 0; i < 4; i++) {
            for (final int u : new int[] {1, 3, 2}) {
                final int slot = u * 4 + i;
                pages[slot] = pageOfKind(rnd.nextInt(5), rnd);
                d.write(slot, ByteBuffer.wrap(pages[slot]));
                d.verifyInvariants();
            }
        }
        for (int s = 4; s < 16; s++) {
            assertArrayEquals(pages[s], read(d, s), "slot " + s);
        }
    }

    @Test
    void unitHoldingSlot0_isWrittenPageByPageOnly() {
        final CompressedRamDevice d = device(Algorithm.LZ4, 16384, 16);
        assertEquals("firstSlot: 0 (expected: a multiple of 4 in 1..12, the first slot of a unit not holding slot 0)",
                assertThrows(IllegalArgumentException.class, () -> d.writeUnit(0, ByteBuffer.allocate(16384)))
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.writeUnit(6, ByteBuffer.allocate(16384)));
        assertThrows(IllegalArgumentException.class, () -> d.writeUnit(4, ByteBuffer.allocate(4096)));
        d.write(1, ByteBuffer.wrap(filled(7)));
        d.write(3, ByteBuffer.wrap(filled(9)));
        assertArrayEquals(filled(7), read(d, 1));
        assertArrayEquals(new byte[P], read(d, 2));
        assertEquals(2, d.stats().writes());
    }

    // ------------------------------------------------------------------ configuration and lifecycle

    @Test
    void builder_badConfiguration_isRefusedWithTheProjectMessageShape() {
        assertEquals("capacity: 100 (expected: a multiple of 16 pages (the unit) in 16..4294967296)",
                assertThrows(IllegalArgumentException.class,
                        () -> CompressedRamDevice.builder(100).unitBytes(65536).build()).getMessage());
        assertEquals("unitBytes: 12288 (expected: the page size 4096 times a power of two up to 64, at most 16777215"
                + " bytes)", assertThrows(IllegalArgumentException.class,
                        () -> CompressedRamDevice.builder(96).unitBytes(12288).build()).getMessage());
        assertEquals("capacity: 1 (expected: a multiple of 1 pages (the unit) in 2..2147483631)",
                assertThrows(IllegalArgumentException.class, () -> CompressedRamDevice.builder(1).build())
                        .getMessage());
        assertThrows(IllegalArgumentException.class, () -> CompressedRamDevice.builder(16).pageSize(3000).build());
        assertEquals("algorithm: zlib (expected: one of lz4, zstd, deflate)",
                assertThrows(IllegalArgumentException.class, () -> Algorithm.fromKernelName("zlib")).getMessage());
        assertEquals(Algorithm.ZSTD, Algorithm.fromKernelName("ZSTD"));
    }

    @Test
    void close_releasesEverything() {
        final CompressedRamDevice d = device(Algorithm.DEFLATE, P, 16);
        d.write(1, ByteBuffer.wrap(pageOfKind(0, new Random(1))));
        d.close();
        final MmStat m = d.mmStat();
        assertEquals(0, m.origDataSize());
        assertEquals(0, m.objectBytes());
        d.verifyInvariants();
        assertThrows(IllegalStateException.class, () -> d.readUnit(1, ByteBuffer.allocate(P)));
    }

    @Test
    void smallerPages_workWithTheSameRules() {
        final CompressedRamDevice d = CompressedRamDevice.builder(64).pageSize(512).unitBytes(2048).build();
        final byte[] p = new byte[512];
        new Random(1).nextBytes(p);
        d.write(5, ByteBuffer.wrap(p));
        final ByteBuffer back = ByteBuffer.allocate(512);
        d.read(5, back);
        assertArrayEquals(p, back.array());
        assertEquals(512, d.mmStat().origDataSize());
    }

    // ------------------------------------------------------------------ helpers

    static byte[] read(final SwapDevice d, final long slot) {
        final ByteBuffer b = ByteBuffer.allocate(d.pageSize());
        try {
            d.read(slot, b);
        } catch (final IOException e) {
            throw new AssertionError(e);
        }
        return b.array();
    }

    static byte[] filled(final long word) {
        final ByteBuffer b = ByteBuffer.allocate(P).order(ByteOrder.LITTLE_ENDIAN);
        while (b.hasRemaining()) {
            b.putLong(word);
        }
        return b.array();
    }

    /** 0 random, 1 zeros, 2 same-filled, 3 compressible text, 4 half random. */
    static byte[] pageOfKind(final int kind, final Random rnd) {
        final byte[] p = new byte[P];
        switch (kind) {
            case 0 -> rnd.nextBytes(p);
            case 1 -> { }
            case 2 -> {
                return filled(rnd.nextLong());
            }
            case 3 -> {
                for (int i = 0; i < P; i++) {
                    p[i] = (byte) ('a' + rnd.nextInt(4));
                }
            }
            default -> {
                final byte[] half = new byte[P / 2];
                rnd.nextBytes(half);
                System.arraycopy(half, 0, p, 0, half.length);
            }
        }
        return p;
    }
}

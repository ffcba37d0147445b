package dev.swaplayer.device;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link SwapDevice} contract, run against every implementation by a subclass per device. Each device
 * under test has {@value #CAPACITY} slots (a multiple of every unit size used) and 4 KiB pages.
 *
 * <p>Thread safety: each test opens its own device in its own temporary directory on JUnit's one thread; the
 * concurrent-writers test shares that device among four pool threads, each writing its own slots, and waits for all of
 * them before it asserts.
 */
abstract class SwapDeviceContractTest {
    static final int CAPACITY = 64;
    static final int P = 4096;

    @TempDir
    Path dir;

    SwapDevice device;

    /** Makes a fresh, empty device of {@code capacity} slots with 4 KiB pages and no bad slots. */
    abstract SwapDevice newDevice(Path dir, long capacity) throws IOException;

    @BeforeEach
    void open() throws IOException {
        device = newDevice(dir, CAPACITY);
    }

    @AfterEach
    void close() throws IOException {
        device.close();
    }

    @Test
    void geometry_isAsCreated() {
        assertEquals(CAPACITY, device.capacity());
        assertEquals(P, device.pageSize());
        assertArrayEquals(new long[0], device.badSlots());
        assertEquals(DeviceStats.ZERO, device.stats());
    }

    @Test
    void write_thenRead_returnsTheSameBytesForEverySlot() throws IOException {
        for (long slot = 1; slot < CAPACITY; slot++) {
            device.write(slot, ByteBuffer.wrap(page(slot)));
        }
        for (long slot = CAPACITY - 1; slot >= 1; slot--) {
            assertArrayEquals(page(slot), read(slot), "slot " + slot);
        }
    }

    @Test
    void write_twice_keepsTheLastPage() throws IOException {
        device.write(5, ByteBuffer.wrap(page(1)));
        device.write(5, ByteBuffer.wrap(page(2)));
        assertArrayEquals(page(2), read(5));
    }

    @Test
    void read_neverWrittenSlot_isZeros() throws IOException {
        device.write(2, ByteBuffer.wrap(page(2)));
        assertArrayEquals(new byte[P], read(1));
        assertArrayEquals(new byte[P], read(3));
    }

    @Test
    void discard_thenRead_isZerosAndNeighboursAreKept() throws IOException {
        for (long slot = 1; slot < CAPACITY; slot++) {
            device.write(slot, ByteBuffer.wrap(page(slot)));
        }
        device.discard(3, 20);
        for (long slot = 1; slot < CAPACITY; slot++) {
            final byte[] expected = slot >= 3 && slot < 23 ? new byte[P] : page(slot);
            assertArrayEquals(expected, read(slot), "slot " + slot);
        }
        device.write(10, ByteBuffer.wrap(page(99)));
        assertArrayEquals(page(99), read(10), "a discarded slot can be written again");
    }

    @Test
    void buffers_withOffsetsAndDirect_areReadAndWrittenFromTheirPosition() throws IOException {
        final ByteBuffer src = ByteBuffer.allocateDirect(3 * P);
        src.position(P).put(page(7)).position(P).limit(2 * P);
        device.write(7, src);
        assertEquals(2 * P, src.position(), "src advanced by one page");
        final ByteBuffer dst = ByteBuffer.allocate(3 * P);
        dst.position(2 * P);
        device.read(7, dst);
        assertEquals(3 * P, dst.position(), "dst advanced by one page");
        final byte[] got = new byte[P];
        dst.get(2 * P, got);
        assertArrayEquals(page(7), got);
    }

    @Test
    void slot0_isRefusedWithTheRangeAndNothingChanges() throws IOException {
        final ByteBuffer src = ByteBuffer.wrap(page(0));
        assertEquals("slot: 0 (expected: 1..63)",
                assertThrows(IllegalArgumentException.class, () -> device.write(0, src)).getMessage());
        assertEquals(0, src.position());
        assertEquals("slot: 0 (expected: 1..63)", assertThrows(IllegalArgumentException.class,
                () -> device.read(0, ByteBuffer.allocate(P))).getMessage());
        assertEquals(DeviceStats.ZERO, device.stats());
    }

    @Test
    void slotPastTheEnd_isRefused() {
        assertEquals("slot: 64 (expected: 1..63)", assertThrows(IllegalArgumentException.class,
                () -> device.write(CAPACITY, ByteBuffer.allocate(P))).getMessage());
        assertEquals("slot: -1 (expected: 1..63)", assertThrows(IllegalArgumentException.class,
                () -> device.read(-1, ByteBuffer.allocate(P))).getMessage());
    }

    @Test
    void buffers_notExactlyOnePage_orReadOnly_areRefused() throws IOException {
        device.write(1, ByteBuffer.wrap(page(1)));
        assertEquals("src.remaining(): 4095 (expected: 4096)", assertThrows(IllegalArgumentException.class,
                () -> device.write(1, ByteBuffer.allocate(P - 1))).getMessage());
        assertEquals("dst.remaining(): 8192 (expected: 4096)", assertThrows(IllegalArgumentException.class,
                () -> device.read(1, ByteBuffer.allocate(2 * P))).getMessage());
        assertEquals("dst: read-only (expected: a writable buffer)", assertThrows(IllegalArgumentException.class,
                () -> device.read(1, ByteBuffer.allocate(P).asReadOnlyBuffer())).getMessage());
        assertArrayEquals(page(1), read(1), "state unchanged");
    }

    @Test
    void writeRun_thenPageReads_andReadRun_returnTheSameBytes() throws IOException {
        for (final int[] run : new int[][] {{1, 3}, {4, 17}, {21, 12}, {33, 31}}) {
            final ByteBuffer src = ByteBuffer.wrap(pages(run[0], run[1]));
            device.writeRun(run[0], run[1], src);
            assertEquals(src.capacity(), src.position(), "src consumed");
        }
        for (long slot = 1; slot < CAPACITY; slot++) {
            assertArrayEquals(page(slot), read(slot), "slot " + slot);
        }
        for (final int[] run : new int[][] {{1, 63}, {2, 5}, {15, 18}, {63, 1}}) {
            final ByteBuffer dst = ByteBuffer.allocate(run[1] * P);
            device.readRun(run[0], run[1], dst);
            assertEquals(dst.capacity(), dst.position(), "dst filled");
            assertArrayEquals(pages(run[0], run[1]), dst.array(), "run " + run[0] + "+" + run[1]);
        }
        assertEquals(63, device.stats().writes(), "a run counts its pages");
        assertEquals(63 + 63 + 5 + 18 + 1, device.stats().reads(), "page reads, then runs");
    }

    @Test
    void writeRun_overwritesPartOfEarlierRunsAndSinglePages() throws IOException {
        device.writeRun(1, 40, ByteBuffer.wrap(pages(1, 40)));
        device.write(9, ByteBuffer.wrap(page(900)));
        device.writeRun(6, 6, ByteBuffer.wrap(pages(600, 6)));
        device.discard(20, 2);
        final ByteBuffer dst = ByteBuffer.allocate(40 * P);
        device.readRun(1, 40, dst);
        for (int slot = 1; slot <= 40; slot++) {
            final byte[] expected = slot >= 6 && slot < 12 ? page(600 + slot - 6)
                    : slot == 20 || slot == 21 ? new byte[P] : page(slot);
            assertArrayEquals(expected, Arrays.copyOfRange(dst.array(), (slot - 1) * P, slot * P), "slot " + slot);
        }
    }

    @Test
    void runs_outOfRangeOrWithAWrongBuffer_areRefusedAndChangeNothing() {
        assertEquals("pages: 5 (expected: 1..4 from slot 60)", assertThrows(IllegalArgumentException.class,
                () -> device.writeRun(60, 5, ByteBuffer.allocate(5 * P))).getMessage());
        assertEquals("pages: 0 (expected: 1..4 from slot 60)", assertThrows(IllegalArgumentException.class,
                () -> device.readRun(60, 0, ByteBuffer.allocate(0))).getMessage());
        assertEquals("slot: 0 (expected: 1..63)", assertThrows(IllegalArgumentException.class,
                () -> device.readRun(0, 2, ByteBuffer.allocate(2 * P))).getMessage());
        assertEquals("src.remaining(): 4096 (expected: 8192)", assertThrows(IllegalArgumentException.class,
                () -> device.writeRun(3, 2, ByteBuffer.allocate(P))).getMessage());
        assertEquals("dst: read-only (expected: a writable buffer)", assertThrows(IllegalArgumentException.class,
                () -> device.readRun(3, 2, ByteBuffer.allocate(2 * P).asReadOnlyBuffer())).getMessage());
        assertEquals(DeviceStats.ZERO, device.stats());
    }

    @Test
    void discard_badRange_isRefused() {
        assertEquals("firstSlot: 0 (expected: 1..63)",
                assertThrows(IllegalArgumentException.class, () -> device.discard(0, 1)).getMessage());
        assertEquals("count: 0 (expected: 1..4 from firstSlot 60)",
                assertThrows(IllegalArgumentException.class, () -> device.discard(60, 0)).getMessage());
        assertEquals("count: 5 (expected: 1..4 from firstSlot 60)",
                assertThrows(IllegalArgumentException.class, () -> device.discard(60, 5)).getMessage());
        assertEquals(DeviceStats.ZERO, device.stats());
    }

    @Test
    void stats_countSuccessfulOperations() throws IOException {
        device.write(1, ByteBuffer.wrap(page(1)));
        device.write(2, ByteBuffer.wrap(page(2)));
        read(1);
        device.discard(1, 2);
        device.flush();
        assertEquals(new DeviceStats(1, 2, 1, 2, 1, P, 2 * P), device.stats());
    }

    @Test
    void badSlots_isACopy() {
        final long[] bad = device.badSlots();
        if (bad.length > 0) {
            bad[0] = -1;
        }
        assertArrayEquals(new long[0], device.badSlots());
    }

    @Test
    void close_isIdempotentAndLaterUseIsRefused() throws IOException {
        device.close();
        device.close();
        assertEquals("device: closed (expected: open)", assertThrows(IllegalStateException.class,
                () -> device.write(1, ByteBuffer.allocate(P))).getMessage());
        assertThrows(IllegalStateException.class, () -> device.read(1, ByteBuffer.allocate(P)));
        assertThrows(IllegalStateException.class, () -> device.discard(1, 1));
        assertThrows(IllegalStateException.class, () -> device.flush());
        assertThrows(IllegalStateException.class, () -> device.readRun(1, 2, ByteBuffer.allocate(2 * P)));
        assertThrows(IllegalStateException.class, () -> device.writeRun(1, 2, ByteBuffer.allocate(2 * P)));
    }

    @Test
    void concurrentWriters_ofDisjointSlots_allLand() throws Exception {
        final int threads = 4;
        final ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            final List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                final int first = t;
                done.add(pool.submit(() -> {
                    for (long slot = 1L + first; slot < CAPACITY; slot += threads) {
                        device.write(slot, ByteBuffer.wrap(page(slot)));
                        assertArrayEquals(page(slot), read(slot), "slot " + slot);
                    }
                    return null;
                }));
            }
            for (final Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        for (long slot = 1; slot < CAPACITY; slot++) {
            assertArrayEquals(page(slot), read(slot), "slot " + slot);
        }
        assertEquals(CAPACITY - 1, device.stats().writes());
    }

    @Test
    void randomWorkload_matchesAModel() throws IOException {
        final Random rnd = new Random(42);
        final byte[][] model = new byte[CAPACITY][];
        for (int step = 0; step < 600; step++) {
            final long slot = 1L + rnd.nextInt(CAPACITY - 1);
            switch (rnd.nextInt(6)) {
                case 0, 1, 2 -> {
                    final byte[] p = kindOfPage(rnd);
                    device.write(slot, ByteBuffer.wrap(p));
                    model[(int) slot] = p;
                }
                case 3 -> {
                    final long count = 1L + rnd.nextInt((int) Math.min(8, CAPACITY - slot));
                    device.discard(slot, count);
                    for (long s = slot; s < slot + count; s++) {
                        model[(int) s] = null;
                    }
                }
                case 4 -> device.flush();
                default -> assertArrayEquals(model[(int) slot] == null ? new byte[P] : model[(int) slot], read(slot),
                        "step " + step + " slot " + slot);
            }
            afterStep();
        }
        for (int slot = 1; slot < CAPACITY; slot++) {
            assertArrayEquals(model[slot] == null ? new byte[P] : model[slot], read(slot), "slot " + slot);
        }
    }

    /** Called after each step of the random workload: subclasses check their invariants here. */
    void afterStep() {
    }

    byte[] read(final long slot) throws IOException {
        final ByteBuffer b = ByteBuffer.allocate(P);
        device.read(slot, b);
        return b.array();
    }

    /** Pages {@code page(first) .. page(first + count - 1)} back to back. */
    static byte[] pages(final long first, final int count) {
        final byte[] b = new byte[count * P];
        for (int i = 0; i < count; i++) {
            System.arraycopy(page(first + i), 0, b, i * P, P);
        }
        return b;
    }

    /** A random page seeded by {@code seed}: incompressible. */
    static byte[] page(final long seed) {
        final byte[] b = new byte[P];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** A random page of one of five kinds: random, zeros, same-filled, compressible text, half random. */
    static byte[] kindOfPage(final Random rnd) {
        final byte[] p = new byte[P];
        switch (rnd.nextInt(5)) {
            case 0 -> rnd.nextBytes(p);
            case 1 -> { }
            case 2 -> {
                final ByteBuffer b = ByteBuffer.wrap(p);
                final long fill = rnd.nextLong();
                while (b.hasRemaining()) {
                    b.putLong(fill);
                }
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

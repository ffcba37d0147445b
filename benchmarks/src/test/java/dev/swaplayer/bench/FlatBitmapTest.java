package dev.swaplayer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.properties.engine.Gen;
import dev.swaplayer.properties.engine.Gens;
import dev.swaplayer.properties.engine.Property;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The lower-bound baseline is a correct allocator: checked against a boolean-per-slot model.
 *
 * <p>Thread safety: each test builds its own bitmaps on JUnit's one thread, except the two-thread test, which starts
 * two threads that share one {@link AtomicFlatBitmap} and joins them before it asserts.
 */
class FlatBitmapTest {
    private static final int SLOTS = 256;

    /** The naive meaning of freeLanes: lanes of 2^order bits that are all clear. */
    private static long naiveLanes(final long word, final int order) {
        final int size = 1 << order;
        long lanes = 0;
        for (int start = 0; start < Long.SIZE; start += size) {
            final long mask = order == FlatBitmap.MAX_ORDER ? -1L : ((1L << size) - 1) << start;
            if ((word & mask) == 0) {
                lanes |= 1L << start;
            }
        }
        return lanes;
    }

    @Test
    void freeLanesMatchesTheNaiveScanOnEverySixteenBitPattern() {
        Property.exhaustive("freeLanes over all 16-bit patterns, placed in each quarter of the word",
                () -> IntStream.range(0, 1 << 16).iterator()).check(p -> {
                    for (int quarter = 0; quarter < 4; quarter++) {
                        final long word = ((long) p << (16 * quarter)) | (quarter == 0 ? 0 : 1L);
                        for (int order = 0; order <= FlatBitmap.MAX_ORDER; order++) {
                            assertEquals(naiveLanes(word, order), FlatBitmap.freeLanes(word, order),
                                    "word " + Long.toHexString(word) + ", order " + order);
                        }
                    }
                });
    }

    @Test
    void freeLanesMatchesTheNaiveScanOnRandomWords() {
        Property.forAll("freeLanes over random sparse words", Gens.zip(Gens.longs(Long.MIN_VALUE, Long.MAX_VALUE),
                Gens.longs(Long.MIN_VALUE, Long.MAX_VALUE), (a, b) -> a & b & (a >>> 7))).tries(2000).check(word -> {
                    for (int order = 0; order <= FlatBitmap.MAX_ORDER; order++) {
                        assertEquals(naiveLanes(word, order), FlatBitmap.freeLanes(word, order));
                    }
                });
    }

    /** One step: allocate an order, or free the live run at an index (mod the live count). */
    private record Op(boolean allocate, int order, int index) {
    }

    private interface Bitmap {
        long allocate(int order);

        void free(long slot, int order);

        long usedSlots();
    }

    private static Bitmap plain() {
        final FlatBitmap b = new FlatBitmap(SLOTS);
        return new Bitmap() {
            @Override
            public long allocate(final int order) {
                return b.allocate(order);
            }

            @Override
            public void free(final long slot, final int order) {
                b.free(slot, order);
            }

            @Override
            public long usedSlots() {
                return b.usedSlots();
            }
        };
    }

    private static Bitmap atomic() {
        final AtomicFlatBitmap b = new AtomicFlatBitmap(SLOTS);
        return new Bitmap() {
            @Override
            public long allocate(final int order) {
                return b.allocate(order);
            }

            @Override
            public void free(final long slot, final int order) {
                b.free(slot, order);
            }

            @Override
            public long usedSlots() {
                return b.usedSlots();
            }
        };
    }

    private static boolean alignedRunFree(final boolean[] used, final int order) {
        final int size = 1 << order;
        for (int s = 0; s < SLOTS; s += size) {
            boolean free = true;
            for (int i = s; i < s + size; i++) {
                free &= !used[i];
            }
            if (free) {
                return true;
            }
        }
        return false;
    }

    private static void checkAgainstModel(final Bitmap bitmap, final List<Op> ops) {
        final boolean[] used = new boolean[SLOTS];
        used[0] = true;
        final List<long[]> live = new ArrayList<>();
        for (final Op op : ops) {
            if (op.allocate() || live.isEmpty()) {
                final long slot = bitmap.allocate(op.order());
                if (slot == FlatBitmap.NONE) {
                    assertTrue(!alignedRunFree(used, op.order()), "NONE although an aligned run of order "
                            + op.order() + " is free");
                    continue;
                }
                assertEquals(0, slot % (1 << op.order()), "alignment of " + slot);
                for (long s = slot; s < slot + (1 << op.order()); s++) {
                    assertTrue(!used[(int) s], "slot " + s + " handed out twice");
                    used[(int) s] = true;
                }
                live.add(new long[] {slot, op.order()});
            } else {
                final long[] run = live.remove(op.index() % live.size());
                bitmap.free(run[0], (int) run[1]);
                for (long s = run[0]; s < run[0] + (1 << run[1]); s++) {
                    used[(int) s] = false;
                }
            }
            long expected = -1;
            for (final boolean u : used) {
                expected += u ? 1 : 0;
            }
            assertEquals(expected, bitmap.usedSlots());
        }
    }

    private static final Gen<List<Op>> OPS = Gens.lists(Gens.zip(
            Gens.zip(Gens.booleans(), Gens.orders(FlatBitmap.MAX_ORDER), (a, o) -> new Op(a, o, 0)),
            Gens.ints(0, 1000), (op, i) -> new Op(op.allocate(), op.order(), i)), 1, 300);

    @Test
    void flatBitmapRefinesTheSlotModel() {
        Property.forAll("FlatBitmap against a boolean-per-slot model", OPS).tries(300)
                .check(ops -> checkAgainstModel(plain(), ops));
    }

    @Test
    void atomicFlatBitmapRefinesTheSlotModelOnOneThread() {
        Property.forAll("AtomicFlatBitmap against a boolean-per-slot model", OPS).tries(300)
                .check(ops -> checkAgainstModel(atomic(), ops));
    }

    @Test
    void fillsEveryUsableSlotThenReportsNone() {
        final FlatBitmap b = new FlatBitmap(SLOTS);
        for (int i = 1; i < SLOTS; i++) {
            assertTrue(b.allocate(0) != FlatBitmap.NONE, "allocation " + i + " of " + (SLOTS - 1));
        }
        assertEquals(SLOTS - 1, b.usedSlots());
        assertEquals(FlatBitmap.NONE, b.allocate(0));
        b.free(77, 0);
        assertEquals(77, b.allocate(0));
    }

    @Test
    void misuseThrowsAndChangesNothing() {
        final FlatBitmap b = new FlatBitmap(SLOTS);
        final long s = b.allocate(4);
        assertEquals(16, s);
        assertThrows(IllegalStateException.class, () -> b.free(32, 4));
        assertThrows(IllegalArgumentException.class, () -> b.free(17, 4));
        assertThrows(IllegalArgumentException.class, () -> b.free(0, 0));
        assertThrows(IllegalArgumentException.class, () -> b.allocate(7));
        assertThrows(IllegalArgumentException.class, () -> new FlatBitmap(100));
        assertEquals(16, b.usedSlots());
        final AtomicFlatBitmap a = new AtomicFlatBitmap(SLOTS);
        assertEquals(16, a.allocate(4));
        assertThrows(IllegalStateException.class, () -> a.free(32, 4));
        assertEquals(16, a.usedSlots());
    }

    @Test
    void twoThreadsNeverShareASlot() throws InterruptedException {
        final AtomicFlatBitmap b = new AtomicFlatBitmap(1 << 12);
        final long[][] got = new long[2][];
        final Thread[] threads = new Thread[2];
        for (int t = 0; t < 2; t++) {
            final int id = t;
            threads[t] = new Thread(() -> {
                final long[] mine = new long[1000];
                for (int i = 0; i < mine.length; i++) {
                    mine[i] = b.allocate(i % 3 == 0 ? 2 : 0);
                }
                got[id] = mine;
            });
            threads[t].start();
        }
        for (final Thread t : threads) {
            t.join();
        }
        final boolean[] seen = new boolean[1 << 12];
        long slots = 0;
        for (final long[] mine : got) {
            for (int i = 0; i < mine.length; i++) {
                final int size = i % 3 == 0 ? 4 : 1;
                for (long s = mine[i]; s < mine[i] + size; s++) {
                    assertTrue(!seen[(int) s], "slot " + s + " given to two callers");
                    seen[(int) s] = true;
                    slots++;
                }
            }
        }
        assertEquals(slots, b.usedSlots());
    }
}

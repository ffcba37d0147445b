package dev.swaplayer.entry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.properties.engine.Gens;
import dev.swaplayer.properties.engine.Property;
import dev.swaplayer.properties.engine.PropertyFailure;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * INV-14: the swap entry codec round-trips, keeps fields apart, and rejects out-of-range fields. The two
 * round-trip checks (a random property and an exhaustive walk of every type at the offset boundaries) take the
 * codec as a parameter, so that each is also shown to catch a planted codec whose type field overlaps the offset.
 *
 * <p>Thread safety: JUnit runs it on one thread; the codecs are stateless constants.
 */
class SwapEntryProperties {

    /** Encodes a slot entry and decodes its two fields: {@link SwapEntry}'s, or the planted defect. */
    private interface Codec {
        long of(int type, long offset);

        int type(long entry);

        long offset(long entry);
    }

    private static final Codec SWAP_ENTRY = new Codec() {
        @Override
        public long of(final int type, final long offset) {
            return SwapEntry.of(type, offset);
        }

        @Override
        public int type(final long entry) {
            return SwapEntry.type(entry);
        }

        @Override
        public long offset(final long entry) {
            return SwapEntry.offset(entry);
        }
    };

    /** Planted: the type shifted one bit too low, so its lowest bit and the offset's highest share bit 57. */
    private static final Codec TYPE_ONE_BIT_LOW = new Codec() {
        private static final int SHIFT = SwapEntry.TYPE_SHIFT - 1;

        @Override
        public long of(final int type, final long offset) {
            return (long) type << SHIFT | offset;
        }

        @Override
        public int type(final long entry) {
            return (int) (entry >>> SHIFT) & SwapEntry.MAX_TYPE;
        }

        @Override
        public long offset(final long entry) {
            return entry & SwapEntry.MAX_OFFSET;
        }
    };

    private static final String PLANTED = "(planted: type one bit low)";

    private static void randomRoundTrip(final String label, final Codec codec) {
        Property.forAll("INV-14 slot entry round trip " + label, Gens.zip(Gens.ints(0, SwapEntry.MAX_TYPE),
                Gens.longs(1, SwapEntry.MAX_OFFSET), (t, o) -> new long[] {t, o}))
                .check(v -> {
                    final long e = codec.of((int) v[0], v[1]);
                    assertEquals(v[0], codec.type(e));
                    assertEquals(v[1], codec.offset(e));
                });
    }

    private static void boundaryRoundTrip(final String label, final Codec codec) {
        final List<long[]> domain = new ArrayList<>();
        for (int t = 0; t <= SwapEntry.MAX_TYPE; t++) {
            for (final long o : new long[] {1, 2, (1L << 32) - 1, 1L << 32, SwapEntry.MAX_OFFSET - 1,
                SwapEntry.MAX_OFFSET}) {
                domain.add(new long[] {t, o});
            }
        }
        Property.exhaustive("INV-14 boundaries " + label, domain).check(v -> {
            final long e = codec.of((int) v[0], v[1]);
            assertEquals(v[0], codec.type(e));
            assertEquals(v[1], codec.offset(e));
        });
    }

    @Test
    void slotEntriesRoundTrip() {
        randomRoundTrip("(SwapEntry)", SWAP_ENTRY);
        Property.forAll("INV-14 slot entries are slot entries", Gens.zip(Gens.ints(0, SwapEntry.MAX_TYPE),
                Gens.longs(1, SwapEntry.MAX_OFFSET), (t, o) -> SwapEntry.of(t, o)))
                .check(e -> {
                    assertFalse(SwapEntry.isCompound(e));
                    assertTrue(SwapEntry.isValid(e));
                    assertTrue(e >= 0, "a slot entry never sets the kind bit");
                });
    }

    @Test
    void compoundHandlesRoundTrip() {
        Property.forAll("INV-14 compound handle round trip", Gens.zip(Gens.ints(0, SwapEntry.MAX_TYPE),
                Gens.longs(1, SwapEntry.MAX_OFFSET), (t, o) -> new long[] {t, o}))
                .check(v -> {
                    final long e = SwapEntry.compound((int) v[0], v[1]);
                    assertEquals(v[0], SwapEntry.type(e));
                    assertEquals(v[1], SwapEntry.offset(e));
                    assertTrue(SwapEntry.isCompound(e));
                });
    }

    @Test
    void everyTypeAtTheOffsetBoundaries() {
        boundaryRoundTrip("(SwapEntry)", SWAP_ENTRY);
        for (int t = 0; t <= SwapEntry.MAX_TYPE; t++) {
            assertEquals((long) t << SwapEntry.TYPE_SHIFT | SwapEntry.MAX_OFFSET, SwapEntry.of(t, SwapEntry.MAX_OFFSET),
                    "the kernel's layout: type directly above offset");
        }
    }

    @Test
    void bothRoundTripChecksCatchAPlantedOverlapOfTypeAndOffset() {
        final PropertyFailure random =
                assertThrows(PropertyFailure.class, () -> randomRoundTrip(PLANTED, TYPE_ONE_BIT_LOW));
        assertTrue(random.getMessage().contains("INV-14 slot entry round trip"), random.getMessage());
        final PropertyFailure walk =
                assertThrows(PropertyFailure.class, () -> boundaryRoundTrip(PLANTED, TYPE_ONE_BIT_LOW));
        assertTrue(walk.getMessage().contains("INV-14 boundaries"), walk.getMessage());
    }

    @Test
    void layoutIsDerivedFromTheWidths() {
        assertEquals(58, SwapEntry.TYPE_SHIFT, "SWP_TYPE_SHIFT on 64-bit");
        assertEquals(63, SwapEntry.KIND_SHIFT);
        assertEquals(31, SwapEntry.MAX_TYPE);
        assertEquals((1L << 58) - 1, SwapEntry.MAX_OFFSET);
        assertEquals(0, SwapEntry.NONE);
        assertFalse(SwapEntry.isValid(SwapEntry.NONE));
        assertFalse(SwapEntry.isCompound(SwapEntry.NONE));
    }

    @Test
    void outOfRangeFieldsAreRejectedWithTheirRange() {
        assertEquals("type: 32 (expected: 0..31)",
                assertThrows(IllegalArgumentException.class, () -> SwapEntry.of(32, 1)).getMessage());
        assertEquals("type: -1 (expected: 0..31)",
                assertThrows(IllegalArgumentException.class, () -> SwapEntry.of(-1, 1)).getMessage());
        assertEquals("offset: 0 (expected: 1..288230376151711743)",
                assertThrows(IllegalArgumentException.class, () -> SwapEntry.of(0, 0)).getMessage());
        assertEquals("offset: 288230376151711744 (expected: 1..288230376151711743)",
                assertThrows(IllegalArgumentException.class, () -> SwapEntry.of(0, 1L << 58)).getMessage());
        assertEquals("descriptorId: 0 (expected: 1..288230376151711743)",
                assertThrows(IllegalArgumentException.class, () -> SwapEntry.compound(1, 0)).getMessage());
        assertEquals("type: 40 (expected: 0..31)",
                assertThrows(IllegalArgumentException.class, () -> SwapEntry.compound(40, 1)).getMessage());
    }

    @Test
    void plusMovesWithinTheDevice() {
        final long e = SwapEntry.of(2, 100);
        assertEquals(SwapEntry.of(2, 116), SwapEntry.plus(e, 16));
        assertThrows(IllegalArgumentException.class, () -> SwapEntry.plus(SwapEntry.compound(2, 5), 1));
        assertThrows(IllegalArgumentException.class, () -> SwapEntry.plus(SwapEntry.of(2, SwapEntry.MAX_OFFSET), 1));
    }

    @Test
    void printsLikeTheKernel() {
        assertEquals("swp(none)", SwapEntry.toString(SwapEntry.NONE));
        assertEquals("swp(1:0x200)", SwapEntry.toString(SwapEntry.of(1, 512)));
        assertEquals("cswp(1:#7)", SwapEntry.toString(SwapEntry.compound(1, 7)));
    }
}

package dev.swaplayer.device;

/**
 * The per-unit metadata word of {@link CompressedRamDevice}'s table, modelled on zram's table entry, whose
 * value word keeps the object size in the low 24 bits and flags above ({@code ZRAM_FLAG_SHIFT = 24}).
 *
 * <p>Thread safety: pure functions on {@code long} values.
 *
 * <h2>Layout</h2>
 * <pre>
 *   63                                     27 26   24 23                                  0
 *  +-----------------------------------------+-------+-------------------------------------+
 *  |               unused (0)                | kind  |        object size in bytes         |
 *  +-----------------------------------------+-------+-------------------------------------+
 * </pre>
 * <ul>
 *   <li><b>size</b> ({@value #SIZE_BITS} bits): bytes of the stored object, at most {@value #MAX_SIZE}.</li>
 *   <li><b>kind</b> ({@value #KIND_BITS} bits): one of the constants below.</li>
 * </ul>
 *
 * <h2>Usages, one per kind</h2>
 * <ul>
 *   <li>{@link #EMPTY}: size 0, no object. No page of the unit is stored; every page reads as zeros.</li>
 *   <li>{@link #SAME}: size 0, no object (zram's {@code ZRAM_SAME}). The whole unit is one 8-byte word
 *       repeated; the word is kept beside the entry (zram keeps it in the handle field).</li>
 *   <li>{@link #COMPRESSED}: size = compressed length, the object holds the compressed unit.</li>
 *   <li>{@link #HUGE}: size = unit size, the object holds the unit uncompressed because its compressed
 *       form exceeded 3/4 of the unit (zram's {@code ZRAM_HUGE}; the 3/4 rule is explained in
 *       {@link CompressedRamDevice}).</li>
 * </ul>
 */
final class UnitEntry {
    static final int SIZE_BITS = 24;
    static final int KIND_BITS = 3;
    static final int UNUSED_BITS = Long.SIZE - SIZE_BITS - KIND_BITS;

    static final int SIZE_SHIFT = 0;
    static final int KIND_SHIFT = SIZE_SHIFT + SIZE_BITS;
    static final long SIZE_MASK = (1L << SIZE_BITS) - 1;
    static final long KIND_MASK = (1L << KIND_BITS) - 1;
    static final int MAX_SIZE = (int) SIZE_MASK;

    static final int EMPTY = 0;
    static final int SAME = 1;
    static final int COMPRESSED = 2;
    static final int HUGE = 3;

    static {
        if (SIZE_BITS + KIND_BITS + UNUSED_BITS != Long.SIZE) {
            throw new ExceptionInInitializerError("unit entry widths add up to "
                    + (SIZE_BITS + KIND_BITS + UNUSED_BITS) + " (expected: 64)");
        }
    }

    private UnitEntry() {
    }

    static long pack(final int kind, final int size) {
        assert kind >= EMPTY && kind <= HUGE : "kind: " + kind + " (expected: 0..3)";
        assert size >= 0 && size <= MAX_SIZE : "size: " + size + " (expected: 0.." + MAX_SIZE + ")";
        return ((long) kind << KIND_SHIFT) | ((long) size << SIZE_SHIFT);
    }

    static int kind(final long entry) {
        return (int) ((entry >>> KIND_SHIFT) & KIND_MASK);
    }

    static int size(final long entry) {
        return (int) ((entry >>> SIZE_SHIFT) & SIZE_MASK);
    }

    static String kindName(final int kind) {
        return switch (kind) {
            case EMPTY -> "EMPTY";
            case SAME -> "SAME";
            case COMPRESSED -> "COMPRESSED";
            case HUGE -> "HUGE";
            default -> "kind(" + kind + ")";
        };
    }
}

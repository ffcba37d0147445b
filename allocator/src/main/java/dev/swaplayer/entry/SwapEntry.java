package dev.swaplayer.entry;

import dev.swaplayer.spec.Checks;

/**
 * The swap entry: one {@code long} naming a slot on a device, as the kernel's {@code swp_entry_t}, or a
 * compound descriptor. Pure functions over the encoded word; one decoder per field.
 *
 * <p>Thread safety: stateless.
 *
 * <h2>Layout</h2>
 * <pre>
 *  63 62       58 57                                                          0
 * +--+----------+-------------------------------------------------------------+
 * |K |   type   |                          offset                             |
 * +--+----------+-------------------------------------------------------------+
 *
 *  offset  OFFSET_BITS = 58  the slot's page index on the device; 0 is the header page
 *  type    TYPE_BITS   = 5   the device, 0..31 (the kernel's MAX_SWAPFILES_SHIFT)
 *  K       KIND_BITS   = 1   0: a slot entry; 1: a compound handle, whose offset field holds the
 *                            descriptor id (1, 2, ...) instead of a slot
 * </pre>
 * As in the kernel, the type sits directly above the offset ({@code SWP_TYPE_SHIFT = 58} on 64-bit) so that
 * entries of one device index densely. Every shift and mask below is derived from the widths.
 *
 * <h2>No entry</h2>
 * {@link #NONE} is 0: type 0, offset 0. Offset 0 of every device is its header page, which is never
 * allocated, so no allocated entry has offset 0; the same value doubles as "allocation failed".
 */
public final class SwapEntry {
    /** Width of the slot offset. */
    public static final int OFFSET_BITS = 58;
    /** Width of the device type. */
    public static final int TYPE_BITS = 5;
    /** Width of the kind flag. */
    public static final int KIND_BITS = 1;

    /** Where the type starts. */
    public static final int TYPE_SHIFT = OFFSET_BITS;
    /** Where the kind flag starts. */
    public static final int KIND_SHIFT = TYPE_SHIFT + TYPE_BITS;

    /** The largest offset. */
    public static final long MAX_OFFSET = (1L << OFFSET_BITS) - 1;
    /** The largest device type. */
    public static final int MAX_TYPE = (1 << TYPE_BITS) - 1;

    private static final long OFFSET_MASK = MAX_OFFSET;
    private static final long TYPE_MASK = (long) MAX_TYPE << TYPE_SHIFT;
    private static final long KIND_MASK = ((1L << KIND_BITS) - 1) << KIND_SHIFT;

    /** No entry, and the allocation-failed sentinel. */
    public static final long NONE = 0;

    static {
        if (OFFSET_BITS + TYPE_BITS + KIND_BITS != Long.SIZE) {
            throw new ExceptionInInitializerError("swap entry fields do not fill 64 bits");
        }
    }

    private SwapEntry() {
    }

    /**
     * Encodes a slot entry.
     *
     * @param type the device, 0..31
     * @param offset the slot, 1..2^58-1 (0 is the header page)
     * @return the entry
     * @throws IllegalArgumentException when a field is out of range
     */
    public static long of(final int type, final long offset) {
        Checks.checkInRange("type", type, 0, MAX_TYPE);
        Checks.checkInRange("offset", offset, 1, MAX_OFFSET);
        return (long) type << TYPE_SHIFT | offset;
    }

    /**
     * Encodes a compound handle.
     *
     * @param type the device, 0..31
     * @param descriptorId the descriptor id, 1..2^58-1
     * @return the handle
     * @throws IllegalArgumentException when a field is out of range
     */
    public static long compound(final int type, final long descriptorId) {
        Checks.checkInRange("type", type, 0, MAX_TYPE);
        Checks.checkInRange("descriptorId", descriptorId, 1, MAX_OFFSET);
        return KIND_MASK | (long) type << TYPE_SHIFT | descriptorId;
    }

    /**
     * Returns its device type.
     *
     * @param entry an entry
     */
    public static int type(final long entry) {
        return (int) ((entry & TYPE_MASK) >>> TYPE_SHIFT);
    }

    /**
     * Returns its offset field: the slot, or for a compound handle the descriptor id.
     *
     * @param entry an entry
     */
    public static long offset(final long entry) {
        return entry & OFFSET_MASK;
    }

    /**
     * Returns whether it is a compound handle.
     *
     * @param entry an entry
     */
    public static boolean isCompound(final long entry) {
        return (entry & KIND_MASK) != 0;
    }

    /**
     * Returns whether it names something: a nonzero offset.
     *
     * @param entry an entry
     */
    public static boolean isValid(final long entry) {
        return offset(entry) != 0;
    }

    /**
     * Returns the slot entry {@code slots} further on the same device.
     *
     * @param entry an entry
     * @param slots how far to move
     * @throws IllegalArgumentException when the result leaves the offset range or the entry is compound
     */
    public static long plus(final long entry, final long slots) {
        if (isCompound(entry)) {
            throw Checks.badArgument("entry", toString(entry), "a slot entry, not a compound handle");
        }
        return of(type(entry), offset(entry) + slots);
    }

    /**
     * Returns e.g. {@code swp(1:0x200)}, {@code cswp(1:#7)}, or {@code swp(none)}.
     *
     * @param entry an entry
     */
    public static String toString(final long entry) {
        if (entry == NONE) {
            return "swp(none)";
        }
        return isCompound(entry) ? "cswp(" + type(entry) + ":#" + offset(entry) + ")"
                : "swp(" + type(entry) + ":0x" + Long.toHexString(offset(entry)) + ")";
    }
}

package dev.swaplayer.spec;

/**
 * Where the specification placed a folio.
 *
 * <p>Thread safety: immutable value (do not modify {@code pageSlots}).
 *
 * @param kind contiguous, compound, or none
 * @param descriptorId the compound descriptor's id; 0 otherwise
 * @param pageSlots the slot of each logical page; empty for NONE
 */
// The array is shared, not copied, for speed: equals and hashCode compare it by identity.
@SuppressWarnings("ArrayRecordComponent")
public record FolioPlacement(Kind kind, long descriptorId, long[] pageSlots) {
    /** The failed placement. */
    public static final FolioPlacement NONE = new FolioPlacement(Kind.NONE, 0, new long[0]);

    /** How a folio was placed. */
    public enum Kind {
        /** One run: the folio's entry is its first slot. */
        CONTIGUOUS,
        /** Several extents under a compound descriptor. */
        COMPOUND,
        /** Not placed. */
        NONE
    }
}

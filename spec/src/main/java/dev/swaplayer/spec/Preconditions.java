package dev.swaplayer.spec;

/**
 * The preconditions of the swap-space operations, written once against {@link SwapSpaceView} so that the
 * specification and every implementation reject the same calls with the same messages.
 *
 * <p>Thread safety: stateless; the view must not change during a check.
 */
public final class Preconditions {
    private Preconditions() {
    }

    /**
     * A run of slots inside the device, not starting at the header.
     *
     * @param v the space
     * @param slot the first slot
     * @param nrSlots how many
     * @throws IllegalArgumentException when the run leaves the device
     */
    public static void checkRun(final SwapSpaceView v, final long slot, final long nrSlots) {
        final long total = v.geometry().totalSlots();
        v.geometry().checkSlot("slot", slot);
        Checks.checkInRange("nrSlots", nrSlots, 1, total - slot);
    }

    /**
     * Every slot of a run is in use (what {@code free} requires).
     *
     * @param v the space
     * @param slot the first slot
     * @param nrSlots how many
     * @throws IllegalArgumentException when the run leaves the device
     * @throws IllegalStateException naming the first slot that is not in use (a double free, a reserved slot)
     */
    public static void checkAllInUse(final SwapSpaceView v, final long slot, final long nrSlots) {
        checkRun(v, slot, nrSlots);
        for (long x = slot; x < slot + nrSlots; x++) {
            checkInUse(v, x);
        }
    }

    /**
     * One slot is in use (what {@code dup}, {@code put} and {@code cacheDel} require).
     *
     * @param v the space
     * @param slot the slot
     * @throws IllegalArgumentException when outside the device or the header
     * @throws IllegalStateException when the slot is free or reserved
     */
    public static void checkInUse(final SwapSpaceView v, final long slot) {
        v.geometry().checkSlot("slot", slot);
        final SlotState st = v.state(slot);
        if (st != SlotState.IN_USE) {
            throw Checks.badState("slot " + slot, st == SlotState.FREE ? "free" : "reserved (bad slot)",
                    "in use");
        }
    }

    /**
     * A {@code put} may drop one page-table reference.
     *
     * @param v the space
     * @param slot the slot
     * @throws IllegalStateException when the slot is not in use or its count is already 0
     */
    public static void checkPut(final SwapSpaceView v, final long slot) {
        checkInUse(v, slot);
        if (v.swapCount(slot) == 0) {
            throw Checks.badState("swap count of slot " + slot, 0, "> 0 to put; the slot is held only by the"
                    + " swap cache");
        }
    }

    /**
     * A {@code cacheDel} may drop the swap cache's pin.
     *
     * @param v the space
     * @param slot the slot
     * @throws IllegalStateException when the slot is not in use or not cached
     */
    public static void checkCacheDel(final SwapSpaceView v, final long slot) {
        checkInUse(v, slot);
        if (!v.cached(slot)) {
            throw Checks.badState("swap cache flag of slot " + slot, "clear", "set to delete it");
        }
    }

    /**
     * A page range of a folio of {@code 2^order} pages.
     *
     * @param order the folio's order
     * @param firstPage the first page
     * @param count how many pages
     * @throws IllegalArgumentException when the range leaves the folio
     */
    public static void checkPageRange(final int order, final int firstPage, final int count) {
        final int pages = 1 << order;
        Checks.checkInRange("firstPage", firstPage, 0, pages - 1);
        Checks.checkInRange("count", count, 1, pages - firstPage);
    }
}

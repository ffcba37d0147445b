package dev.swaplayer.swap;

import dev.swaplayer.entry.SwapEntry;
import java.io.IOException;

/**
 * A device failed during a swap-out or a swap-in; the swap space has already restored a safe state.
 *
 * <p>Thread safety: immutable.
 *
 * <p>What the failure leaves, by direction:
 * <ul>
 *   <li>{@link Direction#SWAP_OUT}: every slot the swap-out took is free again, on every device; no handle was
 *       returned; the caller's folio bytes were only read, so the folio stays resident and intact.</li>
 *   <li>{@link Direction#SWAP_IN}: the slots, swap counts and checksums are unchanged, so the same swap-in can
 *       be retried; the destination range was zero-filled, so no partially read data looks like a result.</li>
 * </ul>
 * A failure of {@link SwapSpace#writeAt} or {@link SwapSpace#readAt} (pages at slots the caller placed) changes
 * no slot either: the caller owns them. There {@link #page()} is an index into the caller's entries.
 */
public class SwapIoException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Which operation failed. */
    public enum Direction {
        /** A page write of {@link SwapSpace#swapOut}. */
        SWAP_OUT,
        /** A page read of {@link SwapSpace#swapIn}, or its checksum. */
        SWAP_IN
    }

    private final Direction direction;
    private final int page;
    private final int pages;
    private final long entry;

    /**
     * @param direction the operation
     * @param page the first logical page of the run whose I/O failed
     * @param pages the pages of that run (one device operation)
     * @param entry the slot entry of {@code page}
     * @param cause the device's exception
     */
    SwapIoException(final Direction direction, final int page, final int pages, final long entry,
            final IOException cause) {
        this(direction, page, pages, entry, describe(direction, page, pages, entry) + " failed: "
                + cause.getMessage(), cause);
    }

    SwapIoException(final Direction direction, final int page, final int pages, final long entry,
            final String message, final IOException cause) {
        this(direction, page, pages, entry, message, direction == Direction.SWAP_OUT
                ? "; every slot taken was released, the folio stays resident"
                : "; slots and swap counts unchanged, the swap-in can be retried", cause);
    }

    /**
     * @param tail what the failure left, appended to the message
     */
    SwapIoException(final Direction direction, final int page, final int pages, final long entry,
            final String message, final String tail, final IOException cause) {
        super(message + tail, cause);
        this.direction = direction;
        this.page = page;
        this.pages = pages;
        this.entry = entry;
    }

    static String describe(final Direction direction, final int page, final int pages, final long entry) {
        final String what = pages == 1 ? "page " + page : "pages " + page + ".." + (page + pages - 1);
        return (direction == Direction.SWAP_OUT ? "swap-out of " + what + " to "
                : "swap-in of " + what + " from ") + SwapEntry.toString(entry)
                + (pages == 1 ? "" : " (one run of " + pages + " slots)");
    }

    /** Returns which operation failed. */
    public Direction direction() {
        return direction;
    }

    /**
     * Returns the logical page whose I/O failed: the first page of the failed run (the device reads and writes an
     * extent in one operation, so a failure concerns the whole run).
     */
    public int page() {
        return page;
    }

    /** Returns how many pages the failed run had: 1 for a checksum mismatch and for order-0 folios. */
    public int pages() {
        return pages;
    }

    /** Returns the slot entry of {@link #page()} (its type names the device). */
    public long entry() {
        return entry;
    }
}

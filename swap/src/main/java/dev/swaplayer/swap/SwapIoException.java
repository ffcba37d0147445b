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
    private final long entry;

    /**
     * @param direction the operation
     * @param page the logical page whose I/O failed
     * @param entry the slot entry of that page
     * @param cause the device's exception
     */
    SwapIoException(final Direction direction, final int page, final long entry, final IOException cause) {
        this(direction, page, entry, describe(direction, page, entry) + " failed: " + cause.getMessage(), cause);
    }

    SwapIoException(final Direction direction, final int page, final long entry, final String message,
            final IOException cause) {
        super(message + (direction == Direction.SWAP_OUT
                ? "; every slot taken was released, the folio stays resident"
                : "; slots and swap counts unchanged, the swap-in can be retried"), cause);
        this.direction = direction;
        this.page = page;
        this.entry = entry;
    }

    static String describe(final Direction direction, final int page, final long entry) {
        return (direction == Direction.SWAP_OUT ? "swap-out of page " + page + " to "
                : "swap-in of page " + page + " from ") + SwapEntry.toString(entry);
    }

    /** @return which operation failed */
    public Direction direction() {
        return direction;
    }

    /** @return the logical page whose I/O failed */
    public int page() {
        return page;
    }

    /** @return the slot entry of that page (its type names the device) */
    public long entry() {
        return entry;
    }
}

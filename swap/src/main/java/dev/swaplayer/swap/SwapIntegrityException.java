package dev.swaplayer.swap;

/**
 * A page read back during a swap-in does not match the CRC32C recorded at swap-out: the device returned
 * wrong data without reporting an error. Only thrown in integrity mode.
 *
 * <p>Thread safety: immutable.
 *
 * <p>As for every {@link SwapIoException} of a swap-in, the slots, swap counts and checksums are unchanged
 * and the destination range was zero-filled: the data is never returned silently wrong, and a retry reads the
 * page again (useful when the corruption was in transit rather than on the medium).
 */
public final class SwapIntegrityException extends SwapIoException {
    private static final long serialVersionUID = 1L;

    private final int expected;
    private final int actual;

    /**
     * @param page the logical page
     * @param entry its slot entry
     * @param expected the checksum recorded at swap-out
     * @param actual the checksum of the bytes read
     */
    SwapIntegrityException(final int page, final long entry, final int expected, final int actual) {
        super(Direction.SWAP_IN, page, 1, entry, "crc32c of " + describe(Direction.SWAP_IN, page, 1, entry) + ": "
                + hex(actual) + " (expected: " + hex(expected) + ", recorded at swap-out)", null);
        this.expected = expected;
        this.actual = actual;
    }

    private static String hex(final int crc) {
        return String.format("0x%08x", crc);
    }

    /** Returns the CRC32C recorded at swap-out. */
    public int expectedCrc() {
        return expected;
    }

    /** Returns the CRC32C of the bytes read. */
    public int actualCrc() {
        return actual;
    }
}

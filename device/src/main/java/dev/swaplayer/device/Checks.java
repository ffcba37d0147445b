package dev.swaplayer.device;

import java.nio.ByteBuffer;

/**
 * Argument checks with the project's message shape {@code what: value (expected: ...)}.
 *
 * <p>Thread safety: stateless.
 */
final class Checks {
    private Checks() {
    }

    static String message(final String what, final Object value, final String expected) {
        return what + ": " + value + " (expected: " + expected + ")";
    }

    static IllegalArgumentException badArgument(final String what, final Object value, final String expected) {
        return new IllegalArgumentException(message(what, value, expected));
    }

    /** Checks {@code 1 <= slot < capacity}: slot 0 is the header. */
    static long checkDataSlot(final String what, final long slot, final long capacity) {
        if (slot < 1 || slot >= capacity) {
            throw badArgument(what, slot, "1.." + (capacity - 1));
        }
        return slot;
    }

    /** Checks a discard range: {@code firstSlot} a data slot and {@code 1 <= count <= capacity - firstSlot}. */
    static void checkRange(final long firstSlot, final long count, final long capacity) {
        checkDataSlot("firstSlot", firstSlot, capacity);
        if (count < 1 || count > capacity - firstSlot) {
            throw badArgument("count", count, "1.." + (capacity - firstSlot) + " from firstSlot " + firstSlot);
        }
    }

    /**
     * Checks a run of slots: {@code slot} a data slot and {@code 1 <= pages <= capacity - slot}.
     */
    static void checkRun(final long slot, final int pages, final long capacity) {
        checkDataSlot("slot", slot, capacity);
        if (pages < 1 || pages > capacity - slot) {
            throw badArgument("pages", pages, "1.." + (capacity - slot) + " from slot " + slot);
        }
    }

    /** Checks that exactly {@code bytes} remain in a buffer, which must be writable when {@code forWrite}. */
    static void checkBuffer(final String what, final ByteBuffer buffer, final long bytes, final boolean writable) {
        if (buffer == null) {
            throw badArgument(what, "null", "a buffer of " + bytes + " bytes");
        }
        if (buffer.remaining() != bytes) {
            throw badArgument(what + ".remaining()", buffer.remaining(), String.valueOf(bytes));
        }
        if (writable && buffer.isReadOnly()) {
            throw badArgument(what, "read-only", "a writable buffer");
        }
    }

    static IllegalStateException closed() {
        return new IllegalStateException(message("device", "closed", "open"));
    }

    static int checkPageSize(final int pageSize) {
        if (pageSize < 512 || pageSize > (1 << 20) || Integer.bitCount(pageSize) != 1) {
            throw badArgument("pageSize", pageSize, "a power of two in 512..1048576");
        }
        return pageSize;
    }
}

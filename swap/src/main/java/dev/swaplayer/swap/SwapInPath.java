package dev.swaplayer.swap;

import java.nio.ByteBuffer;

/**
 * The swap-in path of a {@link SwapSpace}: read a folio's pages, all of them or any range (a partial swap-in),
 * then drop one reference from each unless the read keeps them (a swap-cache-like read); and the read of pages
 * at slots a caller placed. It counts the pages swapped in and the failures.
 *
 * <p>Thread safety: not thread-safe; owned and confined by its {@link SwapSpace}.
 *
 * <h2>Failure</h2>
 * No swap count changes until every page wanted was read (and, in integrity mode, checked): a failed read or a
 * checksum mismatch leaves slots, counts and checksums as they were and zero-fills the destination range, so
 * that nothing partial is returned and the swap-in can be retried.
 */
final class SwapInPath {
    private final FolioSlots slots;
    private final FolioIo io;

    private long pagesSwappedIn;
    private long errors;
    private long integrityErrors;

    SwapInPath(final FolioSlots slots, final FolioIo io) {
        this.slots = slots;
        this.io = io;
    }

    /**
     * Reads pages {@code [firstPage, firstPage + count)} into {@code dst} and, unless {@code keep}, drops one
     * reference from each; the arguments were checked.
     *
     * @param dst exactly {@code count} pages remaining, writable; its position advances by them on success and
     *     stays put on failure
     * @throws SwapIoException when a device read fails; state unchanged, dst range zero-filled
     * @throws SwapIntegrityException when a page does not match its checksum; state unchanged, dst range
     *     zero-filled
     */
    void swapIn(final SwappedFolio folio, final int firstPage, final int count, final ByteBuffer dst,
            final boolean keep) throws SwapIoException {
        final ByteBuffer out = dst.slice(dst.position(), dst.remaining());
        boolean read = false;
        try {
            io.read(folio, firstPage, count, out);
            read = true;
        } catch (final SwapIntegrityException e) {
            integrityErrors++;
            throw e;
        } finally {
            if (!read) {
                zero(out);
                errors++;
            }
        }
        if (!keep) {
            slots.put(folio, firstPage, count);
        }
        pagesSwappedIn += count;
        dst.position(dst.position() + out.capacity());
    }

    /**
     * Reads pages from slots the caller placed ({@link SwapSpace#readAt}); the arguments were checked. Counts
     * nothing.
     *
     * @param dst exactly {@code count} pages remaining, writable; its position advances by them on success and
     *     stays put on failure (when the range is zero-filled)
     * @return how many device reads it took (runs)
     * @throws SwapIoException when a device read fails
     */
    int readAt(final long[] entries, final int count, final ByteBuffer dst) throws SwapIoException {
        final ByteBuffer out = dst.slice(dst.position(), dst.remaining());
        boolean read = false;
        try {
            final int runs = io.readAt(entries, count, out);
            read = true;
            dst.position(dst.position() + out.capacity());
            return runs;
        } finally {
            if (!read) {
                zero(out);
            }
        }
    }

    private static void zero(final ByteBuffer out) {
        out.clear();
        for (int i = 0; i < out.capacity(); i++) {
            out.put(i, (byte) 0);
        }
    }

    long pagesSwappedIn() {
        return pagesSwappedIn;
    }

    long errors() {
        return errors;
    }

    long integrityErrors() {
        return integrityErrors;
    }
}

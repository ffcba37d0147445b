package dev.swaplayer.swap;

import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.device.SwapDevice;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Checks;
import dev.swaplayer.swap.SwapIoException.Direction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The I/O side of the swap path: writes a folio extent by extent, reads a range of pages back in logical
 * order, and keeps or checks the per-page CRC32C. Never changes an allocator (it only asks whether a slot
 * given to {@link #writeAt}/{@link #readAt} is in use).
 *
 * <p>Thread safety: not thread-safe (one {@link CRC32C} is reused); owned and confined by its
 * {@link SwapSpace}.
 *
 * <h2>Runs</h2>
 * A <b>run</b> is the write of an extent, or the read of the part of an extent that a swap-in wants: one
 * {@link SwapDevice#writeRun}/{@link SwapDevice#readRun} call on consecutive slots of one device, so an
 * extent costs one device operation (one positional file I/O). The runs of a folio go in logical page order.
 * The first failed run ends the operation with a {@link SwapIoException} naming the run's first page.
 *
 * <h2>Pages at placed slots</h2>
 * {@link #writeAt} and {@link #readAt} move pages to and from slots a caller placed itself, without a folio:
 * a run is then a maximal stretch of entries naming consecutive slots of one device (entry {@code i + 1} is
 * entry {@code i} plus one), one device operation each, in the order given. No checksum is kept.
 */
final class FolioIo {
    private final SwapArea[] areas;
    private final int pageSize;
    private final CRC32C crc = new CRC32C();

    FolioIo(final SwapArea[] areas, final int pageSize) {
        this.areas = areas;
        this.pageSize = pageSize;
    }

    /**
     * Writes every extent of a placed folio; in integrity mode records each page's CRC32C as it goes.
     *
     * @param folio the placed folio
     * @param src a view of the folio's bytes at index 0, for this call only (read-only; its position and limit
     *     are used as a cursor)
     * @throws SwapIoException naming the first page whose write failed; later extents are not written
     */
    void write(final SwappedFolio folio, final ByteBuffer src) throws SwapIoException {
        for (int e = 0; e < folio.extents(); e++) {
            final int first = folio.extentStart(e);
            writeRun(folio, first, folio.extentStart(e + 1) - first, src);
        }
    }

    /** One extent in one device write; in integrity mode its pages' checksums are recorded first. */
    private void writeRun(final SwappedFolio folio, final int firstPage, final int pages, final ByteBuffer src)
            throws SwapIoException {
        final long head = folio.entryOf(firstPage);
        final SwapDevice device = areas[SwapEntry.type(head)].device();
        if (folio.hasChecksums()) {
            for (int i = 0; i < pages; i++) {
                folio.setChecksum(firstPage + i, checksum(range(src, (firstPage + i) * pageSize, 1)));
            }
        }
        try {
            device.writeRun(SwapEntry.offset(head), pages, range(src, firstPage * pageSize, pages));
        } catch (final IOException e) {
            throw new SwapIoException(Direction.SWAP_OUT, firstPage, pages, head, e);
        }
    }

    /**
     * Writes {@code count} pages to the slots {@code entries[0..count)}, one device write per run.
     *
     * @param src a view of exactly {@code count} pages at index 0, for this call only
     * @return how many device writes (runs)
     * @throws SwapIoException naming the index of the failed run's first entry; later runs are not written
     */
    int writeAt(final long[] entries, final int count, final ByteBuffer src) throws SwapIoException {
        int runs = 0;
        for (int i = 0; i < count; runs++) {
            final int n = runAt(entries, i, count);
            try {
                areas[SwapEntry.type(entries[i])].device().writeRun(SwapEntry.offset(entries[i]), n,
                        range(src, i * pageSize, n));
            } catch (final IOException e) {
                throw placedFailure(Direction.SWAP_OUT, i, n, entries[i], e);
            }
            i += n;
        }
        return runs;
    }

    /**
     * Reads {@code count} pages from the slots {@code entries[0..count)} into {@code dst}, one device read per
     * run.
     *
     * @param dst a view of exactly {@code count} pages at index 0, for this call only; its content is
     *     unspecified after a failure
     * @return how many device reads (runs)
     * @throws SwapIoException naming the index of the failed run's first entry
     */
    int readAt(final long[] entries, final int count, final ByteBuffer dst) throws SwapIoException {
        int runs = 0;
        for (int i = 0; i < count; runs++) {
            final int n = runAt(entries, i, count);
            try {
                areas[SwapEntry.type(entries[i])].device().readRun(SwapEntry.offset(entries[i]), n,
                        range(dst, i * pageSize, n));
            } catch (final IOException e) {
                throw placedFailure(Direction.SWAP_IN, i, n, entries[i], e);
            }
            i += n;
        }
        return runs;
    }

    /**
     * Checks the entries of {@link #writeAt}/{@link #readAt}: a count of 1..min(entries, maxPages), and each
     * entry a slot entry of an area whose allocator has the slot in use.
     */
    void checkPlaced(final long[] entries, final int count, final int maxPages) {
        if (entries == null) {
            throw Checks.badArgument("entries", null, "a slot entry per page");
        }
        Checks.checkInRange("count", count, 1, Math.min(entries.length, maxPages));
        for (int i = 0; i < count; i++) {
            final long e = entries[i];
            if (SwapEntry.isCompound(e) || SwapEntry.type(e) >= areas.length) {
                throw Checks.badArgument("entries[" + i + "]", SwapEntry.toString(e), "a slot entry of area 0.."
                        + (areas.length - 1));
            }
            final SwapCounts counts = areas[SwapEntry.type(e)].counts();
            if (counts.countOf(e) == 0 && !counts.isCached(e)) {
                throw Checks.badState("slot of entries[" + i + "] " + SwapEntry.toString(e), "free", "in use");
            }
        }
    }

    /**
     * Checks a caller's buffer: not null, exactly {@code pages} pages remaining, and writable when it is to be
     * read into.
     */
    void checkBuffer(final String what, final ByteBuffer buffer, final int pages, final boolean writable) {
        final long bytes = (long) pages * pageSize;
        if (buffer == null) {
            throw Checks.badArgument(what, "null", "a buffer of " + bytes + " bytes");
        }
        if (buffer.remaining() != bytes) {
            throw Checks.badArgument(what + ".remaining()", buffer.remaining(), bytes + " (" + pages + " pages of "
                    + pageSize + " bytes)");
        }
        if (writable && buffer.isReadOnly()) {
            throw Checks.badArgument(what, "read-only", "a writable buffer");
        }
    }

    /** Returns how many of {@code entries[i..count)} name consecutive slots of one device, at least 1. */
    static int runAt(final long[] entries, final int i, final int count) {
        int j = i + 1;
        while (j < count && entries[j] == SwapEntry.plus(entries[j - 1], 1)) {
            j++;
        }
        return j - i;
    }

    private static SwapIoException placedFailure(final Direction direction, final int index, final int pages,
            final long head, final IOException e) {
        final String what = pages == 1 ? "entry " + index : "entries " + index + ".." + (index + pages - 1);
        return new SwapIoException(direction, index, pages, head, (direction == Direction.SWAP_OUT ? "write of "
                : "read of ") + what + " at " + SwapEntry.toString(head) + (pages == 1 ? "" : " (one run of " + pages
                + " slots)") + " failed: " + e.getMessage(), "; the caller's slots are unchanged", e);
    }

    /** @return {@code view} narrowed to {@code pages} pages from byte {@code index} */
    private ByteBuffer range(final ByteBuffer view, final int index, final int pages) {
        view.clear();
        return view.position(index).limit(index + pages * pageSize);
    }

    /**
     * Reads pages {@code [firstPage, firstPage + count)}, all swapped out, into {@code dst} in logical order,
     * one run per extent they touch; in integrity mode checks each page as soon as it is read.
     *
     * @param folio the folio
     * @param firstPage the first logical page
     * @param count how many pages
     * @param dst a view of exactly {@code count} pages at index 0, for this call only (its position and limit
     *     are used as a cursor); its content is unspecified after a failure
     * @throws SwapIoException naming the first page whose read failed
     * @throws SwapIntegrityException naming the first page whose bytes do not match their checksum
     */
    void read(final SwappedFolio folio, final int firstPage, final int count, final ByteBuffer dst)
            throws SwapIoException {
        final int end = firstPage + count;
        for (int e = folio.extentOf(firstPage); e < folio.extents() && folio.extentStart(e) < end; e++) {
            final int from = Math.max(firstPage, folio.extentStart(e));
            final int to = Math.min(end, folio.extentStart(e + 1));
            readRun(folio, from, to - from, dst, (from - firstPage) * pageSize);
        }
    }

    /** One device read for the run, then, in integrity mode, each page's checksum in logical order. */
    private void readRun(final SwappedFolio folio, final int firstPage, final int pages, final ByteBuffer dst,
            final int dstIndex) throws SwapIoException {
        final long head = folio.entryOf(firstPage);
        final SwapDevice device = areas[SwapEntry.type(head)].device();
        try {
            device.readRun(SwapEntry.offset(head), pages, range(dst, dstIndex, pages));
        } catch (final IOException e) {
            throw new SwapIoException(Direction.SWAP_IN, firstPage, pages, head, e);
        }
        if (folio.hasChecksums()) {
            for (int i = 0; i < pages; i++) {
                final int page = firstPage + i;
                final int actual = checksum(range(dst, dstIndex + i * pageSize, 1));
                if (actual != folio.checksum(page)) {
                    throw new SwapIntegrityException(page, SwapEntry.plus(head, i), folio.checksum(page), actual);
                }
            }
        }
    }

    /** @return the CRC32C of the buffer's remaining bytes (its position is left unchanged) */
    private int checksum(final ByteBuffer bytes) {
        final int position = bytes.position();
        crc.reset();
        crc.update(bytes);
        bytes.position(position);
        return (int) crc.getValue();
    }
}

package dev.swaplayer.swap;

import dev.swaplayer.device.SwapDevice;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.swap.SwapIoException.Direction;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The I/O side of the swap path: writes a folio extent by extent, reads a range of pages back in logical
 * order, and keeps or checks the per-page CRC32C. Never touches an allocator.
 *
 * <p>Thread safety: not thread-safe (one {@link CRC32C} is reused); owned and confined by its
 * {@link SwapSpace}.
 *
 * <h2>Runs</h2>
 * The device API is page-granular, so one <b>run</b> (the write of an extent, or the read of the part of an
 * extent that a swap-in wants) is a sequence of page I/Os to consecutive slots of one device in ascending
 * order, with no other I/O of this swap space in between. The runs of a folio go in logical page order. The
 * first failed page I/O ends the operation with a {@link SwapIoException} naming that page.
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

    /** One extent: its pages in ascending slot order, through one reused view of the source. */
    private void writeRun(final SwappedFolio folio, final int firstPage, final int pages, final ByteBuffer src)
            throws SwapIoException {
        final long head = folio.entryOf(firstPage);
        final SwapDevice device = areas[SwapEntry.type(head)].device();
        for (int i = 0; i < pages; i++) {
            final int page = firstPage + i;
            final ByteBuffer bytes = page(src, page * pageSize);
            if (folio.hasChecksums()) {
                folio.setChecksum(page, checksum(bytes));
            }
            try {
                device.write(SwapEntry.offset(head) + i, bytes);
            } catch (final IOException e) {
                throw new SwapIoException(Direction.SWAP_OUT, page, SwapEntry.plus(head, i), e);
            }
        }
    }

    /** @return {@code view} narrowed to the page at {@code index} */
    private ByteBuffer page(final ByteBuffer view, final int index) {
        view.clear();
        return view.position(index).limit(index + pageSize);
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

    private void readRun(final SwappedFolio folio, final int firstPage, final int pages, final ByteBuffer dst,
            final int dstIndex) throws SwapIoException {
        final long head = folio.entryOf(firstPage);
        final SwapDevice device = areas[SwapEntry.type(head)].device();
        for (int i = 0; i < pages; i++) {
            final int page = firstPage + i;
            final int index = dstIndex + i * pageSize;
            final ByteBuffer bytes = page(dst, index);
            final long entry = SwapEntry.plus(head, i);
            try {
                device.read(SwapEntry.offset(entry), bytes);
            } catch (final IOException e) {
                throw new SwapIoException(Direction.SWAP_IN, page, entry, e);
            }
            if (folio.hasChecksums()) {
                final int actual = checksum(page(dst, index));
                if (actual != folio.checksum(page)) {
                    throw new SwapIntegrityException(page, entry, folio.checksum(page), actual);
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

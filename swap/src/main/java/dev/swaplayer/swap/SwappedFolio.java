package dev.swaplayer.swap;

import dev.swaplayer.allocator.FolioOutcome;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Checks;

/**
 * The handle of a swapped-out folio: where each of its {@code 2^order} pages lives, which pages are still
 * swapped out, and (in integrity mode) the CRC32C of each page. {@link SwapSpace#swapOut} creates it; the
 * other operations of the same swap space take it back.
 *
 * <p>Thread safety: not thread-safe; it belongs to the {@link SwapSpace} that created it, which confines it.
 * The accessors are safe to call whenever no operation of that swap space runs.
 *
 * <h2>Placements</h2>
 * <table>
 *   <caption>What the handle holds, by outcome</caption>
 *   <tr><th>{@link #outcome()}</th><th>{@link #handle()}</th><th>page p lives in</th><th>extents</th></tr>
 *   <tr><td>{@code SWPOUT}</td><td>slot entry of page 0</td><td>{@code handle + p}, one device</td>
 *       <td>1</td></tr>
 *   <tr><td>{@code SWPOUT_COMPOUND}</td><td>compound handle ({@code SwapEntry.isCompound})</td>
 *       <td>the descriptor's slot for p, one device</td><td>the descriptor's extents</td></tr>
 *   <tr><td>{@code SWPOUT_FALLBACK}</td><td>{@link SwapEntry#NONE}: no single entry names a split folio</td>
 *       <td>its own order-0 slot, on any device</td><td>{@code 2^order}, one per page</td></tr>
 * </table>
 * An <b>extent</b> is a run of logical pages stored in consecutive slots of one device inside one cluster;
 * the swap path writes each extent with one device write ({@code SwapDevice.writeRun}). The per-page slot
 * entries are kept only for compound and split placements; a contiguous folio costs no array beyond its
 * liveness bitmap (and its checksums in integrity mode).
 *
 * <h2>Life cycle</h2>
 * A page is <b>swapped out</b> from the swap-out until its slot is freed: when its swap count drops to 0
 * ({@link SwapSpace#swapIn} without keep, {@link SwapSpace#put}) or by {@link SwapSpace#free}. Entries of
 * pages no longer swapped out are never used again: their slots may already hold another folio.
 */
public final class SwappedFolio {
    /** The sentinel {@link SwapSpace#swapOut} returns when no placement exists: nothing was swapped out. */
    public static final SwappedFolio NOT_SWAPPED = new SwappedFolio(null, 0, FolioOutcome.FAILED, SwapEntry.NONE,
            null, new int[] {0, 1}, null);

    private final SwapSpace owner;
    private final int order;
    private final FolioOutcome outcome;
    private final long handle;
    /** The slot entry of each page; null for a contiguous folio ({@code handle + p}). */
    private final long[] pageEntries;
    /** The first page of each extent, then {@code 2^order}. */
    private final int[] extentStart;
    /** The CRC32C of each page, filled in as the swap-out writes it; null outside integrity mode. */
    private final int[] checksums;
    /** One bit per page: set while the page is swapped out. */
    private final long[] swappedOut;
    private int swappedOutPages;

    SwappedFolio(final SwapSpace owner, final int order, final FolioOutcome outcome, final long handle,
            final long[] pageEntries, final int[] extentStart, final int[] checksums) {
        this.owner = owner;
        this.order = order;
        this.outcome = outcome;
        this.handle = handle;
        this.pageEntries = pageEntries;
        this.extentStart = extentStart;
        this.checksums = checksums;
        final int pages = 1 << order;
        this.swappedOut = new long[(pages + Long.SIZE - 1) >>> 6];
        if (owner != null) {
            for (int p = 0; p < pages; p++) {
                swappedOut[p >>> 6] |= 1L << p;
            }
            this.swappedOutPages = pages;
        }
        assert extentStart[0] == 0 && extentStart[extentStart.length - 1] == pages : this + ": extents";
    }

    // ------------------------------------------------------------------------------------------- public

    /** Returns the folio order. */
    public int order() {
        return order;
    }

    /** Returns the number of pages, {@code 2^order}. */
    public int pages() {
        return 1 << order;
    }

    /** Returns how the swap-out placed the folio ({@code FAILED} only for {@link #NOT_SWAPPED}). */
    public FolioOutcome outcome() {
        return outcome;
    }

    /**
     * Returns for a folio stored whole, the allocator's handle (a slot entry or a compound handle) with the device type
     * in it; {@link SwapEntry#NONE} for a split folio and for {@link #NOT_SWAPPED}.
     */
    public long handle() {
        return handle;
    }

    /** Returns how many extents hold the folio: 1 when contiguous, {@code 2^order} when split. */
    public int extents() {
        return extentStart.length - 1;
    }

    /**
     * Returns its first logical page; its pages run up to the next extent's first page.
     *
     * @param extent an extent, {@code 0..extents()-1}
     */
    public int extentFirstPage(final int extent) {
        return extentStart[Checks.checkInRange("extent", extent, 0, extents() - 1)];
    }

    /** Returns whether any page is still swapped out. */
    public boolean isSwappedOut() {
        return swappedOutPages > 0;
    }

    /**
     * Returns whether that page is still swapped out.
     *
     * @param page a logical page, {@code 0..pages()-1}
     */
    public boolean isSwappedOut(final int page) {
        Checks.checkInRange("page", page, 0, pages() - 1);
        return owner != null && (swappedOut[page >>> 6] & 1L << page) != 0;
    }

    /** Returns how many pages are still swapped out. */
    public int swappedOutPages() {
        return swappedOutPages;
    }

    /**
     * Returns the slot entry holding it (its type is the device's).
     *
     * @param page a logical page that is still swapped out
     * @throws IllegalStateException when the page is no longer swapped out
     */
    public long entry(final int page) {
        checkSwappedOut(page);
        return entryOf(page);
    }

    @Override
    public String toString() {
        if (owner == null) {
            return "SwappedFolio(NOT_SWAPPED)";
        }
        return "SwappedFolio(order " + order + ", " + outcome + " " + SwapEntry.toString(handle) + ", " + extents()
                + (extents() == 1 ? " extent, " : " extents, ") + swappedOutPages + "/" + pages()
                + " pages swapped out" + (checksums != null ? ", crc32c" : "") + ")";
    }

    // --------------------------------------------------------------------------------- package-private

    SwapSpace owner() {
        return owner;
    }

    /** The slot entry of a page, swapped out or not: for the swap path's own use. */
    long entryOf(final int page) {
        return pageEntries == null ? SwapEntry.plus(handle, page) : pageEntries[page];
    }

    /** Returns whether the folio is stored whole (contiguous or compound) on one device. */
    boolean isWhole() {
        return handle != SwapEntry.NONE;
    }

    /** Returns the extent holding a page. */
    int extentOf(final int page) {
        int lo = 0;
        int hi = extents() - 1;
        while (lo < hi) { // the last extent whose first page is <= page
            final int mid = (lo + hi + 1) >>> 1;
            if (extentStart[mid] <= page) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /** Returns the first page of an extent, or {@code pages()} for {@code extent == extents()}. */
    int extentStart(final int extent) {
        return extentStart[extent];
    }

    /** Records a page's CRC32C, as the swap-out writes the page; only in integrity mode. */
    void setChecksum(final int page, final int crc) {
        checksums[page] = crc;
    }

    /** Returns the CRC32C of a page; only in integrity mode. */
    int checksum(final int page) {
        return checksums[page];
    }

    boolean hasChecksums() {
        return checksums != null;
    }

    /** The page's slot was freed: it is no longer swapped out. */
    void markFreed(final int page) {
        assert isSwappedOut(page) : "page " + page + " of " + this + " freed twice";
        swappedOut[page >>> 6] &= ~(1L << page);
        swappedOutPages--;
    }

    /**
     * Returns the folio when it is a handle {@code owner} returned from a swap-out.
     *
     * @throws IllegalArgumentException for null, {@link #NOT_SWAPPED} or another swap space's handle
     */
    static SwappedFolio checkOwned(final SwappedFolio folio, final SwapSpace owner) {
        if (folio == null || folio.owner != owner) {
            throw Checks.badArgument("folio", folio, "a handle this swap space returned from swapOut");
        }
        return folio;
    }

    /** As {@link #checkOwned}, and at least one page is still swapped out ({@link IllegalStateException}). */
    static void checkSomeSwappedOut(final SwappedFolio folio, final SwapSpace owner) {
        if (!checkOwned(folio, owner).isSwappedOut()) {
            throw Checks.badState("folio", folio, "at least one page swapped out");
        }
    }

    /**
     * As {@link #checkOwned}, and {@code [firstPage, firstPage + count)} is a non-empty range of the folio's
     * pages ({@link IllegalArgumentException}) that are all still swapped out ({@link IllegalStateException}).
     */
    static void checkRange(final SwappedFolio folio, final SwapSpace owner, final int firstPage, final int count) {
        checkOwned(folio, owner);
        Checks.checkInRange("firstPage", firstPage, 0, folio.pages() - 1);
        Checks.checkInRange("count", count, 1, folio.pages() - firstPage);
        for (int p = firstPage; p < firstPage + count; p++) {
            folio.checkSwappedOut(p);
        }
    }

    /**
     * @param page a logical page
     * @throws IllegalStateException when the page is no longer swapped out
     */
    void checkSwappedOut(final int page) {
        if (!isSwappedOut(page)) {
            throw Checks.badState("page " + page + " of " + this, "freed (swapped in or put)", "swapped out");
        }
    }
}

package dev.swaplayer.swap;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.FolioAllocator;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.device.SwapDevice;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Checks;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.SwapResult;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The swap path: swaps folios out to, and pages back in from, a set of prioritised swap areas (device plus
 * slot allocator), with swap counts, optional per-page checksums and no data loss on device errors.
 *
 * <p>Thread safety: not thread-safe; confine an instance, its areas and its folios to one thread or guard
 * them all with one external lock. The swap space's own bookkeeping (device selection, statistics, the
 * folios' page states) is unguarded, whatever the allocators promise: the buddy allocator and the 6.12 and
 * 7.2 kernel models lock and are thread-safe, while the 6.10 model ({@code legacy}) must be confined to one
 * thread and a plug-in states its own. The devices may be shared with other users, as they are thread-safe.
 *
 * <h2>Notation</h2>
 * <ul>
 *   <li><b>folio</b>: {@code 2^order} pages of {@link #pageSize()} bytes, swapped out together;
 *       {@link SwappedFolio} is its handle.</li>
 *   <li><b>area</b>: a {@link SwapArea}; its <b>type</b> (index, in the order added) is the type field of
 *       its entries.</li>
 *   <li><b>extent</b>: a run of a folio's pages in consecutive slots of one device, written with one
 *       {@link dev.swaplayer.device.SwapDevice#writeRun} (see {@link SwappedFolio}).</li>
 * </ul>
 *
 * <h2>Allocators</h2>
 * Each area has its own slot allocator: a {@link BuddyAllocator} ({@link #builder(FolioFallback)}), a policy's
 * ({@link #forProvider(AllocatorProvider)}, which also takes the placement policy from its
 * {@code folioPolicy()}) or the caller's ({@link Builder#addDevice(SwapDevice, int, SlotAllocator)}). The
 * package documentation says what the swap path needs of it (swap counts, and a {@link FolioAllocator} for
 * the compound policy); {@link SwapArea} lists the calls made.
 *
 * <h2>Parts</h2>
 * The swap-out path ({@code SwapOutPath}), the swap-in path ({@code SwapInPath}), the slots of each folio
 * ({@code FolioSlots}: placement, swap counts, release), its I/O ({@code FolioIo}: runs and checksums) and
 * device selection ({@code DeviceSelector}) are package-private parts; this class checks the caller's
 * arguments and hands each operation to its part.
 *
 * <h2>Device selection</h2>
 * As in Linux: areas are tried by priority, highest first; among equal priorities, round robin per
 * allocation (the area that placed an allocation goes behind the others of its priority). An area that cannot
 * place a folio passes it to the next. A folio stored whole (contiguous or compound) is on exactly one
 * device: a large folio never spans devices. A split folio's pages are independent order-0 allocations, as
 * the kernel's are after a split, so they follow device selection page by page and may land on different
 * devices. The policies are in {@link FolioFallback}.
 *
 * <h2>Swap counts</h2>
 * After a successful swap-out every page has swap count 1 (the mapping that was unmapped) and is not in the
 * swap cache. {@link #dup} adds a reference to every page still swapped out (fork); {@link #put} and a
 * swap-in without {@code keep} drop one; a page is freed when its count reaches 0, and from then on the
 * handle no longer names it. {@link #free} frees every page whatever its count (process exit of the last
 * sharer, or abandoning the data).
 *
 * <h2>Integrity mode</h2>
 * The swap-out records the CRC32C ({@link java.util.zip.CRC32C}) of each page in the handle, and the swap-in
 * checks each page it reads: a mismatch is a {@link SwapIntegrityException} naming the page and slot, never
 * silently wrong data. The cost is 4 bytes per page and one checksum per page written and read.
 *
 * <h2>No data loss</h2>
 * <ul>
 *   <li>A swap-out only reads the caller's buffer. If a device write fails, every slot the swap-out took is
 *       freed again (all extents, all devices) before the {@link SwapIoException} is thrown, so the folio is
 *       still resident and intact and no slot leaks.</li>
 *   <li>A swap-in changes no swap count until every page it wants was read (and checked). If a read fails,
 *       slots, counts and checksums stay as they were, the destination range is zero-filled and a
 *       {@link SwapIoException} is thrown: nothing partial is returned, and the swap-in can be retried.</li>
 * </ul>
 *
 * <h2>Outcome table</h2>
 * <table>
 *   <caption>Operations and their outcomes</caption>
 *   <tr><th>operation</th><th>condition</th><th>outcome</th><th>state afterwards</th></tr>
 *   <tr><td>swapOut</td><td>an area has a contiguous run</td><td>folio, {@code SWPOUT}, 1 extent</td>
 *       <td>pages swapped out, count 1</td></tr>
 *   <tr><td>swapOut</td><td>COMPOUND; none has a run, an area has {@code 2^order} free slots</td>
 *       <td>folio, {@code SWPOUT_COMPOUND}</td><td>same</td></tr>
 *   <tr><td>swapOut</td><td>COMPOUND or SPLIT, order &gt; 0; no whole placement; the areas together have
 *       {@code 2^order} free slots</td><td>folio, {@code SWPOUT_FALLBACK}, {@code 2^order} extents</td>
 *       <td>same</td></tr>
 *   <tr><td>swapOut</td><td>otherwise (CONTIGUOUS without a run; too few free slots; a split page
 *       that the allocators refuse a slot)</td>
 *       <td>{@link SwappedFolio#NOT_SWAPPED}</td><td>unchanged</td></tr>
 *   <tr><td>swapOut</td><td>a device write fails</td><td>{@link SwapIoException} (SWAP_OUT)</td>
 *       <td>unchanged: every slot taken released</td></tr>
 *   <tr><td>swapIn</td><td>reads (and checksums) succeed, keep = false</td><td>bytes in dst</td>
 *       <td>one reference dropped per page; pages at count 0 freed</td></tr>
 *   <tr><td>swapIn</td><td>reads (and checksums) succeed, keep = true</td><td>bytes in dst</td>
 *       <td>unchanged (a swap-cache-like read)</td></tr>
 *   <tr><td>swapIn</td><td>a device read fails</td><td>{@link SwapIoException} (SWAP_IN); dst range zeroed
 *       </td><td>unchanged: retry</td></tr>
 *   <tr><td>swapIn</td><td>a checksum mismatches (integrity mode)</td><td>{@link SwapIntegrityException};
 *       dst range zeroed</td><td>unchanged: retry</td></tr>
 *   <tr><td>dup</td><td>every page swapped out below the count limit</td><td>{@code OK}</td>
 *       <td>one reference more per page swapped out</td></tr>
 *   <tr><td>dup</td><td>a page at the limit {@code 2^31-1}</td><td>{@code COUNT_OVERFLOW}</td>
 *       <td>unchanged</td></tr>
 *   <tr><td>dup</td><td>a page needs an extend-table entry its allocator's metadata budget refuses</td>
 *       <td>{@code NO_MEMORY} (-ENOMEM)</td><td>unchanged</td></tr>
 *   <tr><td>put</td><td>every page of the range swapped out</td><td>pages freed</td>
 *       <td>one reference fewer per page; pages at 0 freed</td></tr>
 *   <tr><td>free</td><td>a page swapped out</td><td>pages freed</td><td>every page freed</td></tr>
 * </table>
 * Misuse throws and changes nothing: a handle of another swap space or {@link SwappedFolio#NOT_SWAPPED}
 * ({@link IllegalArgumentException}); a page range outside the folio or a wrong-sized or read-only buffer
 * ({@link IllegalArgumentException}); a page that is no longer swapped out, or {@link #free} of a folio
 * with none ({@link IllegalStateException}).
 *
 * <h2>Pages at placed slots</h2>
 * {@link #writeAt} and {@link #readAt} are the I/O half of the path alone, for a caller that places and frees
 * slots itself through the areas' allocators (the simulator's data mode: its allocation policy decides
 * placement and counts fallbacks). They share the device runs of swap-out and swap-in, check that every slot
 * is in use, and change no slot, count or statistic.
 *
 * <h2>Implementation notes</h2>
 * At most {@value #MAX_AREAS} areas (the entry's 5-bit type). Folio orders up to {@value #MAX_ORDER} and
 * at most 2^30 bytes per folio. Every area's geometry must have minOrder 0 (the path frees single pages).
 * All devices must share one page size. Freed slots are not discarded on the device: the path never reads a
 * slot it has not written since allocating it, and discard policy belongs to the device's owner.
 */
public final class SwapSpace {
    /** The largest number of areas: one per swap type. */
    public static final int MAX_AREAS = SwapEntry.MAX_TYPE + 1;
    /** The largest folio order. */
    public static final int MAX_ORDER = Geometry.MAX_CLUSTER_ORDER;
    private static final int MAX_FOLIO_BYTES_LOG2 = 30;

    private final FolioFallback policy;
    private final boolean integrity;
    private final int pageSize;
    private final int maxOrder;
    private final SwapArea[] areas;
    private final DeviceSelector selector;
    private final FolioSlots slots;
    private final FolioIo io;
    private final SwapOutPath swapOutPath;
    private final SwapInPath swapInPath;

    private SwapSpace(final Builder b) {
        this.policy = b.policy;
        this.integrity = b.integrity;
        this.areas = b.areas.toArray();
        this.pageSize = areas[0].device().pageSize();
        this.maxOrder = Math.min(MAX_ORDER, MAX_FOLIO_BYTES_LOG2 - Integer.numberOfTrailingZeros(pageSize));
        final int[] priorities = new int[areas.length];
        for (int t = 0; t < areas.length; t++) {
            priorities[t] = areas[t].priority();
        }
        this.selector = new DeviceSelector(priorities);
        this.slots = new FolioSlots(areas, selector, policy, integrity);
        this.io = new FolioIo(areas, pageSize);
        this.swapOutPath = new SwapOutPath(slots, io);
        this.swapInPath = new SwapInPath(slots, io);
    }

    /**
     * Starts a swap space whose areas get {@link BuddyAllocator}s (unless an allocator is passed to
     * {@link Builder#addDevice(SwapDevice, int, SlotAllocator)}).
     *
     * @param policy how large folios are placed
     * @return a builder; add at least one device
     */
    public static Builder builder(final FolioFallback policy) {
        return new Builder(policy, null);
    }

    /**
     * Starts a swap space whose areas get the allocators of a policy's provider, placed under the provider's
     * {@link AllocatorProvider#folioPolicy()} ({@code SPLIT} or {@code COMPOUND}). An allocator that does not
     * implement {@link dev.swaplayer.allocator.SwapCounts} gets a {@link dev.swaplayer.allocator.SwapCountTable}
     * in front.
     *
     * @param provider builds each area's allocator with {@code create(type, geometry)}
     * @return a builder; add at least one device
     * @throws IllegalArgumentException for a null provider
     */
    public static Builder forProvider(final AllocatorProvider provider) {
        if (provider == null) {
            throw Checks.badArgument("provider", null, "an AllocatorProvider");
        }
        return new Builder(FolioFallback.of(provider.folioPolicy()), provider);
    }

    // ------------------------------------------------------------------------------------- swap-out

    /**
     * Swaps a folio out: places it under the policy, writes one run per extent, then gives every page swap
     * count 1. See the outcome table in the class comment.
     *
     * @param src the folio: exactly {@code pageSize() << order} bytes remaining; only read, its position,
     *     limit and content never change
     * @param order the folio order, {@code 0..maxOrder()}
     * @return the handle, or {@link SwappedFolio#NOT_SWAPPED} when no placement exists (nothing changed)
     * @throws SwapIoException when a device write fails; every slot taken was released
     * @throws IllegalArgumentException for an order out of range or a buffer of the wrong size
     */
    public SwappedFolio swapOut(final ByteBuffer src, final int order) throws SwapIoException {
        Checks.checkInRange("order", order, 0, maxOrder);
        io.checkBuffer("src", src, 1 << order, false);
        return swapOutPath.swapOut(this, src.slice(src.position(), src.remaining()).asReadOnlyBuffer(), order);
    }

    // -------------------------------------------------------------------------------------- swap-in

    /**
     * Reads pages {@code [firstPage, firstPage + count)} into {@code dst} in logical order, reassembling them
     * across extents (and devices, for a split folio); then, unless {@code keep}, drops one reference from
     * each (freeing the pages that reach count 0). See the outcome table in the class comment.
     *
     * @param folio a handle of this swap space
     * @param firstPage the first page, {@code 0..pages-1}
     * @param count how many pages, {@code 1..pages-firstPage}; each must still be swapped out
     * @param dst exactly {@code count} pages remaining, writable; filled from its position, which advances by
     *     {@code count} pages on success and stays put on failure
     * @param keep true to leave the swap counts unchanged (a swap-cache-like read)
     * @throws SwapIoException when a device read fails; state unchanged, dst range zero-filled
     * @throws SwapIntegrityException when a page does not match its checksum; state unchanged, dst range
     *     zero-filled
     * @throws IllegalArgumentException for a foreign handle, a range outside the folio, a bad buffer
     * @throws IllegalStateException when a page of the range is no longer swapped out
     */
    public void swapIn(final SwappedFolio folio, final int firstPage, final int count, final ByteBuffer dst,
            final boolean keep) throws SwapIoException {
        SwappedFolio.checkRange(folio, this, firstPage, count);
        io.checkBuffer("dst", dst, count, true);
        swapInPath.swapIn(folio, firstPage, count, dst, keep);
    }

    /**
     * Swaps in the whole folio and drops one reference from every page: {@code swapIn(folio, 0, pages, dst,
     * false)}.
     *
     * @param folio a handle of this swap space, every page still swapped out
     * @param dst exactly the folio's size remaining, writable
     * @throws SwapIoException as {@link #swapIn(SwappedFolio, int, int, ByteBuffer, boolean)}
     */
    public void swapIn(final SwappedFolio folio, final ByteBuffer dst) throws SwapIoException {
        swapIn(folio, 0, SwappedFolio.checkOwned(folio, this).pages(), dst, false);
    }

    // ------------------------------------------------------------------------- pages at placed slots

    /**
     * Writes pages to slots the caller placed and owns (for a caller that keeps its own placement and slot
     * lifetimes, as the simulator's data mode does through its allocation policy): one device write per run
     * of entries naming consecutive slots of one device, in the order given. Keeps no handle, no checksum and
     * no swap count; the slots stay as they are.
     *
     * @param entries the slot entry of each page; each in use in its area's allocator
     * @param count how many pages: {@code entries[0..count)}, {@code 1..2^maxOrder()}
     * @param src exactly {@code count} pages remaining; only read, its position, limit and content never change
     * @return how many device writes it took (runs)
     * @throws SwapIoException when a device write fails, naming the index of the failed run's first entry;
     *     later runs are not written
     * @throws IllegalArgumentException for a bad count, an entry of no area or a compound handle, a bad buffer
     * @throws IllegalStateException when a slot is not in use
     */
    public int writeAt(final long[] entries, final int count, final ByteBuffer src) throws SwapIoException {
        io.checkPlaced(entries, count, 1 << maxOrder);
        io.checkBuffer("src", src, count, false);
        return io.writeAt(entries, count, src.slice(src.position(), src.remaining()).asReadOnlyBuffer());
    }

    /**
     * Reads pages from slots the caller placed and owns into {@code dst}: one device read per run, as
     * {@link #writeAt}. Changes no slot.
     *
     * @param entries the slot entry of each page; each in use in its area's allocator
     * @param count how many pages: {@code entries[0..count)}, {@code 1..2^maxOrder()}
     * @param dst exactly {@code count} pages remaining, writable; filled from its position, which advances by
     *     {@code count} pages on success and stays put on failure (when the range is zero-filled)
     * @return how many device reads it took (runs)
     * @throws SwapIoException when a device read fails, naming the index of the failed run's first entry
     * @throws IllegalArgumentException for a bad count, an entry of no area or a compound handle, a bad buffer
     * @throws IllegalStateException when a slot is not in use
     */
    public int readAt(final long[] entries, final int count, final ByteBuffer dst) throws SwapIoException {
        io.checkPlaced(entries, count, 1 << maxOrder);
        io.checkBuffer("dst", dst, count, true);
        return swapInPath.readAt(entries, count, dst);
    }

    // ---------------------------------------------------------------------------------- swap counts

    /**
     * Adds a reference to every page still swapped out (fork). All or nothing.
     *
     * @param folio a handle of this swap space with at least one page swapped out
     * @return {@link SwapResult#OK}, or {@link SwapResult#COUNT_OVERFLOW} (nothing changed) when a page's count
     *     is at its limit, or {@link SwapResult#NO_MEMORY} (nothing changed) when a page's allocator could not have
     *     the extend-table entry its count needs
     * @throws IllegalArgumentException for a foreign handle
     * @throws IllegalStateException when no page is swapped out
     */
    public SwapResult dup(final SwappedFolio folio) {
        SwappedFolio.checkSomeSwappedOut(folio, this);
        return slots.dup(folio);
    }

    /**
     * Drops one reference from each page of a range (unmap); pages whose count reaches 0 are freed.
     *
     * @param folio a handle of this swap space
     * @param firstPage the first page
     * @param count how many pages; each must still be swapped out
     * @return how many pages were freed
     * @throws IllegalArgumentException for a foreign handle or a range outside the folio
     * @throws IllegalStateException when a page of the range is no longer swapped out
     */
    public int put(final SwappedFolio folio, final int firstPage, final int count) {
        SwappedFolio.checkRange(folio, this, firstPage, count);
        return slots.put(folio, firstPage, count);
    }

    /**
     * Frees every page still swapped out, whatever its swap count; the handle then names nothing.
     *
     * @param folio a handle of this swap space with at least one page swapped out
     * @return how many pages were freed
     * @throws IllegalArgumentException for a foreign handle
     * @throws IllegalStateException when no page is swapped out
     */
    public int free(final SwappedFolio folio) {
        SwappedFolio.checkSomeSwappedOut(folio, this);
        return slots.releaseAll(folio);
    }

    // ---------------------------------------------------------------------------------- observation

    /** Returns what a large folio that no area holds in one contiguous run falls back to. */
    public FolioFallback fallback() {
        return policy;
    }

    /** Returns whether per-page CRC32C checksums are kept and checked. */
    public boolean integrity() {
        return integrity;
    }

    /** Returns the page size shared by every device. */
    public int pageSize() {
        return pageSize;
    }

    /** Returns the largest folio order {@link #swapOut} accepts. */
    public int maxOrder() {
        return maxOrder;
    }

    /** Returns how many areas. */
    public int areaCount() {
        return areas.length;
    }

    /**
     * Returns the area.
     *
     * @param type an area's type, {@code 0..areaCount()-1}
     */
    public SwapArea area(final int type) {
        return areas[Checks.checkInRange("type", type, 0, areas.length - 1)];
    }

    /** Returns the areas in the order they will be tried next (priority, then round robin). */
    public List<SwapArea> selectionOrder() {
        final List<SwapArea> list = new ArrayList<>(areas.length);
        for (int i = 0; i < selector.size(); i++) {
            list.add(areas[selector.typeAt(i)]);
        }
        return list;
    }

    /** Returns the counters. */
    public SwapStats stats() {
        return swapOutPath.stats(swapInPath);
    }

    /**
     * Audits every area's allocator: its own audit when it is {@code Auditable}, and for any allocator
     * conservation (free + used + reserved = total). Costs O(slots); for tests.
     *
     * @throws AssertionError naming the first inconsistency
     */
    public void checkConsistency() {
        for (final SwapArea a : areas) {
            a.checkConsistency();
        }
    }

    @Override
    public String toString() {
        return "SwapSpace(" + policy + (integrity ? ", crc32c" : "") + ", " + pageSize + " B pages, "
                + Arrays.toString(areas) + ")";
    }

    /**
     * Configures a {@link SwapSpace}.
     *
     * <p>Thread safety: not thread-safe; use from one thread.
     */
    public static final class Builder {
        private final FolioFallback policy;
        private final AreaList areas;
        private boolean integrity;

        private Builder(final FolioFallback policy, final AllocatorProvider provider) {
            if (policy == null) {
                throw Checks.badArgument("policy", null, "one of " + Arrays.toString(FolioFallback.values()));
            }
            this.policy = policy;
            this.areas = new AreaList(policy, provider);
        }

        /**
         * Returns this.
         *
         * @param value whether to keep and check a CRC32C per page (default false)
         */
        public Builder integrity(final boolean value) {
            this.integrity = value;
            return this;
        }

        /**
         * Adds a device with an allocator over all of it (its bad slots reserved, default clusters of 512): a
         * {@link BuddyAllocator}, or the provider's when the builder was started from one.
         *
         * @param device the device
         * @param priority higher is used first; equal priorities round robin
         * @return this
         * @throws IllegalArgumentException as {@link #addDevice(SwapDevice, int, Geometry)}
         */
        public Builder addDevice(final SwapDevice device, final int priority) {
            areas.checkDevice(device);
            return addDevice(device, priority, SwapArea.geometryOf(device));
        }

        /**
         * Adds a device whose allocator has the given geometry: a {@link BuddyAllocator}, or the provider's when
         * the builder was started from one. Its type is the number of areas added before.
         *
         * @param device the device
         * @param priority higher is used first; equal priorities round robin
         * @param geometry at most the device's capacity, minOrder 0, reserving every bad slot of the device
         * @return this
         * @throws IllegalArgumentException when the device does not fit: more than {@value #MAX_AREAS} areas,
         *     another page size, or a geometry that does not match the device; or when the provider's allocator
         *     does not suit the swap path (see {@link #addDevice(SwapDevice, int, SlotAllocator)})
         */
        public Builder addDevice(final SwapDevice device, final int priority, final Geometry geometry) {
            areas.add(device, priority, geometry);
            return this;
        }

        /**
         * Adds a device with an allocator the caller built for it. Its type is the number of areas added before.
         *
         * @param device the device
         * @param priority higher is used first; equal priorities round robin
         * @param allocator a fresh allocator (no slot in use) of this area's type that implements
         *     {@link dev.swaplayer.allocator.SwapCounts} (and {@link FolioAllocator} under the compound policy),
         *     whose geometry has at most the device's capacity, minOrder 0 and every bad slot of the device
         * @return this
         * @throws IllegalArgumentException when the device or the allocator does not fit
         */
        public Builder addDevice(final SwapDevice device, final int priority, final SlotAllocator allocator) {
            areas.add(device, priority, allocator);
            return this;
        }

        /**
         * Returns the swap space.
         *
         * @throws IllegalStateException when no device was added
         */
        public SwapSpace build() {
            if (areas.isEmpty()) {
                throw Checks.badState("areas", 0, "at least one device added");
            }
            return new SwapSpace(this);
        }
    }
}

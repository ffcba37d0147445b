/**
 * The swap path: folios out to, and pages back in from, prioritised swap areas, each a device with a slot
 * allocator ({@link dev.swaplayer.swap.SwapSpace}).
 *
 * <h2>Allocators</h2>
 * An area takes any {@link dev.swaplayer.allocator.SlotAllocator} that also implements
 * {@link dev.swaplayer.allocator.SwapCounts} (the swap counts live in the allocator, as in the kernel's
 * {@code swap_map}); the compound policy also needs a {@link dev.swaplayer.allocator.FolioAllocator}.
 * {@link dev.swaplayer.swap.SwapSpace#forProvider} builds the areas from an
 * {@link dev.swaplayer.allocator.AllocatorProvider}, so the kernel models ({@code legacy}, {@code cluster}) run
 * through the same path as the buddy allocator; a provider's allocator without swap counts gets a
 * {@link dev.swaplayer.allocator.SwapCountTable} in front. {@link dev.swaplayer.swap.SwapArea} lists the calls
 * made.
 *
 * <h2>Integrity and no data loss</h2>
 * In integrity mode every page's CRC32C is recorded at swap-out and checked at swap-in, whatever the folio's
 * storage (contiguous, compound, split into order-0 pages) and however much of it is swapped in: wrong bytes
 * are a {@link dev.swaplayer.swap.SwapIntegrityException} naming the folio page and its slot, and leave slots,
 * swap counts and checksums unchanged so that a retry can succeed. A failed write releases every slot taken; a
 * failed read changes nothing. {@link dev.swaplayer.swap.scenario.NoDataLoss} checks both with
 * {@code dev.swaplayer.device.FaultPlan} at every I/O position (errors) and every read position (corrupt reads:
 * one flipped bit reported as success), for any allocator provider: the tests run it with every built-in
 * allocation policy, {@code ./swaplayer verify} with a plug-in.
 *
 * <h2>Pages at placed slots</h2>
 * {@link dev.swaplayer.swap.SwapSpace#writeAt} and {@link dev.swaplayer.swap.SwapSpace#readAt} are the I/O
 * half alone, for a caller that places and frees slots itself (the simulator's data mode).
 */
package dev.swaplayer.swap;

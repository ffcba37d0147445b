package dev.swaplayer.kernel;

import dev.swaplayer.allocator.Auditable;
import dev.swaplayer.allocator.PerCpu;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.SwapCounts;

/**
 * A {@link SlotAllocator} modelling a kernel allocator with per-CPU state, with the swap counts of
 * {@link SwapCounts}, the swap-cache hook that the kernel's reclaim of cache-only slots needs, and an
 * {@link Auditable#checkConsistency() audit} of its swap map, counters and cluster lists.
 *
 * <p>Thread safety: as the implementation states.
 *
 * <h2>CPUs</h2>
 * The kernel keeps its allocation hints per CPU ({@code percpu_cluster->next[order]}, and in 6.10 also the
 * scan base {@code cluster_next_cpu}). The simulated CPU is per thread: each thread starts on a CPU handed out
 * round-robin modulo {@link #cpus()} at its first call (the first thread gets CPU 0, so a single-threaded
 * caller starts on CPU 0), and {@link #setCpu} moves the calling thread to another CPU for its following
 * calls. A single-threaded caller can therefore drive the CPUs itself, as the simulator does; threads that
 * never call setCpu behave like tasks pinned to different CPUs.
 *
 * <h2>Cache-only slots and reclaim</h2>
 * In the kernel a slot whose {@code swap_map} byte is exactly {@code SWAP_HAS_CACHE} is held only by the swap
 * cache; when more than half of the swap space is in use ({@code vm_swap_full()}) the allocator deletes such
 * folios from the swap cache and reuses their slots. The model cannot see the swap cache, so the caller says
 * which runs are in that state:
 * <ol>
 *   <li>After a folio's slots are allocated and, later, its last page-table reference is gone while the folio
 *       is still in the swap cache, call {@code setCacheOnly(entry, folioSlots, true)} with the folio's whole,
 *       naturally aligned run.</li>
 *   <li>When the folio is mapped again, or leaves the swap cache, call {@code setCacheOnly(entry, n, false)}
 *       (any part of the run), or free the slots. Freeing part of a marked run unmarks the rest of it: the
 *       folio no longer lies whole in the swap cache (the kernel frees a folio's entries only together, so it
 *       was split), and the caller marks again, folio by folio, what is still held only by the cache.</li>
 *   <li>Register a {@link SlotReclaimed} listener: when the model reclaims a run it frees the slots itself and
 *       then tells the listener, which must drop the folio's swap-cache association.</li>
 * </ol>
 * Nothing is cache-only unless the caller marks it, so a caller that never marks slots never sees a
 * reclaim. A run is reclaimed only whole, and only while every slot of it is still marked, as the kernel frees
 * a folio only when all of its entries are {@code SWAP_HAS_CACHE}-only ({@code swap_is_has_cache}).
 */
public interface PerCpuAllocator extends SlotAllocator, SwapCounts, PerCpu, Auditable {

    /**
     * Marks a run of in-use slots as held only by the swap cache, or clears the mark.
     *
     * @param entry the run's first slot
     * @param nrSlots when marking: the folio's size, a power of two up to a cluster, with entry aligned to
     *     it; when clearing: any run of in-use slots
     * @param cacheOnly true to mark, false to clear
     * @throws IllegalArgumentException for a foreign or compound entry, a run past the end, or a bad size or
     *     alignment
     * @throws IllegalStateException when a slot of the run is not in use
     */
    void setCacheOnly(long entry, int nrSlots, boolean cacheOnly);

    /**
     * Returns whether the slot is in use and marked cache-only.
     *
     * @param entry a slot entry of this device
     */
    boolean isCacheOnly(long entry);

    /**
     * Sets who is told of reclaimed runs.
     *
     * @param listener told of every run the allocator reclaims; {@link SlotReclaimed#IGNORE} to stop
     */
    void setReclaimListener(SlotReclaimed listener);

    /** Returns slots reclaimed so far (freed by the allocator itself). */
    long reclaimedSlots();
}

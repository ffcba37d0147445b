/**
 * Faithful models of the Linux kernel's swap slot allocators, for comparison with the swaplayer allocator:
 * {@link dev.swaplayer.kernel.LegacyAllocator} (6.10/6.11, per-CPU per-order clusters taken only from the
 * free list) and {@link dev.swaplayer.kernel.ClusterAllocator} (6.12, cluster order with the free, nonfull,
 * frag and full lists). Both implement {@link dev.swaplayer.kernel.PerCpuAllocator}: each thread runs on a
 * simulated CPU (its own, or the one it picks), the swap counts follow {@code SwapCounts}, and the caller may
 * mark slots as held only by the swap cache so that the models can reclaim them the way the kernel does when
 * more than half of the device is in use. {@link dev.swaplayer.kernel.SlotsCache} puts 6.12's per-CPU swap slots
 * cache ({@code mm/swap_slots.c}) in front of the cluster model: the policy {@code cluster-612-slots}, for one
 * thread. {@link dev.swaplayer.kernel.Cluster72Allocator} is the allocator of 7.2 (the policy {@code cluster-72}:
 * the per-CPU cluster as fast path, nonfull before free clusters, one fragment cluster per scan).
 *
 * <h2>Classes</h2>
 * The cluster models share {@code ClusterListModel} (the free, nonfull, frag and full lists, the free path and
 * their audit) and differ in their allocation paths. Every model extends {@code KernelModel}, its public face,
 * which extends {@code SwapInfo}: one swap device as the kernel's {@code struct swap_info_struct} holds it
 * (the {@code swap_map}, the per-cluster counts and flags, the counters, the locks, the allocation and free
 * paths). {@code SwapInfo} owns package-private parts,
 * each with its own class comment: {@code PerCpuHints} ({@code percpu_cluster->next[order]} and the thread's
 * CPU), {@code SwapCountOps} on {@code SwapCountWords} (dup, put and the swap-cache pin),
 * {@code CacheOnlyReclaim} (the cache-only marks and {@code __try_to_reclaim_swap}), {@code SwapMapAudit}
 * ({@code checkConsistency}) and {@code SwaponLayout} (the reserved slots and the cluster order at swapon).
 *
 * <h2>Concurrency</h2>
 * {@link dev.swaplayer.kernel.ClusterAllocator} is thread-safe with the locking of 6.12; the 6.10 model is not
 * (its policy state is unguarded) and must be confined to one thread.
 * <ul>
 *   <li><b>Locks.</b> A device lock ({@code si->lock}) guards the cluster lists and flags, {@code fragCount},
 *       the per-CPU hints and the device counters; one lock per cluster ({@code ci->lock}) guards that
 *       cluster's slot states and swap counts. Per-cluster count and order change only with both held.</li>
 *   <li><b>Lock order.</b> Device lock, then cluster locks. Several cluster locks only under the device lock,
 *       taken in ascending cluster order (the cross-cluster steps: a free or a cache-mark clear spanning
 *       clusters, and the audits). Without the device lock a thread holds at most one cluster lock and takes
 *       nothing while holding it; a {@code put} or {@code cacheDel} that frees its slot lets go of the cluster
 *       lock and redoes its step under the device lock, then the cluster lock, checking the slot again. Both
 *       locks are reentrant spin locks ({@link dev.swaplayer.allocator.SpinLock}, one compare-and-set to take,
 *       one release store to let go, as the kernel's {@code spinlock_t}). The device lock's holder enters a
 *       cluster rather than taking its lock, and a cluster-only step gives way to it: the buddy allocator's
 *       handshake, drawn and explained in {@link dev.swaplayer.allocator.core}. Methods that need a lock they
 *       do not take say so in a "Context:" line and assert it ({@code holdsDevice()}, {@code holdsCluster(c)});
 *       those that need the device lock, and the fields it guards, also carry {@code @GuardedBy("deviceLock")},
 *       which ErrorProne checks at compile time (what it can and cannot check: {@link
 *       dev.swaplayer.allocator.core}).</li>
 *   <li><b>Isolation.</b> 6.12 moves a cluster between lists in one step under the device lock and never
 *       isolates one; the 7.2 model isolates a cluster for a scan and puts it back before it lets the device
 *       lock go. So every cluster is on exactly one list whenever the device lock is free;
 *       {@code listMembershipViolations()} of either cluster model audits exactly that.</li>
 * </ul>
 *
 * <h2>Memory-ordering vocabulary</h2>
 * Accessor names carry the ordering of an access made without a lock:
 * <ul>
 *   <li>no suffix: a plain access to a field guarded by a lock (the field's comment names the lock); the
 *       lock's acquire and release order it.</li>
 *   <li>{@code …Acquire()}: a {@link java.lang.invoke.VarHandle#getAcquire} read, safe without a lock; it sees
 *       every write made before the matching release store, and nothing later is reordered before it.</li>
 *   <li>{@code …Release(…)}: a {@link java.lang.invoke.VarHandle#setRelease} store, made under the lock that
 *       guards the field, so that unlocked acquire readers see a value no older than the last completed
 *       operation.</li>
 * </ul>
 * The only fields read without a lock are the device counters (free, used and reclaimed slots:
 * {@code slots.freeAcquire()}, {@code slots.usedAcquire()}, {@code reclaimedSlotsAcquire()}, written by
 * {@code slots.moveToUsedRelease}, the buddy allocator's counters too:
 * {@link dev.swaplayer.allocator.core.SlotCounters}). They serve the public observers and the early failure of
 * an allocation on a device with too few free slots, which is checked again under the device lock (the kernel reads
 * {@code nr_swap_pages} without a lock the same way). NOTE: two counters read one after the other without the
 * lock may straddle a concurrent call (free + used may briefly differ from the usable slots); they are exact
 * at every quiescent point and under the device lock. The per-thread CPU is a {@link java.lang.ThreadLocal},
 * so it needs no ordering.
 *
 * <p>Reference: {@code mm/swapfile.c} of torvalds/linux at the v6.10, v6.12 and v7.2 tags ({@code scan_swap_map_slots},
 * {@code cluster_alloc_swap_entry}, {@code swap_entry_range_free}), and the cover letters of the series that
 * changed it: Ryan Roberts' "Swap-out mTHP without splitting" (v5, 2024-03-27) and Chris Li's "mTHP swap
 * allocator base on swap cluster order" (v5). Each class states where it deviates from the kernel.
 */
package dev.swaplayer.kernel;

/**
 * The buddy allocator of swap slots, swap counts, the swap-cache flag and compound descriptors.
 *
 * <h2>Threads</h2>
 * {@link dev.swaplayer.allocator.BuddyAllocator} may be called from any thread. It keeps the kernel's two
 * levels of locking ({@code si->lock} and {@code ci->lock} in {@code mm/swapfile.c}), both
 * {@link dev.swaplayer.allocator.SpinLock}s:
 * <pre>
 *   device lock    free space: which clusters have metadata, the per-order indexes (hasFree, buddyinfo),
 *                  the free and used counters, the descriptor table, each cluster's free-block maps and
 *                  page-owner table
 *   cluster lock   one cluster's slot state bytes (swap count, cache bit) and extend table, for a thread
 *                  that does not hold the device lock
 *
 *   order: the device lock first; without it, at most one cluster lock
 * </pre>
 * Allocation and free take the device lock and enter the clusters they change; swap-count traffic takes only
 * the slot's cluster lock, so that it does not contend across clusters. The two meet in Dekker's handshake on the
 * locks' words, shared with the kernel models and drawn and explained once in {@link dev.swaplayer.allocator.core}.
 *
 * <p>{@code BuddyAllocator} is a facade over package-private parts, one concern each (free space, block
 * placement, compound placement, the descriptor table, slot states, the audit, the views; its class comment
 * lists them). Each part's class comment names the lock that guards it; what the device lock guards is annotated
 * {@code @GuardedBy}, which ErrorProne checks in every build ({@code FreeSpace.deviceLock} says how, and where
 * the check stops), and each method that needs a lock asserts that the calling thread holds it
 * ({@code Handshake.holdsDevice}), so the tests, which run with assertions on, check the lock discipline on
 * every call, the cluster locks included.
 *
 * <h2>Memory ordering</h2>
 * Every field is guarded by one of the locks above, with these exceptions, each named in its accessor:
 * <ul>
 *   <li>{@code FreeSpace.clusterAcquire(c)} reads a cluster's metadata reference with acquire ordering, and
 *       {@code FreeSpace.setClusterRelease(c, cl)} publishes or drops it with release ordering under the device
 *       lock. A thread that sees a new {@code Cluster} therefore sees it fully built. A reader that then locks
 *       the cluster reads the reference again: if it changed (the cluster was dropped or rebuilt meanwhile),
 *       it lets go and retries ({@code FreeSpace.lockClusterOf}).</li>
 *   <li>{@code freeSlots()} and {@code usedSlots()} are acquire loads of counters written under the device
 *       lock with release stores ({@code FreeSpace.moveToUsedRelease}): each value is exact, but two reads are
 *       one picture only at a quiescent point. Release rather than volatile stores spare a full fence per
 *       call.</li>
 *   <li>The locks themselves ({@link dev.swaplayer.allocator.SpinLock}) take with a compare-and-set and let go
 *       with a release store, as the kernel's {@code spin_lock}/{@code spin_unlock} do.</li>
 * </ul>
 *
 * <h2>Why no per-thread hint in the buddy allocator</h2>
 * The kernel's per-CPU cluster saves a search of the cluster lists. Here the search is one bitset lookup
 * per order under the device lock. The placement ({@link dev.swaplayer.spec.Placement}: grouped by
 * default, best fit for the {@code bestfit} policy) is also the specification: Lincheck compares concurrent histories
 * with it, and a per-thread hint would make placement depend on which thread asks. The 6.12 cluster model in
 * {@code dev.swaplayer.kernel} has the kernel's per-CPU hints, one simulated CPU per thread.
 *
 * <p>{@link dev.swaplayer.allocator.BuddyAllocator#withoutLocks} builds the same allocator with every lock
 * skipped. The concurrency tests use it to show that they fail without the locks, and the benchmarks use it to
 * measure what the locks cost. {@link dev.swaplayer.allocator.Fault#UNLOCKED_DUP} skips only {@code dup}'s
 * cluster lock, so that the swap-count Lincheck test shows it catches a lost update of one slot's count.
 *
 * <h2>Interfaces</h2>
 * {@link dev.swaplayer.allocator.SlotAllocator} is what every allocation policy implements, a plug-in's too.
 * The rest are optional capabilities that the verbs look for: {@link dev.swaplayer.allocator.FolioAllocator}
 * (compound descriptors), {@link dev.swaplayer.allocator.SwapCounts} (swap counts and the swap-cache flag),
 * {@link dev.swaplayer.allocator.PerCpu} (per-CPU hints) and {@link dev.swaplayer.allocator.Auditable} (an
 * audit of its own). {@link dev.swaplayer.allocator.AllocatorProvider} names a policy and builds it; the
 * registry of them is {@link dev.swaplayer.allocator.policy.PolicyRegistry}. An allocator without swap counts
 * gets them from a {@link dev.swaplayer.allocator.SwapCountTable} in front of it where a caller needs them
 * (the swap path).
 */
package dev.swaplayer.allocator;

/**
 * What the buddy allocator ({@code dev.swaplayer.allocator.BuddyAllocator}) and the kernel models
 * ({@code dev.swaplayer.kernel}) share: the device lock and its handshake with the cluster locks
 * ({@link dev.swaplayer.allocator.core.Handshake}), the one way to build an allocator with its locks switched off,
 * the free and used slot counters ({@link dev.swaplayer.allocator.core.SlotCounters}), the swap-count paths that
 * may free a slot ({@link dev.swaplayer.allocator.core.SwapCountPaths}), and their common base
 * {@link dev.swaplayer.allocator.core.SlotDevice} (type, geometry, the lock, the counters, the observers that
 * read them and the check of a slot entry).
 *
 * <h2>Two lock levels</h2>
 * Both allocators keep the kernel's two levels of locking ({@code si->lock} and {@code ci->lock} in
 * {@code mm/swapfile.c}), both {@link dev.swaplayer.allocator.SpinLock}s:
 * <pre>
 *   device lock   (si->lock)  free space: which slots are free, the indexes and lists over them, the counters
 *   cluster lock  (ci->lock)  one cluster's slot states (swap count, cache bit), for a thread that does not
 *                             hold the device lock
 *
 *   lock order: device lock, then cluster locks; without the device lock, at most one cluster lock, and
 *               nothing else taken while it is held.
 * </pre>
 * Allocation and free take the device lock. Swap-count traffic ({@code dup}, {@code cacheAdd}, and a
 * {@code put} or {@code cacheDel} that leaves its slot in use) takes only the slot's cluster lock, so that it
 * does not contend across clusters. A {@code put} or {@code cacheDel} that would free its slot changes free
 * space: it lets go of the cluster lock, takes the device lock, then the cluster lock again, and decides anew
 * from the current state (its outcome may have changed meanwhile), as the kernel drops {@code ci->lock} before
 * {@code free_swap_slot} takes {@code si->lock}.
 *
 * <h2>The handshake</h2>
 * The holder of the device lock does not compare-and-set the lock of a cluster it changes: it <i>enters</i> the
 * cluster ({@link dev.swaplayer.allocator.core.Handshake#enter}). A cluster-only step takes its cluster lock and
 * gives way to a device-lock holder ({@link dev.swaplayer.allocator.core.Handshake#lock}). This is Dekker's
 * handshake, made of the two locks' own words:
 * <pre>
 *   device-lock holder D                    cluster-only step C, cluster X
 *   CAS device 0 -&gt; 1                       CAS X.lock 0 -&gt; 1
 *   read X.lock (volatile); wait while      read device (volatile); if held by another
 *     another thread holds it (enter)         thread: let go of X.lock, take device, take
 *                                             X.lock, let go of device
 *   change X's slot states                  change X's slot states
 *   device = 0 (release)                    X.lock = 0 (release)
 * </pre>
 * Volatile accesses have one total order, so at least one of D and C sees the other's compare-and-set, and C
 * always gives way: they are never inside X together, and nobody waits while holding what the other needs. C
 * queues on the device lock rather than retrying, so a stream of allocations cannot starve it. Entering leaves
 * nothing to let go: letting go of the device lock lets cluster-only steps in again. The price is that a
 * cluster-only step waits while any allocation or free runs, even in another cluster (the kernel's do not); the
 * gain is one atomic instruction per allocation or free instead of two, measured by {@code ./swaplayer bench}
 * as the locks' cost on one thread ({@code buddy_vs_unlocked_*}, {@code cluster_vs_unlocked_*}).
 * {@code docs/decisions/0001-lock-handshake.md} records the decision; JCStress ({@code DupVsPutTest},
 * {@code AllocateVsFreeBuddyTest}, ...), Lincheck against {@code SwapSpaceModel}, {@code HandshakeTest} (each
 * side waits for the other) and the SPIN models in {@code spec/promela} check it.
 *
 * <h2>Locks switched off</h2>
 * {@code new Handshake(false)} makes every lock method a no-op and every {@code holds} test true, so the lock
 * assertions still pass; its device lock is {@link dev.swaplayer.allocator.SpinLock#switchedOff()}, whose
 * {@code lock} and {@code unlock} do nothing, so code that takes it directly ({@code deviceLock.lock()}) is
 * switched off with it. It is the only way to build an allocator without locks:
 * {@code BuddyAllocator.withoutLocks} and {@code ClusterAllocator.withoutLocks} use it, for the benchmarks'
 * single-threaded baseline and for the demonstrations that the concurrency tests fail without the locks. It is
 * a construction option, not a planted bug ({@code Fault} holds only those).
 *
 * <h2>The swap-count paths</h2>
 * {@code put} and {@code cacheDel}, with their fast path under the cluster lock and their slow path under both
 * locks, are one piece of code, {@link dev.swaplayer.allocator.core.SwapCountPaths}; each allocator supplies its
 * slot state through hooks. What is not shared differs on purpose. The buddy allocator keeps a state byte per
 * slot inside on-demand cluster metadata, with an extend table for counts above 126 that a metadata budget may
 * refuse ({@code dup} returns {@code NO_MEMORY}), and a slot of a cluster without metadata is free without a
 * lock; the kernel models keep the kernel's {@code swap_map} byte and a count word per slot in arrays that
 * always exist. So {@code dup} and {@code cacheAdd} (the budget, the in-use test), the encodings, and what a
 * freed slot does next (buddy coalescing, or the policy's cluster lists) stay with each allocator.
 *
 * <h2>What the checks check</h2>
 * Two means, one at compile time and one at run time.
 * <p><b>ErrorProne's {@code GuardedBy} check (every build, {@code -Werror}).</b> {@link
 * dev.swaplayer.allocator.SpinLock} is a {@link java.util.concurrent.locks.Lock}, so the check treats
 * {@code x.lock()} followed by a {@code try} whose {@code finally} calls {@code x.unlock()} as holding {@code x}
 * inside the {@code try}. It checks that every access to a field annotated {@code @GuardedBy("g")}, and every call
 * of a method annotated {@code @GuardedBy("g")}, happens where {@code g} is held: taken in that method, or named
 * by the method's own {@code @GuardedBy}, which moves the obligation to its callers. It matches a guard by its
 * expression, resolved against the receiver: a call {@code si.releaseRun(..)} of a method guarded by
 * {@code deviceLock} needs {@code si.deviceLock} held, and {@code this.space.deviceLock} is not
 * {@code this.part.space.deviceLock} even when both are the same object. Constructors are not checked, and a
 * lambda's body does not inherit the locks held around it.
 * <ul>
 *   <li>The kernel models: {@code SwapInfo.deviceLock} ({@code si->lock}, the handshake's device lock) is a
 *       field of the base class, so every model reaches it as {@code this.deviceLock} and the classes beside
 *       them as {@code si.deviceLock}. The fields it guards ({@code flags}, {@code inFlight}, the policies'
 *       lists, FRAG counts, scan bases and bounds, the pending reclaim work, the listener of cache-only
 *       reclaim) and the methods that need it (the policies' {@code allocateSlots} and everything under it,
 *       {@code afterRelease}, {@code onRangeAlloc/Free}, {@code releaseRun}, {@code lockClusters}, the policy
 *       audits) are annotated, and the public entry points take it as {@code deviceLock.lock()}. Two places
 *       suppress the check, each with its reason: {@code SwapCountOps.release}, the hook the shared
 *       {@link dev.swaplayer.allocator.core.SwapCountPaths} calls under the device lock it took through the
 *       {@link dev.swaplayer.allocator.core.Handshake} (the core cannot name a model's field), and
 *       {@code SwapMapAudit.check}, whose model arrives as a parameter (a guard named through a parameter cannot
 *       be carried across the call: the caller gets "should be guarded by 'lock', which could not be
 *       resolved").</li>
 *   <li>Removing the {@code deviceLock.lock()} (and its {@code unlock}) from {@code SwapInfo.allocate} fails the
 *       build at the call of {@code allocateLocked}: {@code SwapInfo.java: [GuardedBy] This access should be
 *       guarded by 'this.deviceLock', which is not currently held}. The annotations already caught two
 *       observers that read guarded state without the lock ({@code LegacyAllocator.freeClusters} and
 *       {@code scanBase}); they take it now.</li>
 *   <li>The buddy allocator: {@code FreeSpace.deviceLock} is the same lock, named as a field. The free space's
 *       indexes, counts and scratch arrays are {@code @GuardedBy("deviceLock")}; the parts' own guarded fields
 *       (the descriptor table, the placements' scratch) and every method that needs the lock are
 *       {@code @GuardedBy("space.deviceLock")}; the facade and the parts take it as
 *       {@code space.deviceLock.lock()}. Every part holds the allocator's one free space, which the check cannot
 *       know (it matches {@code this.table.space.deviceLock} against {@code this.space.deviceLock} by expression),
 *       so the methods that cross from one part to another under the lock carry
 *       {@code @SuppressWarnings("GuardedBy")} with a pointer to {@code FreeSpace.deviceLock}, which says why,
 *       and the method they call asserts the lock at run time. Removing the lock from
 *       {@code BuddyView.fragmentation} fails the build: {@code BuddyView.java: [GuardedBy] This access should be
 *       guarded by 'this.space.deviceLock', which is not currently held}.</li>
 *   <li>What no {@code @GuardedBy} can say: the cluster locks are array elements or per-cluster objects, and
 *       their rule is "the cluster's lock <i>or</i> the device lock (having entered the cluster)"; fields written
 *       under both and read under either ({@code count}, {@code order}); state read under the device lock only
 *       when the thread holds it ({@code inCallback}); and the handshake's protocol itself.</li>
 * </ul>
 * <p><b>Run-time assertions.</b> Every method that needs a lock it does not take asserts it at its top
 * ({@code holdsDevice()}, {@code holdsSlotsOf(lock)}, and the kernel models' {@code holdsCluster(c)}); the tests
 * run with assertions on, so every call checks the lock discipline on the path it takes, including the
 * cluster-lock rules and the buddy allocator's parts that the compile-time check does not reach. Each field's
 * comment names its lock. The handshake itself is checked by the concurrency tests named above.
 */
package dev.swaplayer.allocator.core;

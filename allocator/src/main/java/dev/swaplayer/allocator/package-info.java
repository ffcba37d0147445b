/**
 * The buddy allocator of swap slots, swap counts, the swap-cache flag and compound descriptors.
 *
 * <h2>Threads</h2>
 * {@link dev.swaplayer.allocator.BuddyAllocator} may be called from any thread. It keeps the kernel's two
 * levels of locking ({@code si->lock} and {@code ci->lock} in {@code mm/swapfile.c}):
 * <pre>
 *   device lock    free space: which clusters have metadata, the per-order indexes (hasFree, buddyinfo),
 *                  the free and used counters, the descriptor table, the page-owner tables
 *   cluster lock   one cluster's slot state bytes (swap count, cache bit) and extend table
 *
 *   order: the device lock first; cluster locks after it, in ascending cluster index
 * </pre>
 * A cluster's free-block maps are written only while both locks are held, so either lock is enough to read
 * them. {@code dup}, {@code cacheAdd}, and a {@code put} or {@code cacheDel} that leaves its slot in use,
 * take only the slot's cluster lock: swap-count traffic on different clusters does not contend. A
 * {@code put} or {@code cacheDel} that would free its slot changes free space, so it releases the cluster
 * lock, takes the device lock and then the cluster lock, and decides again from the current state.
 *
 * <h2>Memory ordering</h2>
 * Every field is guarded by one of the locks above, with these exceptions, each named in its accessor:
 * <ul>
 *   <li>{@code clusterAcquire(c)} reads a cluster's metadata reference with acquire ordering, and
 *       {@code setClusterRelease(c, cl)} publishes or drops it with release ordering under the device lock.
 *       A thread that sees a new {@code Cluster} therefore sees it fully built. A reader that then locks the
 *       cluster reads the reference again: if it changed (the cluster was dropped or rebuilt meanwhile), it
 *       lets go and retries ({@code lockClusterOf}).</li>
 *   <li>{@code freeSlots()} and {@code usedSlots()} are volatile reads of counters written under the device
 *       lock: each value is exact, but two reads are one picture only at a quiescent point.</li>
 * </ul>
 *
 * <h2>Why no per-thread hint in the buddy allocator</h2>
 * The kernel's per-CPU cluster saves a search of the cluster lists. Here the search is one bitset lookup
 * per order under the device lock. The placement, best fit at the lowest address, is also the
 * specification: Lincheck compares concurrent histories with it, and a per-thread hint would make placement
 * depend on which thread asks. The 6.12 cluster model in {@code dev.swaplayer.kernel} has the kernel's
 * per-CPU hints, one simulated CPU per thread.
 *
 * <p>{@link dev.swaplayer.allocator.Fault#NO_LOCKS} builds the same allocator with every lock skipped. The
 * concurrency tests use it to show that they fail without the locks, and the benchmarks use it to measure
 * what the locks cost.
 */
package dev.swaplayer.allocator;

package dev.swaplayer.check;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.Snapshot;
import dev.swaplayer.spec.SwapSpaceModel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * Bounded exhaustive exploration: drives the real {@link BuddyAllocator} through every sequence of operations
 * up to a depth, breadth first, on a small geometry, next to the specification; deduplicates states by the
 * key of their observable state ({@link Observation#key()}, what {@code Snapshot.canonicalKey()} holds, in a
 * {@link StateSet}); and checks every state invariant on every new state and refinement, rejection purity
 * and the compound postconditions on every transition.
 *
 * <p>Thread safety: not thread-safe; one exploration per instance at a time. The exploration itself runs on
 * the calling thread and {@code threads - 1} threads of its own, which it stops before returning.
 *
 * <p>Each level is expanded in batches of frontier states, in parallel ({@link Expander}: each thread
 * replays and expands states with its own copies), against the state set as it was before the batch; the
 * calling thread then merges the batch's successors into the state set in frontier order and operation
 * order, and keeps a state's own problems (invariants, audit) only if that state is still new at the merge.
 * So the states, transitions, depth and the violation reported are those of a one-threaded breadth-first
 * run, whatever the number of threads.
 *
 * <p>States are stored as a parent pointer and an operation index; a state is rebuilt by replaying its path
 * from the empty device, so memory is a few dozen bytes per state plus its key. Breadth-first order makes the
 * first violation found a shortest counterexample.
 */
public final class Explorer {
    /** Default device size for {@code ./swaplayer check}, and the CI gate's. */
    public static final long DEFAULT_SLOTS = 16;
    /** Default cluster size. */
    public static final int DEFAULT_CLUSTER = 4;
    /** Default largest order. */
    public static final int DEFAULT_MAX_ORDER = 2;
    /** Default depth: with the defaults above, about 2.2 * 10^5 distinct states. */
    public static final int DEFAULT_DEPTH = 7;
    /** Frontier states expanded between two merges into the state set. */
    static final int BATCH = 1024;
    /** Default bound on explored swap counts. */
    public static final int DEFAULT_MAX_COUNT = 2;
    /** How many live descriptors the page-freeing operations can name. */
    public static final int MAX_DESCRIPTORS = 2;

    private final Geometry geometry;
    private final int depth;
    private final int maxCount;
    private final Function<Geometry, BuddyAllocator> factory;
    private final List<Op> ops;
    private final int threads;
    private final int batch;

    /**
     * @param geometry the small device to explore
     * @param depth the longest operation sequence
     * @param maxCount dup is explored only below this swap count (bounds the state space)
     * @param maxDescriptors how many live descriptors the page-freeing operations can name
     * @param factory makes the allocator under test (the real one, or one with a planted fault)
     */
    public Explorer(final Geometry geometry, final int depth, final int maxCount, final int maxDescriptors,
            final Function<Geometry, BuddyAllocator> factory) {
        this(geometry, depth, maxCount, maxDescriptors, factory, Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param geometry the small device to explore
     * @param depth the longest operation sequence
     * @param maxCount dup is explored only below this swap count (bounds the state space)
     * @param maxDescriptors how many live descriptors the page-freeing operations can name
     * @param factory makes the allocator under test (the real one, or one with a planted fault)
     * @param threads how many threads expand states (the result is the same for any number)
     * @throws IllegalArgumentException when threads is below 1
     */
    public Explorer(final Geometry geometry, final int depth, final int maxCount, final int maxDescriptors,
            final Function<Geometry, BuddyAllocator> factory, final int threads) {
        this(geometry, depth, maxCount, maxDescriptors, factory, threads, BATCH);
    }

    /**
     * As above, on every thread, with allocations whose first metadata request is refused in the alphabet when
     * {@code metadataFailures} (INV-24).
     *
     * @param geometry the small device to explore
     * @param depth the longest operation sequence
     * @param maxCount dup is explored only below this swap count (bounds the state space)
     * @param maxDescriptors how many live descriptors the page-freeing operations can name
     * @param factory makes the allocator under test (the real one, or one with a planted fault)
     * @param metadataFailures whether to add the metadata-failing allocations to the alphabet
     */
    public Explorer(final Geometry geometry, final int depth, final int maxCount, final int maxDescriptors,
            final Function<Geometry, BuddyAllocator> factory, final boolean metadataFailures) {
        this(geometry, depth, maxCount, maxDescriptors, factory, Runtime.getRuntime().availableProcessors(), BATCH,
                metadataFailures);
    }

    /** As above, with the number of frontier states per batch (tests use small batches). */
    Explorer(final Geometry geometry, final int depth, final int maxCount, final int maxDescriptors,
            final Function<Geometry, BuddyAllocator> factory, final int threads, final int batch) {
        this(geometry, depth, maxCount, maxDescriptors, factory, threads, batch, false);
    }

    private Explorer(final Geometry geometry, final int depth, final int maxCount, final int maxDescriptors,
            final Function<Geometry, BuddyAllocator> factory, final int threads, final int batch,
            final boolean metadataFailures) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: " + threads + " (expected: >= 1)");
        }
        if (batch < 1) {
            throw new IllegalArgumentException("batch: " + batch + " (expected: >= 1)");
        }
        this.batch = batch;
        this.geometry = geometry;
        this.depth = depth;
        this.maxCount = maxCount;
        this.factory = factory;
        this.ops = Op.alphabet(geometry, maxDescriptors, metadataFailures);
        this.threads = threads;
    }

    /**
     * The outcome of an exploration.
     *
     * @param states distinct states reached (the empty device included)
     * @param transitions operations applied
     * @param depth the deepest level whose states were all expanded, or where the violation was found
     * @param violations 0 or 1: exploration stops at the first
     * @param seconds wall time
     * @param counterexample the shortest operation sequence reaching the violation, empty when none
     * @param violation what was broken, or null
     */
    public record Result(long states, long transitions, int depth, int violations, double seconds,
            List<String> counterexample, String violation) {
    }

    /** Receives progress after each level. */
    @FunctionalInterface
    public interface Progress {
        /**
         * Called when a level of the breadth-first search is finished.
         *
         * @param level the level just finished
         * @param states distinct states so far
         * @param transitions transitions so far
         */
        void levelDone(int level, long states, long transitions);
    }

    /**
     * Explores.
     *
     * @param progress told after each level
     * @return the result
     */
    public Result run(final Progress progress) {
        final long start = System.nanoTime();
        final StateSet seen = new StateSet();
        final IntArrayList parent = new IntArrayList();
        final IntArrayList via = new IntArrayList();
        final BuddyAllocator root = factory.apply(geometry);
        final SwapSpaceModel rootModel = new SwapSpaceModel(geometry);
        final Snapshot rootSpec = Snapshot.of(rootModel);
        final byte[] rootKey = new Observation(geometry).read(rootModel).key();
        record(seen, parent, via, rootKey, StateSet.hash(rootKey), -1, -1);
        final Snapshot rootGot = Snapshot.of(root.view());
        final String rootViolation = Expander.stateViolation(root, rootGot, rootSpec.firstDifference(rootGot));
        if (rootViolation != null) {
            return new Result(1, 0, 0, 1, seconds(start), List.of(), rootViolation);
        }
        final Expander[] expanders = expanders(root, rootModel);
        final ExecutorService pool = pool(threads);
        try {
            IntArrayList frontier = IntArrayList.newListWith(0);
            long transitions = 0;
            int level = 0;
            while (level < depth && !frontier.isEmpty()) {
                final IntArrayList next = new IntArrayList();
                for (int from = 0; from < frontier.size(); from += batch) {
                    final int to = Math.min(frontier.size(), from + batch);
                    final Successors[] found = expand(pool, expanders, frontier, from, to, parent, via, seen);
                    for (int f = from; f < to; f++) {
                        final int id = frontier.get(f);
                        final Successors x = found[f - from];
                        final long base = transitions;
                        transitions += x.transitions();
                        for (int i = 0; i < x.size(); i++) {
                            final byte[] key = x.key(i);
                            final String problem = x.problem(i);
                            if (problem != null && (!x.conditional(i) || seen.find(key, x.hash(i)) < 0)) {
                                final List<String> path = path(id, parent, via);
                                path.add(ops.get(x.op(i)).toString());
                                return new Result(seen.size(), base + x.ordinal(i), level + 1, 1, seconds(start), path,
                                        problem);
                            }
                            if (key == null || seen.find(key, x.hash(i)) >= 0) {
                                continue;
                            }
                            next.add(record(seen, parent, via, key, x.hash(i), id, x.op(i)));
                        }
                    }
                }
                level++;
                progress.levelDone(level, seen.size(), transitions);
                frontier = next;
            }
            return new Result(seen.size(), transitions, level, 0, seconds(start), List.of(), null);
        } finally {
            if (pool != null) {
                pool.shutdownNow();
            }
        }
    }

    /** Adds a new state reached from {@code from} by {@code op}; returns its id. */
    private static int record(final StateSet seen, final IntArrayList parent, final IntArrayList via,
            final byte[] key, final int hash, final int from, final int op) {
        final int id = seen.add(key, hash);
        parent.add(from);
        via.add(op);
        return id;
    }

    private Expander[] expanders(final BuddyAllocator root, final SwapSpaceModel rootModel) {
        final Expander[] expanders = new Expander[threads];
        for (int t = 0; t < threads; t++) {
            expanders[t] = new Expander(root.copy(), rootModel.copy(), ops, maxCount);
        }
        return expanders;
    }

    /** Returns the pool of the threads beyond the caller's, daemons so that they never hold the JVM; null for one. */
    private static ExecutorService pool(final int threads) {
        return threads == 1 ? null : Executors.newFixedThreadPool(threads - 1, r -> {
            final Thread t = new Thread(r, "explorer");
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Expands frontier states {@code from} to {@code to} (exclusive), spread over the expanders: the calling
     * thread runs the first, the pool the others. Nobody writes the path arrays or the state set meanwhile.
     */
    private static Successors[] expand(final ExecutorService pool, final Expander[] expanders,
            final IntArrayList frontier, final int from, final int to, final IntArrayList parent,
            final IntArrayList via, final StateSet seen) {
        final Successors[] found = new Successors[to - from];
        for (final Expander e : expanders) {
            e.newBatch();
        }
        final AtomicInteger nextIndex = new AtomicInteger(from);
        final List<Future<?>> others = new ArrayList<>();
        for (int t = 1; t < expanders.length; t++) {
            final Expander e = expanders[t];
            others.add(pool.submit(() -> drain(e, nextIndex, to, frontier, found, from, parent, via, seen)));
        }
        drain(expanders[0], nextIndex, to, frontier, found, from, parent, via, seen);
        for (final Future<?> f : others) {
            try {
                f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("exploration interrupted", e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                if (e.getCause() instanceof Error err) {
                    throw err;
                }
                throw new IllegalStateException(e.getCause());
            }
        }
        return found;
    }

    private static void drain(final Expander e, final AtomicInteger nextIndex, final int to,
            final IntArrayList frontier, final Successors[] found, final int from, final IntArrayList parent,
            final IntArrayList via, final StateSet seen) {
        for (int f = nextIndex.getAndIncrement(); f < to; f = nextIndex.getAndIncrement()) {
            found[f - from] = e.expand(frontier.get(f), parent, via, seen);
        }
    }

    private List<String> path(final int id, final IntArrayList parent, final IntArrayList via) {
        final List<String> out = new ArrayList<>();
        for (int s = id; parent.get(s) >= 0; s = parent.get(s)) {
            out.add(0, ops.get(via.get(s)).toString());
        }
        return out;
    }

    private static double seconds(final long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /** Returns the number of operations in the alphabet. */
    public int alphabetSize() {
        return ops.size();
    }
}

package dev.swaplayer.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swaplayer.spec.Geometry;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The scale measurement, run in a JVM of its own with {@code -Xmx2g}, one JVM per policy: devices of 1 GiB,
 * 16 GiB, 256 GiB and 1 TiB (2^18 to 2^28 slots), in that order, each created, filled to 50% with the
 * mixed-order stream, churned (free a random live allocation, allocate one of the same order: the step of
 * the allocator benchmarks), then emptied. Prints one JSON object with one point per device: the time of each
 * phase, the time per allocate+free step ({@code per_op_ns}: the median round's CPU time of the main thread,
 * which other processes on a shared machine move less than the wall time, {@code per_op_wall_ns}), the live heap
 * after each phase (after a full GC) and the peak heap of the point.
 *
 * <p>Thread safety: runs on the main thread.
 *
 * <p>The JIT first: on every device the timed churn waits for untimed rounds of the same size, at least
 * {@link #MIN_WARMUP_ROUNDS} and {@link #WARMUP_CPU_MS} of CPU time ({@code warmup_steps}). The JIT's compilations
 * of the whole step take hundreds of milliseconds on two cores, each new device's fill and free sends some of them
 * back to profiling code, and until they land the step runs in it. The curve's baseline used to be timed
 * 2^18 steps into the JVM, in that state: on 2026-12-05 buddy's 1 GiB step read 114-268 ns there, depending on
 * when, and 73 ns after this warm-up, so every ratio to 1 GiB looked several times smaller than it is
 * (docs/PERFORMANCE.md, "The scale curve's baseline"). The timed churn comes in {@link #ROUNDS} rounds
 * and its figure is the median round, so that one slow round (a late recompilation, another process) does not
 * move it; the quickest and slowest rounds and the JIT's compilation time while it ran ({@code jit_ms}: the
 * compilations that finished) are reported beside it.
 *
 * <p>Every device sees the same operation stream: the orders come from one seed, the victims of the churn
 * from another (an index into the live set, so the slots differ with the size). The live set keeps each
 * allocation's handle (8 B) and order (1 B), in chunks of 2^20; that bookkeeping is part of the live heap
 * after the fill and is reported on its own ({@code bookkeeping_bytes}).
 */
public final class ScaleRun {
    /** The largest device: 1 TiB of 4 KiB slots. */
    static final int LOG2_SLOTS = 28;
    /** The devices of the curve, smallest first: 1 GiB, 16 GiB, 256 GiB, 1 TiB. */
    static final int[] CURVE = {18, 22, 26, 28};
    /** Timed churn steps on every device. */
    static final int TIMED_STEPS = 1 << 20;
    /** The timed steps come in this many rounds, and the untimed ones in rounds of the same size. */
    static final int ROUNDS = 8;
    /** Untimed rounds at least, on every device (2^18 steps: its caches). */
    static final int MIN_WARMUP_ROUNDS = 2;
    /** Untimed churn on every device lasts at least this much of the main thread's CPU time (the JIT). */
    static final long WARMUP_CPU_MS = 2000;
    private static final int CHUNK_BITS = 20;
    private static final int CHUNK = 1 << CHUNK_BITS;

    private ScaleRun() {
    }

    /**
     * Runs the scale curve of one policy and prints its JSON object.
     *
     * @param args the policy to measure ({@code buddy} when none), then optionally the log2 slot counts of
     *     the devices (default: the curve)
     */
    public static void main(final String[] args) {
        final String policy = args.length > 0 ? args[0] : "buddy";
        final int[] sizes = new int[Math.max(0, args.length - 1)];
        for (int i = 1; i < args.length; i++) {
            sizes[i - 1] = Integer.parseInt(args[i]);
        }
        System.out.println(run(policy, sizes.length == 0 ? CURVE : sizes, TIMED_STEPS, WARMUP_CPU_MS));
    }

    /**
     * Returns {@code {policy, max_heap_bytes, points: [...]}}.
     *
     * @param policy a policy or baseline name ({@link BenchPolicies})
     * @param sizes the devices, log2 of their slot counts
     * @param steps timed churn steps per device
     * @param warmupMillis untimed churn per device at least, in ms of CPU time ({@link #WARMUP_CPU_MS})
     * @return {@code {policy, max_heap_bytes, points: [...]}}
     */
    static ObjectNode run(final String policy, final int[] sizes, final int steps, final long warmupMillis) {
        final ObjectNode out = new ObjectMapper().createObjectNode();
        out.put("policy", policy);
        out.put("max_heap_bytes", Runtime.getRuntime().maxMemory());
        final ArrayNode points = out.putArray("points");
        final BenchPolicies policies = BenchPolicies.of("");
        for (final int log2 : sizes) {
            points.add(point(policies, policy, log2, steps, warmupMillis));
        }
        return out;
    }

    private static ObjectNode point(final BenchPolicies policies, final String policy, final int log2,
            final int steps, final long warmupMillis) {
        final ObjectNode out = new ObjectMapper().createObjectNode();
        out.put("slots", 1L << log2);
        final long heap0 = liveHeap();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        long t = System.nanoTime();
        final Geometry g = Geometry.builder(1L << log2).build();
        final BenchAllocator a = policies.create(policy, g, 1);
        out.put("create_ms", (System.nanoTime() - t) / 1e6);
        out.put("heap_after_create_bytes", liveHeap() - heap0);

        final Live live = new Live();
        final SplittableRandom orders = new SplittableRandom(AllocatorBench.SEED);
        final long target = (g.totalSlots() - g.reservedSlots()) / 2;
        long used = 0; // counted here: the bitmap's usedSlots() scans the whole map
        t = System.nanoTime();
        while (used < target) {
            final int order = Stream.MIXED.nextOrder(orders);
            final long h = a.allocate(order);
            if (h == BenchAllocator.NONE) {
                throw new IllegalStateException(policy + ", " + g.totalSlots() + " slots: allocation " + live.size()
                        + " returned NONE at " + used + " used slots (expected: room up to " + target + ")");
            }
            live.add(h, order);
            used += 1L << order;
        }
        out.put("fill_ms", (System.nanoTime() - t) / 1e6);
        out.put("allocations", live.size());
        out.put("used_slots", a.usedSlots());
        final long afterFill = liveHeap() - heap0;
        out.put("heap_after_fill_bytes", afterFill);
        out.put("bookkeeping_bytes", live.bytes());
        out.put("metadata_bytes", afterFill - live.bytes());

        final SplittableRandom victims = new SplittableRandom(AllocatorBench.SEED + 1);
        out.put("warmup_steps", warmUp(a, live, victims, Math.max(1, steps / ROUNDS), warmupMillis));
        timedChurn(a, live, victims, steps, out);

        t = System.nanoTime();
        for (long i = 0; i < live.size(); i++) {
            final long h = live.handle(i);
            if (h != BenchAllocator.NONE) {
                a.free(h, live.order(i));
            }
        }
        out.put("free_ms", (System.nanoTime() - t) / 1e6);
        if (a.usedSlots() != 0) {
            throw new IllegalStateException("usedSlots: " + a.usedSlots() + " after freeing all (expected: 0)");
        }
        live.clear();
        out.put("heap_after_free_bytes", liveHeap() - heap0);
        out.put("peak_heap_bytes", peakHeap());
        return out;
    }

    /**
     * Untimed churn in rounds of {@code roundSteps}: at least {@link #MIN_WARMUP_ROUNDS}, and at least
     * {@code millis} of the main thread's CPU time.
     *
     * @return the steps taken
     */
    private static long warmUp(final BenchAllocator a, final Live live, final SplittableRandom victims,
            final int roundSteps, final long millis) {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final long until = threads.getCurrentThreadCpuTime() + millis * 1_000_000;
        long steps = 0;
        for (int rounds = 0; rounds < MIN_WARMUP_ROUNDS || threads.getCurrentThreadCpuTime() < until; rounds++) {
            churn(a, live, victims, roundSteps);
            steps += roundSteps;
        }
        return steps;
    }

    /**
     * Times {@code steps} churn steps in {@link #ROUNDS} rounds into {@code out}: {@code per_op_ns} the median
     * round's CPU time per step, the quickest and slowest rounds, the wall time per step, the failed allocations.
     */
    private static void timedChurn(final BenchAllocator a, final Live live, final SplittableRandom victims,
            final int steps, final ObjectNode out) {
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        final long jit0 = jitMillis();
        final double[] rounds = new double[ROUNDS];
        long fails = 0;
        final long t = System.nanoTime();
        for (int k = 0; k < ROUNDS; k++) {
            final int n = steps / ROUNDS + (k < steps % ROUNDS ? 1 : 0);
            final long cpu = threads.getCurrentThreadCpuTime();
            fails += churn(a, live, victims, n);
            rounds[k] = (double) (threads.getCurrentThreadCpuTime() - cpu) / Math.max(1, n);
        }
        final long churnNanos = System.nanoTime() - t;
        Arrays.sort(rounds);
        out.put("churn_steps", steps);
        out.put("per_op_ns", (rounds[ROUNDS / 2 - 1] + rounds[ROUNDS / 2]) / 2);
        out.put("per_op_min_ns", rounds[0]);
        out.put("per_op_max_ns", rounds[ROUNDS - 1]);
        out.put("per_op_wall_ns", (double) churnNanos / steps);
        out.put("churn_fails", fails);
        out.put("jit_ms", jit0 < 0 ? -1 : jitMillis() - jit0);
    }

    /** The JIT's compilation time so far in ms, or -1 when this JVM does not measure it. */
    private static long jitMillis() {
        final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
    }

    /**
     * The allocator benchmarks' step, {@code steps} times: free a random live allocation (unless its last
     * allocation failed), allocate one of the same order in its place.
     *
     * @return how many allocations returned NONE
     */
    static long churn(final BenchAllocator a, final Live live, final SplittableRandom victims, final int steps) {
        long fails = 0;
        final long n = live.size();
        for (int k = 0; k < steps; k++) {
            final long i = victims.nextLong(n);
            final int order = live.order(i);
            final long h = live.handle(i);
            if (h != BenchAllocator.NONE) {
                a.free(h, order);
            }
            final long fresh = a.allocate(order);
            fails += fresh == BenchAllocator.NONE ? 1 : 0;
            live.set(i, fresh);
        }
        return fails;
    }

    /** The live allocations: handle and order, in chunks so that no array is larger than 2^20 entries. */
    static final class Live {
        /** Heap bytes of one chunk's handles and orders. */
        static final long CHUNK_BYTES = (long) CHUNK * (Long.BYTES + 1);
        private final List<long[]> handles = new ArrayList<>();
        private final List<byte[]> orders = new ArrayList<>();
        private long size;

        void add(final long handle, final int order) {
            if (size % CHUNK == 0) {
                handles.add(new long[CHUNK]);
                orders.add(new byte[CHUNK]);
            }
            handles.get((int) (size >>> CHUNK_BITS))[(int) (size & CHUNK - 1)] = handle;
            orders.get((int) (size >>> CHUNK_BITS))[(int) (size & CHUNK - 1)] = (byte) order;
            size++;
        }

        long handle(final long i) {
            return handles.get((int) (i >>> CHUNK_BITS))[(int) (i & CHUNK - 1)];
        }

        int order(final long i) {
            return orders.get((int) (i >>> CHUNK_BITS))[(int) (i & CHUNK - 1)];
        }

        void set(final long i, final long handle) {
            handles.get((int) (i >>> CHUNK_BITS))[(int) (i & CHUNK - 1)] = handle;
        }

        long size() {
            return size;
        }

        long bytes() {
            return handles.size() * CHUNK_BYTES;
        }

        void clear() {
            handles.clear();
            orders.clear();
            size = 0;
        }
    }

    private static long liveHeap() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** @return the sum of the heap pools' peaks: an upper bound of the peak heap in use */
    private static long peakHeap() {
        long sum = 0;
        for (final MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}

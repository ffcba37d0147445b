package dev.swaplayer.simulator;

import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.spec.Geometry;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Runs a {@link Workload} against one policy on a fresh device and memory.
 *
 * <p>Thread safety: stateless; each run builds its own device and memory.
 */
public final class Simulator {
    /** How often, in operations, the progress listener hears of a run. */
    public static final int PROGRESS_STEP = 4096;

    /**
     * How to run.
     *
     * @param swapIn the swap-in granularity
     * @param cpus simulated CPUs, 1..{@value #MAX_CPUS}
     * @param checkInvariants whether to audit the memory model after every operation (slow; for tests)
     * @param data data mode: whether page contents go through a device ({@link DataOptions#NONE}: no)
     * @param minOrder the device's minimum allocation order ({@link Geometry#minOrder()}, Jan Kara's minimum
     *     swap-out size): 0, or with data mode off up to the workload's largest folio order ({@link #geometry})
     * @param metadataBudget on-demand clusters' metadata each policy that allocates metadata on demand may hold
     *     ({@code MetadataBudget}, its one-cluster reserve besides), or {@link #NO_BUDGET}
     */
    public record Options(SwapIn swapIn, int cpus, boolean checkInvariants, DataOptions data, int minOrder,
            long metadataBudget) {
        /** No metadata budget: {@link #metadataBudget()} is this. */
        public static final long NO_BUDGET = -1;

        /** Validates. */
        public Options {
            if (metadataBudget < NO_BUDGET) {
                throw new IllegalArgumentException("--metadata-budget: " + metadataBudget + " (expected: a number of"
                        + " clusters, >= 0)");
            }
            if (minOrder < 0 || minOrder > Geometry.DEFAULT_MAX_ORDER) {
                throw new IllegalArgumentException("--min-order: " + minOrder + " (expected: 0.."
                        + Geometry.DEFAULT_MAX_ORDER + ")");
            }
            if (minOrder > 0 && data != null && data.enabled()) {
                throw new IllegalArgumentException("--min-order: " + minOrder + " (expected: 0 with --device; the"
                        + " swap path frees page by page)");
            }
            if (cpus < 1 || cpus > MAX_CPUS) {
                throw new IllegalArgumentException("--cpus: " + cpus + " (expected: 1.." + MAX_CPUS + ")");
            }
            if (data == null) {
                throw new IllegalArgumentException("data: null (expected: DataOptions.NONE for allocation only)");
            }
        }

        /**
         * Allocation only.
         *
         * @param swapIn the swap-in granularity
         * @param cpus simulated CPUs
         * @param checkInvariants whether to audit the memory model after every operation
         */
        public Options(final SwapIn swapIn, final int cpus, final boolean checkInvariants) {
            this(swapIn, cpus, checkInvariants, DataOptions.NONE, 0);
        }

        /**
         * Minimum order 0.
         *
         * @param swapIn the swap-in granularity
         * @param cpus simulated CPUs
         * @param checkInvariants whether to audit the memory model after every operation
         * @param data data mode
         */
        public Options(final SwapIn swapIn, final int cpus, final boolean checkInvariants, final DataOptions data) {
            this(swapIn, cpus, checkInvariants, data, 0);
        }

        /**
         * No metadata budget.
         *
         * @param swapIn the swap-in granularity
         * @param cpus simulated CPUs
         * @param checkInvariants whether to audit the memory model after every operation
         * @param data data mode
         * @param minOrder the device's minimum allocation order
         */
        public Options(final SwapIn swapIn, final int cpus, final boolean checkInvariants, final DataOptions data,
                final int minOrder) {
            this(swapIn, cpus, checkInvariants, data, minOrder, NO_BUDGET);
        }

        /**
         * Returns its device's geometry with this minimum order.
         *
         * @param w a workload
         * @return its device's geometry with this minimum order
         * @throws IllegalArgumentException when the minimum order is above the device's largest order, or above
         *     the workload's largest folio order (every folio would be padded, and a split folio's pieces would be
         *     larger than the folio)
         */
        public Geometry geometry(final Workload w) {
            final Geometry g = w.geometry();
            if (minOrder > g.maxOrder()) {
                throw new IllegalArgumentException("--min-order: " + minOrder + " (expected: 0.." + g.maxOrder()
                        + ")");
            }
            final int largest = w.reportedOrders()[0];
            if (minOrder > largest) {
                throw new IllegalArgumentException("--min-order: " + minOrder + " (expected: "
                        + (largest == 0 ? "0" : "0.." + largest) + ", at most the workload's largest folio order: "
                        + RunResult.size(largest) + ")");
            }
            return minOrder == 0 ? g : Geometry.builder(g.totalSlots()).clusterSlots(w.clusterSlots())
                    .maxOrder(g.maxOrder()).minOrder(minOrder).build();
        }

        /** Returns the defaults: folio swap-in, one CPU, no audit. */
        public static Options defaults() {
            return new Options(SwapIn.FOLIO, 1, false, DataOptions.NONE, 0);
        }
    }

    /** The most simulated CPUs. */
    public static final int MAX_CPUS = 1024;

    private Simulator() {
    }

    /**
     * Builds every named policy on the workload's device: fails before anything runs when one cannot be built.
     *
     * @param registry where the policies are registered
     * @param w the workload
     * @param names policy names
     * @param cpus simulated CPUs
     * @return the policies, in the order named
     * @throws IllegalArgumentException when a policy is unknown or rejects the device
     */
    public static List<PolicySlots> policies(final PolicyRegistry registry, final Workload w, final List<String> names,
            final int cpus) {
        return policies(registry, w, names, new Options(SwapIn.FOLIO, cpus, false));
    }

    /**
     * Builds every named policy on the workload's device with the options' minimum order.
     *
     * @param registry where the policies are registered
     * @param w the workload
     * @param names policy names
     * @param options the CPUs and the minimum order
     * @return the policies, in the order named
     * @throws IllegalArgumentException when a policy is unknown or rejects the device, or the minimum order is
     *     above the device's largest order
     */
    public static List<PolicySlots> policies(final PolicyRegistry registry, final Workload w, final List<String> names,
            final Options options) {
        final Geometry g = options.geometry(w);
        final List<PolicySlots> list = new ArrayList<>();
        for (final String n : names) {
            list.add(PolicySlots.create(registry, n, g, options.cpus(), options.metadataBudget(),
                    options.data().enabled()));
        }
        return list;
    }

    /**
     * Runs the workload.
     *
     * @param w the workload
     * @param policy a policy on an empty device of the workload's geometry
     * @param options how to run
     * @param progress hears how many operations were done since it last heard (may be null)
     * @return the phases and totals
     */
    public static PolicyRun run(final Workload w, final PolicySlots policy, final Options options,
            final LongConsumer progress) {
        if (!options.data().enabled()) {
            return run(w, policy, options, progress, null);
        }
        try (DataPath data = DataPath.open(options.data(), w, policy, Memory.maxFolioPages(policy))) {
            return run(w, policy, options, progress, data);
        }
    }

    /**
     * Runs the workload, page contents through {@code data} when not null.
     *
     * @throws DataIoException when a device operation fails
     */
    static PolicyRun run(final Workload w, final PolicySlots policy, final Options options, final LongConsumer progress,
            final DataPath data) {
        final long start = System.nanoTime();
        final int maxOrder = policy.allocator().geometry().maxOrder();
        Counters phase = new Counters(maxOrder);
        final Memory memory = new Memory(w.regions(), policy, options.swapIn(), phase, data);
        final List<PhaseStats> phases = new ArrayList<>();
        final Counters totals = new Counters(maxOrder);
        String label = null;
        int sinceReport = 0;
        for (int i = 0; i < w.size(); i++) {
            switch (w.kind(i)) {
                case PHASE -> {
                    if (label != null) {
                        phases.add(close(label, phase, policy, totals));
                        phase = new Counters(maxOrder);
                        memory.countInto(phase);
                    }
                    label = w.labels().get(w.region(i));
                }
                case WRITE -> memory.write(w.region(i), w.first(i), w.count(i));
                case DONTNEED -> memory.dontneed(w.region(i), w.first(i), w.count(i));
                case PAGEOUT -> memory.pageout(w.region(i), w.first(i), w.count(i));
                default -> throw new AssertionError(w.kind(i));
            }
            if (options.checkInvariants()) {
                memory.checkInvariants();
            }
            if (++sinceReport == PROGRESS_STEP && progress != null) {
                progress.accept(sinceReport);
                sinceReport = 0;
            }
        }
        if (label != null) {
            phases.add(close(label, phase, policy, totals));
        }
        if (progress != null && sinceReport > 0) {
            progress.accept(sinceReport);
        }
        return new PolicyRun(policy.name(), phases, totals, (System.nanoTime() - start) / 1e9,
                data == null ? null : data.stats(), policy.metadataStats());
    }

    private static PhaseStats close(final String label, final Counters phase, final PolicySlots policy,
            final Counters totals) {
        totals.add(phase);
        return new PhaseStats(label, phase, policy.fragmentation(), policy.allocator().usedSlots(),
                policy.wastedSlots());
    }
}

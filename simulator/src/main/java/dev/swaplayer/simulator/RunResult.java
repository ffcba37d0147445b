package dev.swaplayer.simulator;

import java.util.List;

/**
 * One workload (one mode of it) run on one or more policies: what every report prints.
 *
 * <p>Thread safety: immutable.
 *
 * @param workload the workload's name
 * @param mode the thp-swap-test mode (none, a, s, as), or null for other workloads and scripts
 * @param swapIn the swap-in granularity
 * @param cpus simulated CPUs
 * @param seed the seed, or null when the workload draws nothing (adversarial, scripts)
 * @param device device pages, header included
 * @param clusterSlots slots per cluster
 * @param orders the orders reported, largest first (the regions' folio orders and 0)
 * @param runs one run per policy, in report order
 */
// The orders array is shared, not copied: equals and hashCode compare it by identity.
@SuppressWarnings("ArrayRecordComponent")
public record RunResult(String workload, String mode, SwapIn swapIn, int cpus, Long seed, int device,
        int clusterSlots, int[] orders, List<PolicyRun> runs) {
    /** Copies the lists. */
    public RunResult {
        orders = orders.clone();
        runs = List.copyOf(runs);
    }

    /** Returns the largest folio order of the workload: the order the terminal tables and charts show. */
    public int largeOrder() {
        return orders[0];
    }

    /**
     * Returns the index of the first measured phase: 1 when phase 0 is a warm-up (labelled {@code warm-up}), else 0.
     */
    public int firstMeasured() {
        return !runs.isEmpty() && !runs.get(0).phases().isEmpty()
                && runs.get(0).phases().get(0).label().equals("warm-up") ? 1 : 0;
    }

    /** Returns a short file-name stem: the workload and its mode, e.g. {@code thp-swap-test-as}. */
    public String stem() {
        return stem(workload, mode);
    }

    /**
     * Returns the file-name stem of a run of this workload in this mode, before it runs (see {@link #stem()}).
     *
     * @param workload the workload's name
     * @param mode its mode label, or null
     */
    public static String stem(final String workload, final String mode) {
        final String base = workload.replaceAll("\\.[A-Za-z0-9]+$", "").replaceAll("[^A-Za-z0-9_.-]", "_");
        return mode == null ? base : base + "-" + mode;
    }

    /**
     * Returns e.g. {@code 64 KiB} for order 4, {@code 2 MiB} for order 9.
     *
     * @param order an order
     */
    public static String size(final int order) {
        final int kib = 4 << order;
        return kib >= 1024 ? kib / 1024 + " MiB" : kib + " KiB";
    }
}

package dev.swaplayer.simulator;

import java.util.Arrays;

/**
 * Swap-out counters per folio order, in the kernel's vocabulary (the per-size sysfs
 * {@code hugepages-*kB/stats/swpout} and {@code swpout_fallback}) plus the two outcomes the kernel has no
 * counter for, and the extents of the compound descriptors created.
 *
 * <p>Thread safety: not thread-safe; the memory model updates it, reports read a {@link #copy()}.
 *
 * <ul>
 *   <li>{@code swpout[k]}: order-k folios stored whole in one contiguous run. Order 0 also counts each
 *       piece of a split folio that found a slot.</li>
 *   <li>{@code swpout_fallback[k]}: order-k folios split into order-0 pages because no run was free, whether
 *       or not the pages then found slots: the kernel counts every split after a failed {@code add_to_swap()},
 *       a full device included ({@code shrink_folio_list()} in {@code mm/vmscan.c}).</li>
 *   <li>{@code swpout_compound[k]}: order-k folios stored whole under a compound descriptor.</li>
 *   <li>{@code failed[k]}: order-k folios that found no slot at all, their pages left resident (for k above 0
 *       also counted as fallbacks, split); at order 0 also each page of a split folio that found no slot.</li>
 * </ul>
 * {@code fallback_ratio[k] = 100 * swpout_fallback / (swpout + swpout_compound + swpout_fallback)}, the
 * ratio {@code thp_swap_allocator_test} prints (it has no compound term), NaN when nothing was swapped out.
 */
public final class Counters {
    private final long[] swpout;
    private final long[] fallback;
    private final long[] compound;
    private final long[] failed;
    private long extentsSum;
    private int extentsMax;

    /** @param maxOrder the largest order counted */
    public Counters(final int maxOrder) {
        swpout = new long[maxOrder + 1];
        fallback = new long[maxOrder + 1];
        compound = new long[maxOrder + 1];
        failed = new long[maxOrder + 1];
    }

    private Counters(final Counters o) {
        swpout = o.swpout.clone();
        fallback = o.fallback.clone();
        compound = o.compound.clone();
        failed = o.failed.clone();
        extentsSum = o.extentsSum;
        extentsMax = o.extentsMax;
    }

    /**
     * Counters measured outside the models, as a real kernel reports them: its per-size {@code swpout} and
     * {@code swpout_fallback}. The kernel counts neither compound descriptors nor folios that found no slot, so
     * those stay 0.
     *
     * @param swpout folios stored whole, index = order
     * @param swpoutFallback folios split for want of a run, index = order, same length
     * @return the counters
     * @throws IllegalArgumentException when the lengths differ, are 0, or a count is negative
     */
    public static Counters measured(final long[] swpout, final long[] swpoutFallback) {
        if (swpout.length == 0 || swpout.length != swpoutFallback.length) {
            throw new IllegalArgumentException("orders: " + swpout.length + " and " + swpoutFallback.length
                    + " (expected: the same number of orders, at least 1)");
        }
        final Counters c = new Counters(swpout.length - 1);
        for (int k = 0; k < swpout.length; k++) {
            if (swpout[k] < 0 || swpoutFallback[k] < 0) {
                throw new IllegalArgumentException("order-" + k + " counts: " + swpout[k] + ", " + swpoutFallback[k]
                        + " (expected: >= 0)");
            }
            c.swpout[k] = swpout[k];
            c.fallback[k] = swpoutFallback[k];
        }
        return c;
    }

    /** Returns an independent copy. */
    public Counters copy() {
        return new Counters(this);
    }

    void countSwpout(final int order, final long n) {
        swpout[order] += n;
    }

    void countFallback(final int order) {
        fallback[order]++;
    }

    void countCompound(final int order, final int extents) {
        compound[order]++;
        extentsSum += extents;
        extentsMax = Math.max(extentsMax, extents);
    }

    void countFailed(final int order, final long n) {
        failed[order] += n;
    }

    /**
     * Adds another set of counters (for totals).
     *
     * @param o counters of the same largest order
     */
    public void add(final Counters o) {
        for (int k = 0; k < swpout.length; k++) {
            swpout[k] += o.swpout[k];
            fallback[k] += o.fallback[k];
            compound[k] += o.compound[k];
            failed[k] += o.failed[k];
        }
        extentsSum += o.extentsSum;
        extentsMax = Math.max(extentsMax, o.extentsMax);
    }

    /** Returns the largest order counted. */
    public int maxOrder() {
        return swpout.length - 1;
    }

    /**
     * Returns folios stored whole and contiguous.
     *
     * @param order an order
     */
    public long swpout(final int order) {
        return swpout[order];
    }

    /**
     * Returns folios split for want of a run.
     *
     * @param order an order
     */
    public long swpoutFallback(final int order) {
        return fallback[order];
    }

    /**
     * Returns folios stored whole under a compound descriptor.
     *
     * @param order an order
     */
    public long swpoutCompound(final int order) {
        return compound[order];
    }

    /**
     * Returns folios (at order 0, pages) that found no slot.
     *
     * @param order an order
     */
    public long failed(final int order) {
        return failed[order];
    }

    /**
     * Returns {@code 100 * fallback / (swpout + compound + fallback)}, or NaN when that is 0/0.
     *
     * @param order an order
     */
    public double fallbackRatio(final int order) {
        final long all = swpout[order] + compound[order] + fallback[order];
        return all == 0 ? Double.NaN : 100.0 * fallback[order] / all;
    }

    /** Returns compound descriptors created, all orders. */
    public long descriptors() {
        return Arrays.stream(compound).sum();
    }

    /** Returns the most extents any compound descriptor had, 0 when none was created. */
    public int extentsMax() {
        return extentsMax;
    }

    /** Returns the mean extents per compound descriptor created, NaN when none was. */
    public double extentsMean() {
        final long n = descriptors();
        return n == 0 ? Double.NaN : (double) extentsSum / n;
    }

    /** Returns large folios (order &gt; 0) that found no slot. */
    public long failedLarge() {
        long n = 0;
        for (int k = 1; k < failed.length; k++) {
            n += failed[k];
        }
        return n;
    }

    @Override
    public String toString() {
        final StringBuilder sb = new StringBuilder("Counters(");
        for (int k = swpout.length - 1; k >= 0; k--) {
            if (swpout[k] + fallback[k] + compound[k] + failed[k] > 0) {
                sb.append("o").append(k).append(": ").append(swpout[k]).append('/').append(fallback[k]).append('/')
                        .append(compound[k]).append('/').append(failed[k]).append(' ');
            }
        }
        return sb.append("swpout/fallback/compound/failed)").toString();
    }
}

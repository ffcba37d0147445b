package dev.swaplayer.spec;

import java.util.HashSet;
import java.util.Locale;

/**
 * The placement rules every allocator must keep, whatever run it chooses: the policy-agnostic half of the
 * specification. {@link SwapSpaceModel#placement} fixes one choice (the buddy allocator's); these checks say
 * only which choices are legal, so that any allocator (a kernel model, a plug-in) can be held to them.
 *
 * <p>Thread safety: stateless; reads the view it is given, which the caller confines.
 *
 * <p>A run for an order-k request is legal (INV-20) when it
 * <ul>
 *   <li>has {@code 2^e} slots, {@code e = max(k, minOrder)};</li>
 *   <li>lies inside the device and inside one cluster;</li>
 *   <li>starts on a multiple of {@code 2^e} when the geometry is aligned, on a {@code 2^minOrder} chunk
 *       boundary otherwise;</li>
 *   <li>holds no reserved slot (the header, bad slots), and every slot of it is free.</li>
 * </ul>
 * A folio stored non-contiguously is legal (INV-21) when its {@code 2^k} page slots are distinct and free,
 * each chunk of {@code 2^minOrder} pages is one run starting on a chunk boundary inside one cluster, and no
 * legal contiguous run existed (contiguous first, INV-9). An allocator is <i>complete</i> (INV-22) when it
 * returns NONE only if no legal run exists; completeness is reported, not required.
 */
public final class Legality {
    private Legality() {
    }

    /**
     * Returns null when the run is legal, else why not (one line).
     *
     * @param v the state before the allocation
     * @param first the run's first slot, as the allocator chose it
     * @param order the requested order
     */
    public static String illegalRun(final SwapSpaceView v, final long first, final int order) {
        final Geometry g = v.geometry();
        final int e = g.effectiveOrder(order);
        final long size = 1L << e;
        if (first < 1 || first + size > g.totalSlots()) {
            return "run " + first + "+" + size + " is not inside the device (slots 1.." + (g.totalSlots() - 1) + ")";
        }
        if (g.clusterOf(first) != g.clusterOf(first + size - 1)) {
            return "run " + first + "+" + size + " crosses a cluster boundary (cluster " + g.clusterSlots() + ")";
        }
        final long align = g.aligned() ? size : 1L << g.minOrder();
        if (first % align != 0) {
            return "run " + first + "+" + size + " does not start on a multiple of " + align;
        }
        for (long x = first; x < first + size; x++) {
            final SlotState s = v.state(x);
            if (s != SlotState.FREE) {
                return "run " + first + "+" + size + " takes slot " + x + ", which is " + s.name().toLowerCase(
                        Locale.ROOT).replace('_', ' ');
            }
        }
        return null;
    }

    /**
     * The lowest legal run for an order-k request, for the completeness check.
     *
     * @param v the state
     * @param order the requested order
     * @return its first slot, or {@link SwapSpaceModel#NONE} when no legal run exists
     */
    public static long firstLegalRun(final SwapSpaceView v, final int order) {
        final Geometry g = v.geometry();
        final long size = 1L << g.effectiveOrder(order);
        final long step = g.aligned() ? size : 1L << g.minOrder();
        for (long s = step; s + size <= g.totalSlots(); s += step) {
            if (illegalRun(v, s, order) == null) {
                return s;
            }
        }
        return SwapSpaceModel.NONE;
    }

    /**
     * Returns null when legal, else why not.
     *
     * @param v the state before the allocation
     * @param pages the slot of each page of a folio the allocator stored non-contiguously
     */
    public static String illegalCompound(final SwapSpaceView v, final long[] pages) {
        final Geometry g = v.geometry();
        final int order = Integer.numberOfTrailingZeros(pages.length);
        if (pages.length != 1 << order || order > g.maxOrder()) {
            return pages.length + " pages is not 2^order for an order 0.." + g.maxOrder();
        }
        final long contiguous = firstLegalRun(v, order);
        if (contiguous != SwapSpaceModel.NONE) {
            return "stored under a compound descriptor while the run " + contiguous + "+"
                    + (1L << g.effectiveOrder(order)) + " was free (a folio a run can hold is placed contiguous,"
                    + " as a plain slot entry)";
        }
        final HashSet<Long> seen = new HashSet<>();
        final int chunk = 1 << Math.min(g.minOrder(), order);
        for (int i = 0; i < pages.length; i++) {
            final long p = pages[i];
            if (!seen.add(p)) {
                return "page " + i + " reuses slot " + p;
            }
            final boolean outside = p < 1 || p >= g.totalSlots();
            if (outside || v.state(p) != SlotState.FREE) {
                return "page " + i + " takes slot " + p + ", which is "
                        + (outside ? "outside the device" : v.state(p).name().toLowerCase(Locale.ROOT));
            }
            // A chunk starts on a multiple of its size, which divides the cluster's: consecutive slots from there
            // stay inside one cluster.
            final int inChunk = i % chunk;
            if (inChunk == 0 ? p % chunk != 0 : p != pages[i - 1] + 1) {
                return "pages " + (i - inChunk) + ".." + (i - inChunk + chunk - 1)
                        + " are not one chunk-aligned run inside a cluster";
            }
        }
        return null;
    }
}

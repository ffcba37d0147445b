package dev.swaplayer.spec;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * How much on-demand metadata a swap device may allocate, the injection of metadata allocation failures, and the
 * reserve that guarantees an order-0 allocation's progress ("Metadata under memory pressure" in
 * {@code spec/SPEC.md}). The specification ({@link SwapSpaceModel}) and the buddy allocator each ask their own
 * budget, built alike, for every metadata object they would allocate; the same requests in the same order get the
 * same answers, so that refinement compares placement exactly under injected failures.
 *
 * <p>Thread safety: thread-safe; every method is {@code synchronized} (the buddy allocator asks for an extend-table
 * entry under a cluster lock only, and for the rest under its device lock).
 *
 * <h2>Unit: objects, per kind</h2>
 * <pre>
 *   kind           one object is                                  limit counts                   reserve
 *   CLUSTER        one cluster's metadata (slot states, free-     on-demand clusters holding     1
 *                  block maps, marks: {@code FreeSpace.materialize}) metadata, less one lent
 *                                                                 from the reserve
 *   DESCRIPTOR     one compound descriptor (and its page-owner    live descriptors               0
 *                  entries)
 *   EXTEND_ENTRY   one extend-table entry: a count above          no limit: injection only       0
 *                  {@link #INLINE_COUNT_MAX} (the kernel's
 *                  swap count continuation)
 * </pre>
 * A cluster holding a reserved slot (the header, a bad slot, the device end) has its metadata from the start, as
 * the kernel preallocates {@code cluster_info}; it is never asked for and never counted.
 *
 * <h2>A request</h2>
 * Each request has a position, 1, 2, 3, ... over all kinds in the order made. It is refused when its position is
 * one of the failing positions ({@link Builder#failAt}), when {@link #failNext} is armed (it disarms), or when the
 * kind's limit is reached; otherwise it is granted. A refused order-0 allocation's cluster request is then served
 * from the reserve if the reserve is home ({@link #cluster}).
 *
 * <h2>The reserve (a mempool of one cluster's metadata)</h2>
 * One cluster's metadata, lent to an order-0 allocation whose cluster request was refused, and only when no
 * cluster that holds metadata has a free slot for it (else the allocation degrades into that cluster and needs no
 * metadata). It comes home when the next on-demand cluster's metadata is dropped (the cluster came wholly free),
 * as {@code mempool_free} refills a pool below {@code min_nr} before it gives back to the allocator. One suffices
 * for one allocation's progress: an order-0 allocation needs at most one new object (its cluster's metadata; a new
 * slot has count 0 and is cached, so it needs neither a descriptor nor an extend entry), and a cluster, once it has
 * metadata, serves {@code 2^clusterOrder} order-0 allocations with no further request.
 */
public final class MetadataBudget {
    /** The largest swap count a slot holds without an extend-table entry: a {@code dup} from it needs one. */
    public static final long INLINE_COUNT_MAX = 126;
    /** No limit. */
    public static final long UNLIMITED = Long.MAX_VALUE;
    /** The reserve's size, in clusters' metadata. */
    public static final int RESERVE_CLUSTERS = 1;

    /** The kinds of metadata object. */
    public enum Kind {
        /** One cluster's metadata. */
        CLUSTER,
        /** One compound descriptor. */
        DESCRIPTOR,
        /** One extend-table entry. */
        EXTEND_ENTRY
    }

    private final long clusterLimit;
    private final long descriptorLimit;
    private final boolean reserve;
    private final long[] failAt;
    private long requests;
    private boolean failNext;
    private int lent;
    private final Map<Kind, Long> refused = new EnumMap<>(Kind.class);
    private long reserveLends;
    private long degraded;

    private MetadataBudget(final Builder b) {
        this.clusterLimit = b.clusterLimit;
        this.descriptorLimit = b.descriptorLimit;
        this.reserve = b.reserve;
        this.failAt = b.failAt.clone();
        Arrays.sort(failAt);
    }

    /** Returns a budget that grants everything (no limit, no injected failure) and has its reserve. */
    public static MetadataBudget unlimited() {
        return builder().build();
    }

    /** Returns a builder: no limit, no failing position, the reserve on. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns an independent copy: the same configuration and the same state (requests made, reserve lent,
     * counters).
     */
    public synchronized MetadataBudget copy() {
        final Builder b = builder().clusters(clusterLimit).descriptors(descriptorLimit).reserve(reserve);
        b.failAt = failAt;
        final MetadataBudget c = new MetadataBudget(b);
        c.requests = requests;
        c.failNext = failNext;
        c.lent = lent;
        c.refused.putAll(refused);
        c.reserveLends = reserveLends;
        c.degraded = degraded;
        return c;
    }

    /** Counts a request and decides whether injection or the limit refuses it. */
    private boolean grant(final Kind kind, final long held, final long limit) {
        requests++;
        final boolean injected = failNext || Arrays.binarySearch(failAt, requests) >= 0;
        failNext = false;
        if (injected || held >= limit) {
            refused.merge(kind, 1L, Long::sum);
            return false;
        }
        return true;
    }

    /**
     * Asks for one on-demand cluster's metadata.
     *
     * @param held on-demand clusters that hold metadata now (one lent from the reserve included)
     * @return whether it was granted
     */
    public synchronized boolean cluster(final long held) {
        return grant(Kind.CLUSTER, held - lent, clusterLimit);
    }

    /**
     * After a refused cluster request of an order-0 allocation that no cluster with metadata can serve: lends the
     * reserve when it is home.
     *
     * @return whether the reserve was lent (the caller creates the cluster's metadata from it)
     */
    public synchronized boolean lendReserve() {
        if (!reserve || lent >= RESERVE_CLUSTERS) {
            return false;
        }
        lent++;
        reserveLends++;
        return true;
    }

    /** An on-demand cluster's metadata was dropped: it refills the reserve first, if it is lent. */
    public synchronized void clusterDropped() {
        if (lent > 0) {
            lent--;
        }
    }

    /**
     * Asks for one compound descriptor.
     *
     * @param live the live descriptors now
     * @return whether it was granted
     */
    public synchronized boolean descriptor(final long live) {
        return grant(Kind.DESCRIPTOR, live, descriptorLimit);
    }

    /**
     * Asks for one extend-table entry (no limit applies: only an injected failure refuses it).
     *
     * @return whether it was granted
     */
    public synchronized boolean extendEntry() {
        return grant(Kind.EXTEND_ENTRY, 0, UNLIMITED);
    }

    /** Records an allocation that a refused cluster request degraded into a cluster that had metadata. */
    public synchronized void degraded() {
        degraded++;
    }

    /**
     * Arms or disarms the injection of one failure: while armed, the next request is refused, which disarms it.
     *
     * @param armed whether the next request fails
     */
    public synchronized void failNext(final boolean armed) {
        failNext = armed;
    }

    /**
     * Checks that what is held keeps to the budget: at most the limit of on-demand clusters besides the one lent
     * from the reserve, at most the limit of live descriptors, and no reserve lent without a cluster holding it.
     *
     * @param onDemandClusters on-demand clusters that hold metadata now
     * @param liveDescriptors live compound descriptors now
     * @return what is overdrawn, or null when nothing is
     */
    public synchronized String overdrawn(final long onDemandClusters, final long liveDescriptors) {
        if (lent > onDemandClusters) {
            return "the reserve is lent but only " + onDemandClusters + " on-demand clusters hold metadata";
        }
        if (onDemandClusters - lent > clusterLimit) {
            return (onDemandClusters - lent) + " on-demand clusters hold metadata besides the reserve (limit "
                    + clusterLimit + ")";
        }
        if (liveDescriptors > descriptorLimit) {
            return liveDescriptors + " live descriptors (limit " + descriptorLimit + ")";
        }
        return null;
    }

    /** Returns whether the reserve is lent out. */
    public synchronized boolean reserveLent() {
        return lent > 0;
    }

    /** Returns how many requests were made, of every kind. */
    public synchronized long requests() {
        return requests;
    }

    /**
     * Returns how many requests of a kind were refused.
     *
     * @param kind the kind
     */
    public synchronized long refused(final Kind kind) {
        return refused.getOrDefault(kind, 0L);
    }

    /** Returns how many times the reserve was lent. */
    public synchronized long reserveLends() {
        return reserveLends;
    }

    /** Returns how many allocations degraded into clusters that had metadata after a refusal. */
    public synchronized long degradedAllocations() {
        return degraded;
    }

    /** Returns the whole state as text, for comparing two budgets (the model's and the implementation's). */
    public synchronized String state() {
        return "requests " + requests + ", refused " + refused + ", reserve "
                + (lent > 0 ? "lent" : "home") + ", lends " + reserveLends + ", degraded " + degraded
                + (failNext ? ", next fails" : "");
    }

    @Override
    public synchronized String toString() {
        return "MetadataBudget(clusters " + limitText(clusterLimit) + ", descriptors " + limitText(descriptorLimit)
                + ", reserve " + (reserve ? RESERVE_CLUSTERS : 0) + ", fail at " + Arrays.toString(failAt) + ": "
                + state() + ")";
    }

    private static String limitText(final long limit) {
        return limit == UNLIMITED ? "unlimited" : Long.toString(limit);
    }

    /**
     * Configures a budget.
     *
     * <p>Thread safety: not thread-safe; confine to one thread.
     */
    public static final class Builder {
        private long clusterLimit = UNLIMITED;
        private long descriptorLimit = UNLIMITED;
        private boolean reserve = true;
        private long[] failAt = new long[0];

        private Builder() {
        }

        /**
         * Limits the on-demand clusters holding metadata (the one lent from the reserve not counted).
         *
         * @param limit at least 0, or {@link #UNLIMITED}
         * @return this builder
         */
        public Builder clusters(final long limit) {
            this.clusterLimit = Checks.checkInRange("cluster metadata limit", limit, 0, UNLIMITED);
            return this;
        }

        /**
         * Limits the live compound descriptors.
         *
         * @param limit at least 0, or {@link #UNLIMITED}
         * @return this builder
         */
        public Builder descriptors(final long limit) {
            this.descriptorLimit = Checks.checkInRange("descriptor limit", limit, 0, UNLIMITED);
            return this;
        }

        /**
         * Keeps or drops the reserve (dropping it is for showing what the reserve guarantees).
         *
         * @param on whether the budget has its reserve
         * @return this builder
         */
        public Builder reserve(final boolean on) {
            this.reserve = on;
            return this;
        }

        /**
         * Makes the requests at these positions fail (1 is the first request of any kind).
         *
         * @param positions positions, each at least 1
         * @return this builder
         */
        public Builder failAt(final long... positions) {
            for (final long p : positions) {
                Checks.checkInRange("failing request position", p, 1, UNLIMITED);
            }
            this.failAt = positions.clone();
            return this;
        }

        /** Returns the budget, with no request made yet. */
        public MetadataBudget build() {
            return new MetadataBudget(this);
        }
    }
}

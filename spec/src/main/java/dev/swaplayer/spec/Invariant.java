package dev.swaplayer.spec;

/**
 * The named invariants of the swap space. {@code spec/SPEC.md} lists, for each, the checks that cover it;
 * every invariant is checked by at least two independent means.
 *
 * <p>Thread safety: immutable.
 */
public enum Invariant {
    /** No slot is owned twice: free blocks are disjoint, cover exactly the free slots, and live descriptor pages
     * map to distinct in-use slots. */
    INV_1("one-owner", "every slot is in exactly one state and has at most one owner"),
    /** free + in use + reserved = total, and the space's counters agree with its slots. */
    INV_2("conservation", "free + used + reserved = total slots; counters match"),
    /** Free blocks are naturally aligned, inside one cluster, of order at most maxOrder. */
    INV_3("alignment", "every free block of order j starts at a multiple of 2^j inside one cluster"),
    /** No free block has a free buddy of the same order below maxOrder: the free blocks are the canonical
     * decomposition of the free slots. */
    INV_4("coalesced", "free blocks are exactly the maximal aligned free blocks"),
    /** Slot 0 and bad slots are never free nor in use. */
    INV_5("reserved", "the header slot and bad slots are never allocated"),
    /** In use iff swap count &gt; 0 or cached; count at most 2^31-1. */
    INV_6("swap-count", "a slot is in use exactly when its count is above 0 or it is cached"),
    /** A compound descriptor covers 2^order distinct slots, its extents lie in single clusters, live pages map
     * to in-use slots, and a descriptor with no live page no longer exists. */
    INV_7("descriptor", "compound descriptors cover exactly 2^order distinct in-use slots in page order"),
    /** A new compound descriptor has the fewest extents any placement could have. */
    INV_8("minimal-extents", "compound descriptors use the fewest possible extents (checked against a brute-force DP)"),
    /** A compound descriptor is made only when no contiguous run of the folio's size was free. */
    INV_9("contiguous-first", "a compound descriptor is made only when no contiguous run exists"),
    /** Cluster metadata exists exactly while the cluster has an in-use or reserved slot. */
    INV_10("metadata-on-demand", "a cluster has metadata iff it holds an in-use or reserved slot"),
    /** buddyinfo counts the free blocks; the unusable index follows the kernel's formula. */
    INV_11("fragmentation-view", "buddyinfo and the unusable free space index agree with the free blocks"),
    /** Implementation and specification agree on every result and every observable after every step. */
    INV_12("refinement", "the implementation refines the specification"),
    /** A rejected call (exception or sentinel) changes no observable. */
    INV_13("rejection-is-pure", "rejected calls change nothing"),
    /** Encoding and decoding swap entries are inverse. */
    INV_14("entry-round-trip", "swap entry encode/decode round trip"),
    /** allocate(k) takes the block its {@link Placement} rule names (grouped by default, best fit for
     * {@code bestfit}) and returns NONE only when nothing fits; the small-pageblock marks follow their rule. */
    INV_15("placement", "the specified placement rule (grouped by default, best fit for `bestfit`); NONE only when"
            + " nothing fits"),
    /** Under concurrency no slot is handed to two callers at once, at any order or placement. */
    INV_16("exclusive-allocation", "concurrent allocations never overlap"),
    /** Under concurrency no swap-count change, swap-cache change or free is lost or applied twice. */
    INV_17("no-lost-update", "concurrent dup, put, cache and free calls are each applied exactly once"),
    /** Every cluster of the cluster allocator is on exactly one list, or isolated by exactly one thread. */
    INV_18("cluster-list-membership", "every cluster is on exactly one list, or isolated by one thread"),
    /** Every concurrent history of the buddy allocator equals some sequential history of the spec. */
    INV_19("linearizability", "concurrent histories are linearizable against the specification"),
    /** Any allocator: a run returned for an order-k request has 2^max(k, minOrder) slots inside the device and one
     * cluster, is aligned to its size (to 2^minOrder when unaligned), and every slot of it was free. */
    INV_20("legal-run", "any allocator: each run is inside the device and one cluster, aligned, and was free"),
    /** Any folio allocator: a folio stored non-contiguously has 2^k distinct free page slots in chunk-aligned runs
     * inside clusters, and only when no legal contiguous run existed. */
    INV_21("legal-compound", "any folio allocator: a non-contiguous folio has distinct free slots, only when no run"
            + " was free"),
    /** An allocator returns NONE for an order-k request only when no legal run of that order is free; reported for
     * any allocator, kept by the buddy allocator. */
    INV_22("completeness", "NONE only when no legal run is free (reported by `verify`, required with `--require"
            + " complete`)"),
    /** 6.12's per-CPU swap slots cache: every cached slot is in use on the device, in exactly one cache, never
     * held by the caller; an inactive cache holds none; the caller's slots plus the cached ones are the device's. */
    INV_23("slots-cache", "in `cluster-612-slots`, every cached slot is in use on the device, in one cache only,"
            + " and never the caller's"),
    /** A refused metadata request degrades the operation as specified or changes nothing; the budget holds. */
    INV_24("metadata-degrades", "a refused metadata request degrades as specified (clusters with metadata, a"
            + " compound, the reserve) or changes nothing; `dup` gives `NO_MEMORY` (-ENOMEM); the budget holds"),
    /** Whatever the budget refuses, while a free chunk exists, allocate(0) returns NONE only when no cluster with
     * metadata has a free chunk and the one-cluster reserve is lent. */
    INV_25("metadata-reserve", "while a slot is free, `allocate(0)` fails only when every cluster with metadata is"
            + " full and the one-cluster reserve is lent");

    private final String shortName;
    private final String statement;

    Invariant(final String shortName, final String statement) {
        this.shortName = shortName;
        this.statement = statement;
    }

    /** Returns the id as written in the docs, e.g. {@code INV-4}. */
    public String id() {
        return name().replace('_', '-');
    }

    /** Returns a short name, e.g. {@code coalesced}. */
    public String shortName() {
        return shortName;
    }

    /** Returns the invariant in one sentence. */
    public String statement() {
        return statement;
    }

    @Override
    public String toString() {
        return id() + " " + shortName;
    }
}

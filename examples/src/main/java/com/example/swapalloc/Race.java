package com.example.swapalloc;

import java.util.Locale;

/**
 * The one-line races planted in {@link ClusterLockAllocator}: each moves one read or write of the honest
 * allocator out of the cluster lock that guards it (or drops a guard), as a kernel developer might while tuning a
 * fast path. They are the corpus the two racy checks of {@code ./swaplayer verify} ({@code stress},
 * {@code linearizability}) are measured against; {@code docs/VERIFY-RACES.md} gives which check caught which, with
 * the command.
 *
 * <p>Thread safety: immutable.
 */
public enum Race {
    /** None: the honest allocator, which every check must pass. */
    NONE("the honest allocator"),
    /** {@code put} reads the swap count before it takes the cluster lock, and writes back that count less one. */
    PUT_COUNT_EARLY("put reads the swap count before the lock"),
    /** {@code put} reads the swap-cache pin before the lock, and may free a slot that was pinned meanwhile. */
    PUT_PIN_EARLY("put reads the swap-cache pin before the lock"),
    /**
     * {@code put} drops the count under the lock, lets go, and takes the lock again to free the slot, testing only
     * count and pin: a swap-in's pin and unpin in the gap frees the slot first, and the put frees it again.
     */
    PUT_RELOCK("put lets go of the lock and takes it again to free the slot"),
    /** {@code dup} tests that the slot is in use before the lock. */
    DUP_IN_USE_EARLY("dup tests in-use before the lock"),
    /** {@code dup} raises the count after it lets go of the lock: two dups can write the same count. */
    DUP_AFTER_UNLOCK("dup raises the count after the unlock"),
    /** {@code cacheAdd} tests that the slot is in use before the lock. */
    CACHE_ADD_IN_USE_EARLY("cacheAdd tests in-use before the lock"),
    /** {@code cacheAdd} reads the pin before the lock: two cacheAdds can both answer OK. */
    CACHE_ADD_CACHED_EARLY("cacheAdd reads the pin before the lock"),
    /** {@code cacheDel} tests in-use and the pin before the lock. */
    CACHE_DEL_EARLY("cacheDel tests in-use and the pin before the lock"),
    /** {@code free} checks that every slot of the run is in use before it takes the clusters' locks. */
    FREE_VALIDATE_EARLY("free checks its run before the locks"),
    /** {@code free} adds to the clusters' free counts after it lets go of their locks. */
    FREE_COUNT_AFTER_UNLOCK("free adds to the free count after the unlock"),
    /** {@code allocate} scans a cluster for a free run before it takes the cluster's lock. */
    SCAN_EARLY("allocate scans the cluster before the lock"),
    /**
     * {@code allocate} moves the lowest-free-cluster hint past a full cluster after it lets go of its lock: a free
     * in that cluster meanwhile is skipped until a lower cluster frees a slot. It costs placement and
     * completeness, not safety.
     */
    HINT_AFTER_UNLOCK("allocate moves the lowest-free hint after the unlock"),
    /** The clusters are built on first use, without the lock or a safe publication: two threads may build one. */
    LAZY_CLUSTER("clusters built on first use without a lock"),
    /** The used-slot counter is a plain {@code long}, updated under different clusters' locks. */
    PLAIN_USED_COUNTER("the used counter is a plain long");

    private final String what;

    Race(final String what) {
        this.what = what;
    }

    /** Returns the policy name of the allocator with this race: {@code clusterlock}, {@code race-put-count-early}. */
    public String policy() {
        return this == NONE ? "clusterlock" : "race-" + name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Returns the race in a few words. */
    public String what() {
        return what;
    }
}

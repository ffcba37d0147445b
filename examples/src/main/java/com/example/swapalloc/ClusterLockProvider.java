package com.example.swapalloc;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.spec.Geometry;

/**
 * The providers of {@link ClusterLockAllocator}: {@code clusterlock}, the honest one, and one per planted
 * {@link Race}, named {@code race-...}; each says it is thread-safe, so that verify runs its racy checks on it.
 *
 * <p>Thread safety: stateless.
 */
public abstract class ClusterLockProvider implements AllocatorProvider {
    private final Race race;

    /** @param race the planted race, or {@link Race#NONE} */
    protected ClusterLockProvider(final Race race) {
        this.race = race;
    }

    @Override
    public String name() {
        return race.policy();
    }

    @Override
    public String description() {
        return "per-cluster locks and a lowest-free hint" + (race == Race.NONE ? "" : "; planted race: " + race.what());
    }

    @Override
    public boolean threadSafe() {
        return true;
    }

    @Override
    public SlotAllocator create(final int type, final Geometry geometry) {
        return new ClusterLockAllocator(type, geometry, race);
    }

    /** {@code clusterlock}: {@link Race#NONE}. */
    public static final class Honest extends ClusterLockProvider {
        /** For the service loader. */
        public Honest() {
            super(Race.NONE);
        }
    }

    /** {@code race-put-count-early}: {@link Race#PUT_COUNT_EARLY}. */
    public static final class PutCountEarly extends ClusterLockProvider {
        /** For the service loader. */
        public PutCountEarly() {
            super(Race.PUT_COUNT_EARLY);
        }
    }

    /** {@code race-put-pin-early}: {@link Race#PUT_PIN_EARLY}. */
    public static final class PutPinEarly extends ClusterLockProvider {
        /** For the service loader. */
        public PutPinEarly() {
            super(Race.PUT_PIN_EARLY);
        }
    }

    /** {@code race-put-relock}: {@link Race#PUT_RELOCK}. */
    public static final class PutRelock extends ClusterLockProvider {
        /** For the service loader. */
        public PutRelock() {
            super(Race.PUT_RELOCK);
        }
    }

    /** {@code race-dup-in-use-early}: {@link Race#DUP_IN_USE_EARLY}. */
    public static final class DupInUseEarly extends ClusterLockProvider {
        /** For the service loader. */
        public DupInUseEarly() {
            super(Race.DUP_IN_USE_EARLY);
        }
    }

    /** {@code race-dup-after-unlock}: {@link Race#DUP_AFTER_UNLOCK}. */
    public static final class DupAfterUnlock extends ClusterLockProvider {
        /** For the service loader. */
        public DupAfterUnlock() {
            super(Race.DUP_AFTER_UNLOCK);
        }
    }

    /** {@code race-cache-add-in-use-early}: {@link Race#CACHE_ADD_IN_USE_EARLY}. */
    public static final class CacheAddInUseEarly extends ClusterLockProvider {
        /** For the service loader. */
        public CacheAddInUseEarly() {
            super(Race.CACHE_ADD_IN_USE_EARLY);
        }
    }

    /** {@code race-cache-add-cached-early}: {@link Race#CACHE_ADD_CACHED_EARLY}. */
    public static final class CacheAddCachedEarly extends ClusterLockProvider {
        /** For the service loader. */
        public CacheAddCachedEarly() {
            super(Race.CACHE_ADD_CACHED_EARLY);
        }
    }

    /** {@code race-cache-del-early}: {@link Race#CACHE_DEL_EARLY}. */
    public static final class CacheDelEarly extends ClusterLockProvider {
        /** For the service loader. */
        public CacheDelEarly() {
            super(Race.CACHE_DEL_EARLY);
        }
    }

    /** {@code race-free-validate-early}: {@link Race#FREE_VALIDATE_EARLY}. */
    public static final class FreeValidateEarly extends ClusterLockProvider {
        /** For the service loader. */
        public FreeValidateEarly() {
            super(Race.FREE_VALIDATE_EARLY);
        }
    }

    /** {@code race-free-count-after-unlock}: {@link Race#FREE_COUNT_AFTER_UNLOCK}. */
    public static final class FreeCountAfterUnlock extends ClusterLockProvider {
        /** For the service loader. */
        public FreeCountAfterUnlock() {
            super(Race.FREE_COUNT_AFTER_UNLOCK);
        }
    }

    /** {@code race-scan-early}: {@link Race#SCAN_EARLY}. */
    public static final class ScanEarly extends ClusterLockProvider {
        /** For the service loader. */
        public ScanEarly() {
            super(Race.SCAN_EARLY);
        }
    }

    /** {@code race-hint-after-unlock}: {@link Race#HINT_AFTER_UNLOCK}. */
    public static final class HintAfterUnlock extends ClusterLockProvider {
        /** For the service loader. */
        public HintAfterUnlock() {
            super(Race.HINT_AFTER_UNLOCK);
        }
    }

    /** {@code race-lazy-cluster}: {@link Race#LAZY_CLUSTER}. */
    public static final class LazyCluster extends ClusterLockProvider {
        /** For the service loader. */
        public LazyCluster() {
            super(Race.LAZY_CLUSTER);
        }
    }

    /** {@code race-plain-used-counter}: {@link Race#PLAIN_USED_COUNTER}. */
    public static final class PlainUsedCounter extends ClusterLockProvider {
        /** For the service loader. */
        public PlainUsedCounter() {
            super(Race.PLAIN_USED_COUNTER);
        }
    }
}

package dev.swaplayer.testkit;

import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.spec.Geometry;
import org.junit.jupiter.api.Nested;

/**
 * The contracts on devices of other shapes than their own, as a user holding an allocator to its real geometry
 * would override {@code geometry()}: the built-in allocators meet every contract on each, so a failure here is the
 * contract's, not the allocator's. Each shape takes one of the contract's defaults away: a minimum order (an
 * allocation of order 0 takes four slots), orders below the ones the contract names, clusters of one slot, and
 * unaligned placement with a partial last cluster and bad slots where the default has none.
 *
 * <p>Thread safety: as the contracts: JUnit runs each test on a fresh instance; nothing is shared.
 */
class OddGeometryContractTest {
    /** Orders 2 only: every allocation takes four slots. */
    static final Geometry MIN_ORDER = Geometry.builder(512).clusterSlots(16).maxOrder(2).minOrder(2).build();
    /** Orders 0..1 in clusters of four, no bad slot. */
    static final Geometry SMALL_ORDERS = Geometry.builder(64).clusterSlots(4).maxOrder(1).build();
    /** Clusters of one slot, order 0 only. */
    static final Geometry ONE_SLOT_CLUSTERS = Geometry.builder(32).clusterSlots(1).maxOrder(0).build();
    /** Unaligned placement, a last cluster of 40 slots, two bad slots. */
    static final Geometry UNALIGNED = Geometry.builder(1000).clusterSlots(64).maxOrder(4).aligned(false)
            .badSlots(70, 500).build();

    private static SlotAllocator builtIn(final String policy, final int type, final Geometry g) {
        return PolicyRegistry.builtIn().provider(policy).create(type, g);
    }

    @Nested
    class FoliosAtAMinimumOrder extends FolioAllocatorContract {
        @Override
        protected Geometry geometry() {
            return MIN_ORDER;
        }

        @Override
        protected SlotAllocator create(final int type, final Geometry geometry) {
            return builtIn("compound", type, geometry);
        }
    }

    @Nested
    class CountsAtAMinimumOrder extends SwapCountsContract {
        @Override
        protected Geometry geometry() {
            return MIN_ORDER;
        }

        @Override
        protected SlotAllocator create(final int type, final Geometry geometry) {
            return builtIn("buddy", type, geometry);
        }
    }

    @Nested
    class FoliosOfSmallOrders extends FolioAllocatorContract {
        @Override
        protected Geometry geometry() {
            return SMALL_ORDERS;
        }

        @Override
        protected SlotAllocator create(final int type, final Geometry geometry) {
            return builtIn("compound", type, geometry);
        }
    }

    @Nested
    class CountsOfSmallOrders extends SwapCountsContract {
        @Override
        protected Geometry geometry() {
            return SMALL_ORDERS;
        }

        @Override
        protected SlotAllocator create(final int type, final Geometry geometry) {
            return builtIn("cluster", type, geometry);
        }
    }

    @Nested
    class FoliosInOneSlotClusters extends FolioAllocatorContract {
        @Override
        protected Geometry geometry() {
            return ONE_SLOT_CLUSTERS;
        }

        @Override
        protected SlotAllocator create(final int type, final Geometry geometry) {
            return builtIn("compound", type, geometry);
        }
    }

    @Nested
    class CountsInOneSlotClusters extends SwapCountsContract {
        @Override
        protected Geometry geometry() {
            return ONE_SLOT_CLUSTERS;
        }

        @Override
        protected SlotAllocator create(final int type, final Geometry geometry) {
            return builtIn("buddy", type, geometry);
        }
    }

    @Nested
    class FoliosUnaligned extends FolioAllocatorContract {
        @Override
        protected Geometry geometry() {
            return UNALIGNED;
        }

        @Override
        protected SlotAllocator create(final int type, final Geometry geometry) {
            return builtIn("compound", type, geometry);
        }
    }

    @Nested
    class CountsUnaligned extends SwapCountsContract {
        @Override
        protected Geometry geometry() {
            return UNALIGNED;
        }

        @Override
        protected SlotAllocator create(final int type, final Geometry geometry) {
            return builtIn("legacy", type, geometry);
        }
    }
}

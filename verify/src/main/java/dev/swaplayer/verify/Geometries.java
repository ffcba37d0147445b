package dev.swaplayer.verify;

import dev.swaplayer.spec.Geometry;
import java.util.List;

/**
 * The devices {@code verify} runs an allocator on: enough slots that a defect at slot 64 or at a cluster boundary is
 * reachable, and the awkward shapes (bad slots, a partial last cluster, a minimum order, unaligned placement, runs
 * across a 64-bit word of a cluster's bitmap, more than 64 and 256 clusters) where allocators go wrong. Half the
 * stateful devices have the highest device type, so that a type kept in fewer bits than an entry's shows; the other
 * half type 0, the first swap device's, where a type test written as a mask ({@code (t & type) != type}) lets every
 * type through. What none of them reaches (2^16 slots, 65,536 allocations) is {@link ScaleRun}'s.
 *
 * <p>Thread safety: immutable.
 */
final class Geometries {
    private Geometries() {
    }

    /**
     * One device: its shape, and the type of the swap device it is (the type field of its entries).
     *
     * <p>Thread safety: immutable.
     *
     * @param geometry the shape
     * @param type the device type, 0..{@link dev.swaplayer.entry.SwapEntry#MAX_TYPE}
     */
    record Device(Geometry geometry, int type) {
        /** The geometry, and the type when it is not {@link Target#TYPE}: how a failure names the device. */
        @Override
        public String toString() {
            return geometry + (type == Target.TYPE ? "" : ", device type " + type);
        }
    }

    /** Returns the devices of the stateful properties. */
    static List<Device> stateful() {
        return List.of(
                new Device(Geometry.builder(1024).clusterSlots(64).maxOrder(4).build(), Target.TYPE),
                new Device(Geometry.builder(1000).clusterSlots(64).maxOrder(6).build(), 0),
                new Device(Geometry.builder(512).clusterSlots(32).maxOrder(5).badSlots(37, 200, 201).build(),
                        Target.TYPE),
                new Device(Geometry.builder(2048).clusterSlots(512).maxOrder(9).build(), 0),
                new Device(Geometry.builder(512).clusterSlots(64).minOrder(2).maxOrder(4).build(), Target.TYPE),
                new Device(Geometry.builder(250).clusterSlots(32).minOrder(1).maxOrder(3).aligned(false).badSlots(41)
                        .build(), 0),
                new Device(Geometry.builder(500).clusterSlots(128).maxOrder(4).aligned(false).badSlots(130, 300)
                        .build(), Target.TYPE),
                new Device(Geometry.builder(4177).clusterSlots(16).maxOrder(4).build(), 0));
    }

    /**
     * Returns the small shapes of the exhaustive check: the last three are where a run past the device end (a last
     * cluster of 2 slots), a run across a cluster boundary (unaligned runs may start on any slot), and an unaligned
     * run over a bad slot or into the missing tail of a partial last cluster (an unaligned search that takes any
     * slot not in use for free) take a few steps to reach.
     */
    static List<Geometry> exhaustive() {
        return List.of(
                Geometry.builder(16).clusterSlots(4).maxOrder(2).build(),
                Geometry.builder(16).clusterSlots(8).maxOrder(3).badSlots(5).build(),
                Geometry.builder(12).clusterSlots(4).maxOrder(2).minOrder(1).build(),
                Geometry.builder(14).clusterSlots(4).maxOrder(2).build(),
                Geometry.builder(16).clusterSlots(8).maxOrder(2).aligned(false).build(),
                Geometry.builder(7).clusterSlots(4).maxOrder(1).aligned(false).badSlots(2).build());
    }
}

package dev.swaplayer.verify;

import dev.swaplayer.spec.Geometry;
import java.util.List;

/**
 * The device shapes {@code verify} runs an allocator on: enough slots that a defect at slot 64 or at a
 * cluster boundary is reachable, and the awkward shapes (bad slots, a partial last cluster, a minimum order,
 * unaligned placement) where allocators go wrong.
 *
 * <p>Thread safety: immutable.
 */
final class Geometries {
    private Geometries() {
    }

    /** Returns the shapes of the stateful properties. */
    static List<Geometry> stateful() {
        return List.of(
                Geometry.builder(1024).clusterSlots(64).maxOrder(4).build(),
                Geometry.builder(1000).clusterSlots(64).maxOrder(6).build(),
                Geometry.builder(512).clusterSlots(32).maxOrder(5).badSlots(37, 200, 201).build(),
                Geometry.builder(2048).clusterSlots(512).maxOrder(9).build(),
                Geometry.builder(512).clusterSlots(64).minOrder(2).maxOrder(4).build(),
                Geometry.builder(256).clusterSlots(32).minOrder(1).maxOrder(3).aligned(false).build());
    }

    /**
     * Returns the small shapes of the exhaustive check: the last two are where a run past the device end (a last
     * cluster of 2 slots) and a run across a cluster boundary (unaligned runs may start on any slot) take a few
     * steps to reach.
     */
    static List<Geometry> exhaustive() {
        return List.of(
                Geometry.builder(16).clusterSlots(4).maxOrder(2).build(),
                Geometry.builder(16).clusterSlots(8).maxOrder(3).badSlots(5).build(),
                Geometry.builder(12).clusterSlots(4).maxOrder(2).minOrder(1).build(),
                Geometry.builder(14).clusterSlots(4).maxOrder(2).build(),
                Geometry.builder(16).clusterSlots(8).maxOrder(2).aligned(false).build());
    }
}

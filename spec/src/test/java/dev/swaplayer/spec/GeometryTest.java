package dev.swaplayer.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The device shape: defaults, derived values, and a clear error for every bad field.
 *
 * <p>Thread safety: JUnit runs it on one thread; each test builds its own geometries, which are immutable.
 */
class GeometryTest {

    @Test
    void defaultsAreTheKernels() {
        final Geometry g = Geometry.builder(16384).build();
        assertEquals(512, g.clusterSlots());
        assertEquals(9, g.clusterOrder());
        assertEquals(9, g.maxOrder());
        assertEquals(0, g.minOrder());
        assertTrue(g.aligned());
        assertEquals(32, g.clusterCount());
        assertEquals(1, g.reservedSlots());
    }

    @Test
    void partialLastClusterAndReservedSlots() {
        final Geometry g = Geometry.builder(1000).clusterSlots(256).badSlots(700, 3).build();
        assertEquals(4, g.clusterCount(), "ceil(1000 / 256)");
        assertArrayEquals(new long[] {3, 700}, g.badSlots(), "sorted");
        assertTrue(g.isReserved(0));
        assertTrue(g.isReserved(3));
        assertTrue(g.isReserved(700));
        assertTrue(g.isReserved(1000), "past the end");
        assertFalse(g.isReserved(999));
        assertEquals(3, g.reservedSlots());
        assertEquals(2, g.clusterOf(700));
        assertEquals(8, g.maxOrder(), "min(9, cluster order)");
    }

    @Test
    void pageblocksAreTheLargeFolioOrUpToMaxOrder() {
        assertEquals(4, Geometry.builder(16384).build().pageblockOrder(), "64 KiB at the kernel's defaults");
        assertEquals(Geometry.LARGE_FOLIO_ORDER, Geometry.builder(64).clusterSlots(32).maxOrder(5).build()
                .pageblockOrder());
        assertEquals(2, Geometry.builder(16).clusterSlots(4).build().pageblockOrder(), "capped by maxOrder");
        assertEquals(0, Geometry.builder(8).clusterSlots(1).build().pageblockOrder(), "clusters of one slot");
    }

    @Test
    void effectiveOrderRoundsUpToTheChunk() {
        final Geometry g = Geometry.builder(64).clusterSlots(16).minOrder(2).build();
        assertEquals(2, g.effectiveOrder(0));
        assertEquals(2, g.effectiveOrder(2));
        assertEquals(3, g.effectiveOrder(3));
    }

    @Test
    void badFieldsAreNamed() {
        assertEquals("totalSlots: 1 (expected: 2..4294967296)",
                assertThrows(IllegalArgumentException.class, () -> Geometry.builder(1).build()).getMessage());
        assertEquals("clusterSlots: 12 (expected: a power of two)", assertThrows(IllegalArgumentException.class,
                () -> Geometry.builder(64).clusterSlots(12).build()).getMessage());
        assertEquals("clusterSlots: 131072 (expected: 1..65536)", assertThrows(IllegalArgumentException.class,
                () -> Geometry.builder(1L << 20).clusterSlots(1 << 17).build()).getMessage());
        assertEquals("maxOrder: 5 (expected: 0..4)", assertThrows(IllegalArgumentException.class,
                () -> Geometry.builder(64).clusterSlots(16).maxOrder(5).build()).getMessage());
        assertEquals("minOrder: 3 (expected: 0..2)", assertThrows(IllegalArgumentException.class,
                () -> Geometry.builder(64).clusterSlots(16).maxOrder(2).minOrder(3).build()).getMessage());
        assertEquals("badSlot: 64 (expected: 1..63)", assertThrows(IllegalArgumentException.class,
                () -> Geometry.builder(64).badSlots(64).build()).getMessage());
        assertEquals("badSlot: 0 (expected: 1..63)", assertThrows(IllegalArgumentException.class,
                () -> Geometry.builder(64).badSlots(0).build()).getMessage());
        assertEquals("badSlot: 9 (expected: each bad slot listed once)", assertThrows(
                IllegalArgumentException.class, () -> Geometry.builder(64).badSlots(9, 9).build()).getMessage());
    }

    @Test
    void checksNameTheirArgument() {
        final Geometry g = Geometry.builder(64).clusterSlots(16).maxOrder(4).build();
        assertEquals("order: 5 (expected: 0..4)",
                assertThrows(IllegalArgumentException.class, () -> g.checkOrder(5)).getMessage());
        assertEquals("order: -1 (expected: 0..4)",
                assertThrows(IllegalArgumentException.class, () -> g.checkOrder(-1)).getMessage());
        assertEquals(4, g.checkOrder(4));
        assertEquals("slot: 0 (expected: 1..63)",
                assertThrows(IllegalArgumentException.class, () -> g.checkSlot("slot", 0)).getMessage());
        assertEquals(63, g.checkSlot("slot", 63));
    }

    @Test
    void valueSemantics() {
        final Geometry a = Geometry.builder(64).clusterSlots(16).badSlots(5).build();
        final Geometry b = Geometry.builder(64).clusterSlots(16).badSlots(5).build();
        assertEquals(a, b);
        assertEquals(a.hashCode(), b.hashCode());
        assertNotEquals(a, Geometry.builder(64).clusterSlots(16).build());
        assertNotEquals(a, Geometry.builder(64).clusterSlots(16).badSlots(5).aligned(false).build());
        assertNotEquals(a, Geometry.builder(128).clusterSlots(16).badSlots(5).build());
        assertNotEquals(a, Geometry.builder(64).clusterSlots(32).maxOrder(4).badSlots(5).build());
        assertNotEquals(a, Geometry.builder(64).clusterSlots(16).maxOrder(3).badSlots(5).build());
        assertNotEquals(a, Geometry.builder(64).clusterSlots(16).minOrder(1).badSlots(5).build());
        assertNotEquals(a, "not a geometry");
        assertEquals("Geometry(slots=64, cluster=16, orders=0..4, bad=[5])", a.toString());
        final long[] bad = a.badSlots();
        bad[0] = 6;
        assertArrayEquals(new long[] {5}, a.badSlots(), "a copy");
    }
}

package dev.swaplayer.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.spec.Geometry;
import org.junit.jupiter.api.Test;

/**
 * What a provider that implements only name() and create(type, geometry) says about itself.
 *
 * <p>Thread safety: JUnit runs it on one thread; each test gets its own instance and provider.
 */
class AllocatorProviderDefaultsTest {
    private final Geometry g = Geometry.builder(64).clusterSlots(16).build();

    private final AllocatorProvider minimal = new AllocatorProvider() {
        @Override
        public String name() {
            return "minimal";
        }

        @Override
        public SlotAllocator create(final int type, final Geometry geometry) {
            return new PlainSlots(type, geometry);
        }
    };

    @Test
    void theDefaultsAreTheKernelsBehaviour() {
        assertEquals(FolioPolicy.SPLIT, minimal.folioPolicy(), "a large folio without a run is split");
        assertFalse(minimal.threadSafe(), "confined to one thread unless it says otherwise");
        assertTrue(minimal.inAll(), "part of --policy all");
        assertEquals("", minimal.description());
    }

    @Test
    void theCpuCountIsIgnoredByDefault() {
        final SlotAllocator a = minimal.create(2, g, 4);
        assertTrue(a instanceof PlainSlots);
        assertEquals(2, a.type());
        assertEquals(g, a.geometry());
    }
}

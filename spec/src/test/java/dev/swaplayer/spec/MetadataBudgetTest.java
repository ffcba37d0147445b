package dev.swaplayer.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.spec.MetadataBudget.Kind;
import org.junit.jupiter.api.Test;

/**
 * {@link MetadataBudget} worked by hand: request positions, limits, injection, the reserve's lending and refill,
 * the overdraft check, copies and bad configuration. The reserve on the allocator and the model side by side is in
 * the properties module (MetadataReserveTest).
 *
 * <p>Thread safety: JUnit runs it on one thread; each test builds its own budgets.
 */
class MetadataBudgetTest {

    @Test
    void theNthRequestFailsWhateverItsKind() {
        final MetadataBudget b = MetadataBudget.builder().failAt(2, 4).build();
        assertTrue(b.cluster(0));
        assertFalse(b.descriptor(0), "request 2");
        assertTrue(b.extendEntry());
        assertFalse(b.extendEntry(), "request 4");
        assertTrue(b.cluster(5));
        assertEquals(5, b.requests());
        assertEquals(0, b.refused(Kind.CLUSTER));
        assertEquals(1, b.refused(Kind.DESCRIPTOR));
        assertEquals(1, b.refused(Kind.EXTEND_ENTRY));
    }

    @Test
    void limitsCountWhatIsHeldAndTheReserveIsBesides() {
        final MetadataBudget b = MetadataBudget.builder().clusters(2).descriptors(1).build();
        assertTrue(b.cluster(1));
        assertFalse(b.cluster(2), "two held: the limit");
        assertTrue(b.lendReserve());
        assertTrue(b.reserveLent());
        assertFalse(b.lendReserve(), "one cluster's reserve");
        assertFalse(b.cluster(3), "three held, one of them lent: still two charged");
        assertTrue(b.descriptor(0));
        assertFalse(b.descriptor(1));
        assertNull(b.overdrawn(3, 1));
        assertEquals("3 on-demand clusters hold metadata besides the reserve (limit 2)", b.overdrawn(4, 1));
        assertEquals("2 live descriptors (limit 1)", b.overdrawn(3, 2));
        b.clusterDropped();
        assertFalse(b.reserveLent(), "the first drop refills the reserve");
        b.clusterDropped();
        assertFalse(b.reserveLent());
        assertEquals(1, b.reserveLends());
        assertNull(MetadataBudget.unlimited().overdrawn(1_000, 1_000));
    }

    @Test
    void aLentReserveNeedsAClusterHoldingIt() {
        final MetadataBudget b = MetadataBudget.builder().clusters(0).build();
        assertTrue(b.lendReserve());
        assertEquals("the reserve is lent but only 0 on-demand clusters hold metadata", b.overdrawn(0, 0));
        assertNull(b.overdrawn(1, 0));
        assertFalse(MetadataBudget.builder().reserve(false).build().lendReserve(), "no reserve, nothing lent");
    }

    @Test
    void failNextRefusesOneRequestAndCopiesAreIndependent() {
        final MetadataBudget b = MetadataBudget.unlimited();
        b.failNext(true);
        final MetadataBudget c = b.copy();
        assertEquals(b.state(), c.state());
        assertTrue(b.state().endsWith(", next fails"), b.state());
        assertFalse(b.cluster(0));
        assertTrue(b.cluster(0), "disarmed by the refusal");
        b.degraded();
        assertEquals(1, b.degradedAllocations());
        assertEquals(0, c.degradedAllocations());
        assertEquals(0, c.requests());
        assertFalse(c.descriptor(0), "the copy is still armed");
        b.failNext(true);
        b.failNext(false);
        assertTrue(b.extendEntry());
        assertEquals("requests 3, refused {CLUSTER=1}, reserve home, lends 0, degraded 1", b.state());
        assertEquals("MetadataBudget(clusters 3, descriptors unlimited, reserve 0, fail at [2, 9]: requests 0,"
                + " refused {}, reserve home, lends 0, degraded 0)",
                MetadataBudget.builder().clusters(3).reserve(false).failAt(9, 2).build().toString());
    }

    @Test
    void badConfigurationIsRefusedWithItsRange() {
        final IllegalArgumentException c = assertThrows(IllegalArgumentException.class,
                () -> MetadataBudget.builder().clusters(-1));
        assertTrue(c.getMessage().startsWith("cluster metadata limit: -1 (expected: "), c.getMessage());
        final IllegalArgumentException d = assertThrows(IllegalArgumentException.class,
                () -> MetadataBudget.builder().descriptors(-2));
        assertTrue(d.getMessage().startsWith("descriptor limit: -2 (expected: "), d.getMessage());
        final IllegalArgumentException p = assertThrows(IllegalArgumentException.class,
                () -> MetadataBudget.builder().failAt(3, 0));
        assertTrue(p.getMessage().startsWith("failing request position: 0 (expected: "), p.getMessage());
    }
}

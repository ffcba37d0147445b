package dev.swaplayer.swap.scenario;

import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.swap.SwapSpace;
import java.util.List;

/**
 * Opens the scenario's package-private {@link Fixtures} to the swap module's other tests, so that they share
 * one copy of the geometry, folio contents, fragmentation and audits (test code only).
 *
 * <p>Thread safety: stateless.
 */
public final class FixturesAccess {
    private FixturesAccess() {
    }

    /** Same as {@link Fixtures#small}. */
    public static Geometry small(final long slots) {
        return Fixtures.small(slots);
    }

    /** Same as {@link Fixtures#folio}. */
    public static byte[] folio(final long seed, final int order, final int pageSize) {
        return Fixtures.folio(seed, order, pageSize);
    }

    /** Same as {@link Fixtures#range}. */
    public static byte[] range(final byte[] folio, final int firstPage, final int count, final int pageSize) {
        return Fixtures.range(folio, firstPage, count, pageSize);
    }

    /** Same as {@link Fixtures#pinEvery}. */
    public static List<Long> pinEvery(final SlotAllocator a, final int stride) {
        return Fixtures.pinEvery(a, stride);
    }

    /** Same as {@link Fixtures#used}. */
    public static long used(final SwapSpace s) {
        return Fixtures.used(s);
    }

    /** Same as {@link Fixtures#audit}. */
    public static void audit(final SwapSpace s) {
        Fixtures.audit(s);
    }
}

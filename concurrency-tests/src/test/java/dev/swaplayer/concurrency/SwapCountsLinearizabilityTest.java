package dev.swaplayer.concurrency;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.SwapSpaceModel;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * Lincheck model checking: swap counts and the swap-cache flag ({@code dup}, {@code put}, {@code cacheAdd},
 * {@code cacheDel}, and the reads) on a thread-safe {@link BuddyAllocator} are linearizable against
 * {@link SwapSpaceModel} (INV-19, and INV-17 through it).
 *
 * <p>Thread safety: Lincheck calls the operations of one instance from several threads; the instance holds
 * only the allocator under test.
 *
 * <p>Device: 4 slots in clusters of 2. Slots 1 and 2 start allocated (count 0, cached), slot 1 in cluster 0
 * and slot 2 in cluster 1, so operations on the two slots take different cluster locks, and a put or
 * cacheDel that frees its slot must take the device lock as well. {@code allocate} hands freed slots out
 * again, so a count can restart on a slot another thread still names.
 */
@Param(name = "slot", gen = IntGen.class, conf = "1:2")
public class SwapCountsLinearizabilityTest {
    static final Geometry DEVICE = Geometry.builder(4).clusterSlots(2).build();

    private final BuddyAllocator allocator = new BuddyAllocator(0, DEVICE);

    public SwapCountsLinearizabilityTest() {
        allocator.allocate(0);
        allocator.allocate(0);
    }

    @Operation
    public String dup(@Param(name = "slot") final int slot) {
        return Outcomes.of(() -> allocator.dup(slot));
    }

    @Operation
    public String put(@Param(name = "slot") final int slot) {
        return Outcomes.of(() -> allocator.put(slot));
    }

    @Operation
    public String cacheAdd(@Param(name = "slot") final int slot) {
        return Outcomes.of(() -> allocator.cacheAdd(slot));
    }

    @Operation
    public String cacheDel(@Param(name = "slot") final int slot) {
        return Outcomes.of(() -> allocator.cacheDel(slot));
    }

    @Operation
    public long countOf(@Param(name = "slot") final int slot) {
        return allocator.countOf(slot);
    }

    @Operation
    public boolean isCached(@Param(name = "slot") final int slot) {
        return allocator.isCached(slot);
    }

    @Operation
    public long allocate() {
        return allocator.allocate(0);
    }

    @Test
    void linearizableInModelChecking() {
        BuddyAllocatorLinearizabilityTest.options().sequentialSpecification(Spec.class).check(getClass());
    }

    /**
     * The sequential specification: {@link SwapSpaceModel} with the same setup and operation signatures.
     *
     * <p>Thread safety: not thread-safe; Lincheck runs it on one thread.
     */
    public static class Spec {
        private final SwapSpaceModel model = new SwapSpaceModel(DEVICE);

        public Spec() {
            model.allocate(0);
            model.allocate(0);
        }

        public String dup(final int slot) {
            return Outcomes.of(() -> model.dup(slot));
        }

        public String put(final int slot) {
            return Outcomes.of(() -> model.put(slot));
        }

        public String cacheAdd(final int slot) {
            return Outcomes.of(() -> model.cacheAdd(slot));
        }

        public String cacheDel(final int slot) {
            return Outcomes.of(() -> model.cacheDel(slot));
        }

        public long countOf(final int slot) {
            return model.swapCount(slot);
        }

        public boolean isCached(final int slot) {
            return model.cached(slot);
        }

        public long allocate() {
            return model.allocate(0);
        }
    }
}

package dev.swaplayer.concurrency;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.SwapSpaceModel;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * Lincheck model checking: allocate and free on a thread-safe {@link BuddyAllocator} are linearizable
 * against {@link SwapSpaceModel}, the sequential specification (INV-19).
 *
 * <p>Thread safety: Lincheck calls the operations of one instance from several threads; the instance holds
 * only the allocator under test.
 *
 * <p>Device: 8 slots in two clusters of 4 (slots 1..3 and 4..7), orders 0..2, so allocations split and
 * frees coalesce within a cluster and the device index moves between clusters. Device type 0 makes an entry
 * equal to its slot, so the allocator's and the model's results compare directly.
 */
@Param(name = "order", gen = IntGen.class, conf = "0:1")
@Param(name = "slot", gen = IntGen.class, conf = "1:7")
public class BuddyAllocatorLinearizabilityTest {
    static final Geometry DEVICE = Geometry.builder(8).clusterSlots(4).build();

    private final BuddyAllocator allocator = new BuddyAllocator(0, DEVICE);

    @Operation
    public long allocate(@Param(name = "order") final int order) {
        return allocator.allocate(order);
    }

    @Operation
    public String free(@Param(name = "slot") final int slot) {
        return Outcomes.of(() -> {
            allocator.free(slot, 1);
            return "freed";
        });
    }

    @Operation
    public long freeSlots() {
        return allocator.freeSlots();
    }

    @Test
    void linearizableInModelChecking() {
        options().sequentialSpecification(Spec.class).check(getClass());
    }

    /**
     * The gate's bounds, shared with the other Lincheck tests: {@code -Dlincheck.iterations=N} (scenarios)
     * and {@code -Dlincheck.invocations=N} (interleavings explored per scenario) raise them for a soak.
     *
     * @return model-checking options of 2 threads, 3 operations each, 2 before and 1 after
     */
    static ModelCheckingOptions options() {
        return new ModelCheckingOptions()
                .iterations(Integer.getInteger("lincheck.iterations", 8))
                .invocationsPerIteration(Integer.getInteger("lincheck.invocations", 60))
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(1);
    }

    /**
     * The sequential specification: {@link SwapSpaceModel} behind the same operation signatures.
     *
     * <p>Thread safety: not thread-safe; Lincheck runs it on one thread.
     */
    public static class Spec {
        private final SwapSpaceModel model = new SwapSpaceModel(DEVICE);

        public long allocate(final int order) {
            return model.allocate(order);
        }

        public String free(final int slot) {
            return Outcomes.of(() -> {
                model.free(slot, 1);
                return "freed";
            });
        }

        public long freeSlots() {
            return model.freeSlots();
        }
    }
}

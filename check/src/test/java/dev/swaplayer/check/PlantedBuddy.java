package dev.swaplayer.check;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.ForwardingSlotAllocator;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.spec.Geometry;
import java.util.function.BiFunction;

/**
 * The buddy allocator's slots and swap counts behind a forwarder, for a test to plant one defect in by overriding
 * the call it breaks, and the thread-safe policy "planted" that builds it.
 *
 * <p>Thread safety: as the buddy allocator's, plus what the planting subclass adds.
 */
class PlantedBuddy extends ForwardingSlotAllocator<BuddyAllocator> implements SwapCounts.Forwarding {
    /** The policy's name in {@link #registry}. */
    static final String NAME = "planted";

    /** What is planted, in words: {@link #toString}. */
    private final String defect;

    PlantedBuddy(final int type, final Geometry g) {
        this(type, g, "a planted defect");
    }

    PlantedBuddy(final int type, final Geometry g, final String defect) {
        super(new BuddyAllocator(type, g));
        this.defect = defect;
    }

    @Override
    public String toString() {
        return defect;
    }

    @Override
    public SwapCounts swapCounts() {
        return delegate();
    }

    /** Returns the built-in policies plus {@value #NAME}, a thread-safe one that the factory builds. */
    static PolicyRegistry registry(final BiFunction<Integer, Geometry, SlotAllocator> factory) {
        return PolicyRegistry.builtIn().with(new AllocatorProvider() {
            @Override
            public String name() {
                return NAME;
            }

            @Override
            public SlotAllocator create(final int type, final Geometry geometry) {
                return factory.apply(type, geometry);
            }

            @Override
            public boolean threadSafe() {
                return true;
            }
        });
    }

    /** Returns the planted policy as the stress run drives it, on that device, for that many threads. */
    static StressTarget target(final BiFunction<Integer, Geometry, SlotAllocator> factory, final Geometry g,
            final int threads) {
        return StressTarget.of(registry(factory), NAME, g, threads);
    }
}

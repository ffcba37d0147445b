package dev.swaplayer.verify;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import java.util.List;

/**
 * What one {@code verify} run checks, and how deeply: the policy's provider, the depth, the seed every
 * random check starts from, and the command that re-runs the run.
 *
 * <p>Thread safety: immutable; {@link #create} is as thread-safe as the provider.
 *
 * @param registry where the policy is registered
 * @param policy the policy name
 * @param provider its provider
 * @param depth how deep to look
 * @param seed the seed of every random check
 * @param rerun the command line that repeats this run with this seed
 */
record Target(PolicyRegistry registry, String policy, AllocatorProvider provider, Depth depth, long seed,
        String rerun) {
    /**
     * The device type verify gives its devices: the highest, so that a type mix-up shows and so does a type kept
     * in fewer bits than {@link SwapEntry#TYPE_BITS}.
     */
    static final int TYPE = SwapEntry.MAX_TYPE;

    /**
     * Creates the policy's allocator of an empty device.
     *
     * @param geometry a geometry
     * @return a fresh allocator of an empty device
     */
    SlotAllocator create(final Geometry geometry) {
        return create(TYPE, geometry);
    }

    /**
     * Creates the policy's allocator of an empty device, or returns null when the provider refuses the geometry
     * with an {@link IllegalArgumentException}, its documented "cannot serve this geometry" (adding
     * {@code "geometry: reason"} to {@code refusals}): how every check learns which of its devices it can run on.
     *
     * @param geometry a geometry
     * @param refusals where a refusal's reason is added
     * @return a fresh allocator of an empty device, or null
     * @throws IllegalStateException if the provider returned null
     */
    SlotAllocator createIfServed(final Geometry geometry, final List<String> refusals) {
        return createIfServed(provider, TYPE, geometry, refusals);
    }

    /** Creates the policy's allocator of an empty device of that type: {@link #create(Geometry)}'s. */
    SlotAllocator create(final int type, final Geometry geometry) {
        return nonNull(provider, provider.create(type, geometry));
    }

    /** {@link #createIfServed(Geometry, List)} for a device of that type. */
    SlotAllocator createIfServed(final int type, final Geometry geometry, final List<String> refusals) {
        return createIfServed(provider, type, geometry, refusals);
    }

    /** {@link #createIfServed(Geometry, List)} for a provider without a target: {@link Verifier#probe}'s. */
    static SlotAllocator createIfServed(final AllocatorProvider provider, final int type, final Geometry geometry,
            final List<String> refusals) {
        final SlotAllocator a;
        try {
            a = provider.create(type, geometry);
        } catch (IllegalArgumentException e) {
            refusals.add(geometry + ": " + e.getMessage());
            return null;
        }
        return nonNull(provider, a);
    }

    private static SlotAllocator nonNull(final AllocatorProvider provider, final SlotAllocator a) {
        if (a == null) {
            throw new NullAllocator(provider);
        }
        return a;
    }

    /** A provider's {@code create} returned null. Thread safety: immutable. */
    static final class NullAllocator extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        NullAllocator(final AllocatorProvider provider) {
            super(provider.getClass().getName() + ".create returned null");
        }
    }
}

package dev.swaplayer.bench;

/**
 * What the allocator benchmarks drive: allocate a naturally aligned run (or a folio) of {@code 2^order} slots
 * and free it again, whatever the policy behind it.
 *
 * <p>Thread safety: as {@link BenchPolicies#threadSafe(String)} states for the policy or baseline that made it.
 */
public interface BenchAllocator {
    /** Returned when nothing fits; 0 is the header slot under every policy. */
    long NONE = 0;

    /**
     * Returns a handle (an entry, a compound handle or a slot), or {@link #NONE}.
     *
     * @param order the order of the run or folio
     */
    long allocate(int order);

    /**
     * Frees what {@link #allocate} returned.
     *
     * @param handle a handle {@link #allocate} returned
     * @param order the order it was allocated with
     */
    void free(long handle, int order);

    /** Returns slots in use. */
    long usedSlots();

    /**
     * Tells the policy which benchmark thread is calling, for the kernel models' per-CPU hints: thread i runs
     * on simulated CPU i. The other policies have no per-thread state.
     *
     * @param index the calling thread's index, from 0
     */
    default void bindThread(final int index) {
    }

    /** Returns the object whose heap graph is the policy's metadata, for JOL. */
    Object metadata();
}

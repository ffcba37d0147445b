package dev.swaplayer.bench;

/**
 * One point of the scale curve ({@link ScaleRun}): a policy on a device half full with the mixed stream.
 *
 * <p>Thread safety: immutable.
 *
 * @param policy the policy's key
 * @param slots the device's size in slots
 * @param perOpNanos time per churn step (free a random live allocation, allocate one of the same order): the
 *     median timed round
 * @param perOpMinNanos the same in the quickest timed round
 * @param perOpMaxNanos the same in the slowest timed round
 * @param fillMillis time to fill the empty device to half
 * @param metadataBytes live heap after the fill less the run's own bookkeeping: the allocator's metadata
 * @param peakHeapBytes the sum of the heap pools' peaks during the point (an upper bound)
 * @param fails allocations of the churn that returned NONE
 */
public record ScaleRow(String policy, long slots, double perOpNanos, double perOpMinNanos, double perOpMaxNanos,
        double fillMillis, long metadataBytes, long peakHeapBytes, long fails) {
}

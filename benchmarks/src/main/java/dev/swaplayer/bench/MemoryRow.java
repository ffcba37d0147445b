package dev.swaplayer.bench;

/**
 * One JOL measurement: the heap bytes of a policy's metadata on one device at one use.
 *
 * <p>Thread safety: immutable.
 *
 * @param policy the policy's key
 * @param slots the device's size in slots
 * @param use the target share of the usable slots in use
 * @param usedSlots the slots actually in use
 * @param heapBytes {@code GraphLayout.parseInstance(metadata).totalSize()}
 */
public record MemoryRow(String policy, long slots, double use, long usedSlots, long heapBytes) {

    /** Returns heap bytes per slot of the device. */
    public double bytesPerSlot() {
        return (double) heapBytes / slots;
    }

    /** Returns heap bytes per slot in use, NaN on an empty device. */
    public double bytesPerUsedSlot() {
        return usedSlots == 0 ? Double.NaN : (double) heapBytes / usedSlots;
    }
}

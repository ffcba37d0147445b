package dev.swaplayer.kernel;

/**
 * The audit of a kernel model ({@link KernelModel#checkConsistency()}): the swap map against the per-cluster
 * counts and the device counters, the swap count words, the per-CPU hints, then the policy's own lists
 * ({@link SwapInfo#auditPolicy()}).
 *
 * <p>Thread safety: stateless; {@link #check} reads the model under the device lock and every cluster lock,
 * which its caller holds, so it sees one consistent state even while other threads call the model.
 */
final class SwapMapAudit {
    private SwapMapAudit() {
    }

    /**
     * Checks the invariants of the class comment of {@link SwapInfo}. O(slots).
     *
     * <p>Context: the device lock and every cluster lock.
     *
     * @throws AssertionError naming the first inconsistency
     */
    // The caller (KernelModel's audit) holds si.deviceLock, which the assert below checks at run time; ErrorProne
    // cannot carry a guard named through a parameter across the call, so the check of si.inFlight is off here.
    @SuppressWarnings("GuardedBy")
    static void check(final KernelModel si) {
        assert si.holdsDevice() : "audit without the device lock";
        final int[] counted = new int[si.clusterCount];
        final long[] freeUsed = checkSlots(si, counted);
        for (int c = 0; c < si.clusterCount; c++) {
            if (counted[c] != si.count[c]) {
                throw corrupt(si.describeCluster(c) + " but " + counted[c] + " slots are not free");
            }
        }
        final long free = freeUsed[0];
        final long used = freeUsed[1];
        require(free == si.freeSlots() && used == si.usedSlots(), "freeSlots " + si.freeSlots() + ", usedSlots "
                + si.usedSlots() + " but the map holds " + free + " free and " + used + " used");
        require(free + used + si.geometry().reservedSlots() == si.totalSlots, "free + used + reserved != totalSlots");
        require(si.inFlight == 0, "a request is still in flight");
        final String hints = si.hints.audit(si.map.length);
        require(hints == null, String.valueOf(hints));
        final String policy = si.auditPolicy();
        require(policy == null, String.valueOf(policy));
    }

    /**
     * Checks each slot's state and swap count word, and counts per cluster the slots that are not free.
     *
     * @return the free and the used (in-use, not reserved) slots
     */
    private static long[] checkSlots(final KernelModel si, final int[] counted) {
        long free = 0;
        long used = 0;
        for (int s = 0; s < si.map.length; s++) {
            final int v = si.map[s];
            final boolean reserved = si.geometry().isReserved(s);
            final boolean known = v == SwapInfo.SLOT_FREE || v == SwapInfo.SLOT_IN_USE || v == SwapInfo.SLOT_RESERVED
                    || ((v & ~SwapInfo.CACHE_ORDER_MASK) == SwapInfo.CACHE_ONLY
                    && (v & SwapInfo.CACHE_ORDER_MASK) <= si.clusterOrder);
            if (!known || (v == SwapInfo.SLOT_RESERVED) != reserved) {
                throw corrupt("slot " + s + " has state " + v + ", reserved " + reserved);
            }
            if (v != SwapInfo.SLOT_FREE) {
                counted[si.clusterOf(s)]++;
                used += reserved ? 0 : 1;
            } else {
                free++;
            }
            if ((v == SwapInfo.SLOT_FREE || reserved) && !si.words.isZero(s)) {
                throw corrupt("slot " + s + " is " + (reserved ? "reserved" : "free") + " but has swap count "
                        + si.words.count(s) + ", cached " + si.words.cached(s));
            }
        }
        return new long[] {free, used};
    }

    private static void require(final boolean ok, final String what) {
        if (!ok) {
            throw corrupt(what);
        }
    }

    private static AssertionError corrupt(final String what) {
        return new AssertionError("kernel model corrupt: " + what);
    }
}

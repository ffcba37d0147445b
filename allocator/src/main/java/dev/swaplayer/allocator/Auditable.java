package dev.swaplayer.allocator;

/**
 * An allocator that can audit its own internal structures: optional for a {@link SlotAllocator}. The stress
 * run and the benchmarks' tests call it at a quiescent point; an allocator without it (a plug-in, typically) is
 * audited from the outside only (an owner table of the slots handed out, and the used-slot count at the end).
 *
 * <p>Thread safety: as the implementation states; the built-in audits take the allocator's locks.
 */
public interface Auditable {

    /**
     * Checks every internal structure against the others. Costs O(slots); for tests and debugging.
     *
     * @throws AssertionError naming the first inconsistency found
     */
    void checkConsistency();
}

package dev.swaplayer.check;

import com.google.errorprone.annotations.Immutable;
import dev.swaplayer.allocator.SwapCountCall;
import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.spec.SwapResult;

/**
 * One slot's swap count and swap-cache pin as {@link SwapCounts} specifies them: the judge of the contested rounds'
 * swap-count calls ({@link #step}), and the moves that bring a slot just allocated to a given state ({@link #reach})
 * and back to free ({@link #release}).
 *
 * <p>Thread safety: immutable; {@link #reach}, {@link #read} and {@link #release} call the allocator from the
 * calling thread, on a slot that no other thread is using meanwhile.
 *
 * @param count the swap count (page-table references)
 * @param cached whether the swap cache pins the slot; a slot is free exactly when neither holds it
 */
@Immutable
record CountedSlot(long count, boolean cached) {
    /** A free slot. */
    static final CountedSlot FREE = new CountedSlot(0, false);
    /** A slot as {@code allocate} hands it out: count 0, its folio in the swap cache. */
    static final CountedSlot ALLOCATED = new CountedSlot(0, true);
    /** One reference, out of the swap cache: its next {@code put} frees it. */
    static final CountedSlot ONCE = new CountedSlot(1, false);

    /** The answer of a call that must be rejected: it throws, and changes nothing (INV-13). */
    static final Object REJECTED = new Object() {
        @Override
        public String toString() {
            return "rejected (IllegalStateException)";
        }
    };

    /**
     * What a call made on a slot in this state answers, and the state it leaves.
     *
     * @param answer the expected answer: a {@code Boolean} or {@code SwapResult}, or {@link #REJECTED}
     * @param after the state after the call
     */
    record Step(Object answer, CountedSlot after) { }

    /** Whether the slot is in use: referenced or pinned. */
    boolean inUse() {
        return count > 0 || cached;
    }

    /**
     * Makes the call on the model. A {@code dup} that the allocator answered NO_MEMORY (it could not have the
     * metadata a higher count needs) is taken as such: it changes nothing.
     *
     * @param call the call
     * @param actual what the allocator answered to it, for the one outcome the allocator may choose
     */
    Step step(final SwapCountCall call, final Object actual) {
        return switch (call) {
            case DUP -> !inUse() ? rejected()
                    : actual == SwapResult.NO_MEMORY ? new Step(SwapResult.NO_MEMORY, this)
                    : new Step(SwapResult.OK, new CountedSlot(count + 1, cached));
            case PUT -> count == 0 ? rejected() : freeing(new CountedSlot(count - 1, cached));
            case CACHE_ADD -> !inUse() ? new Step(SwapResult.NOT_IN_USE, this)
                    : cached ? new Step(SwapResult.ALREADY_CACHED, this)
                    : new Step(SwapResult.OK, new CountedSlot(count, true));
            case CACHE_DEL -> !cached ? rejected() : freeing(new CountedSlot(count, false));
        };
    }

    private Step rejected() {
        return new Step(REJECTED, this);
    }

    /** A put or cacheDel that leaves {@code after}: it answers whether that freed the slot. */
    private static Step freeing(final CountedSlot after) {
        return new Step(!after.inUse(), after);
    }

    /** Whether the allocator's answer is the model's. */
    static boolean matches(final Object actual, final Object expected) {
        return expected == REJECTED ? actual instanceof IllegalStateException
                || actual instanceof IllegalArgumentException : expected.equals(actual);
    }

    /** The slot's state as the allocator reports it. */
    static CountedSlot read(final SwapCounts counts, final long entry) {
        return new CountedSlot(counts.countOf(entry), counts.isCached(entry));
    }

    /**
     * Brings a slot as allocated ({@link #ALLOCATED}) to this state, which is in use: {@code dup}s, then the swap
     * cache's pin dropped when this state has none.
     *
     * @return true, or false when a {@code dup} was refused (NO_MEMORY); the slot is then free again
     */
    boolean reach(final SwapCounts counts, final long entry) {
        assert inUse() : "a state in use";
        for (long c = 0; c < count; c++) {
            if (counts.dup(entry) != SwapResult.OK) {
                new CountedSlot(c, true).release(counts, entry);
                return false;
            }
        }
        if (!cached) {
            counts.cacheDel(entry);
        }
        return true;
    }

    /**
     * Frees a slot in this state, as its owner would: its {@code put}s, then the swap cache's pin.
     *
     * @return null when only the last call freed it, else what went wrong
     */
    String release(final SwapCounts counts, final long entry) {
        CountedSlot s = this;
        while (s.inUse()) {
            final SwapCountCall call = s.count > 0 ? SwapCountCall.PUT : SwapCountCall.CACHE_DEL;
            final Step want = s.step(call, null);
            final Object got = call.on(counts, entry);
            if (!matches(got, want.answer)) {
                return call.of(entry) + " at " + s + " answered " + got + " (expected: " + want.answer + ")";
            }
            s = want.after;
        }
        return null;
    }

    /** In words: "free", or "count 1, in the swap cache". */
    @Override
    public String toString() {
        return inUse() ? "count " + count + (cached ? ", in the swap cache" : ", out of the swap cache") : "free";
    }
}

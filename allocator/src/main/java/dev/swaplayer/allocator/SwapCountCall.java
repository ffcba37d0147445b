package dev.swaplayer.allocator;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.SwapSpaceModel;

/**
 * The four {@link SwapCounts} calls, as values: for the checks that choose a call at random, make it on an allocator
 * and on the specification's model alike, and name it in a message. The one place that maps a call to its method.
 *
 * <p>Thread safety: immutable; a call made is as thread-safe as the object it is made on.
 */
public enum SwapCountCall {
    /** {@link SwapCounts#dup}: a reference added (fork). */
    DUP("dup"),
    /** {@link SwapCounts#put}: a reference dropped (unmap). */
    PUT("put"),
    /** {@link SwapCounts#cacheAdd}: the swap cache's pin taken ({@code swapcache_prepare}). */
    CACHE_ADD("cacheAdd"),
    /** {@link SwapCounts#cacheDel}: the swap cache's pin dropped. */
    CACHE_DEL("cacheDel");

    private final String method;

    SwapCountCall(final String method) {
        this.method = method;
    }

    /** Returns the method's name, as in {@code dup}. */
    public String method() {
        return method;
    }

    /**
     * Returns the call in Java, as in {@code dup(swp(1:0x2a))}.
     *
     * @param entry the slot's entry
     */
    public String of(final long entry) {
        return method + "(" + SwapEntry.toString(entry) + ")";
    }

    /**
     * Makes the call on an allocator's counts.
     *
     * @param counts the counts
     * @param entry the slot's entry
     * @return what the call returned: a {@link dev.swaplayer.spec.SwapResult} or a {@code Boolean}
     */
    public Object on(final SwapCounts counts, final long entry) {
        return switch (this) {
            case DUP -> counts.dup(entry);
            case PUT -> counts.put(entry);
            case CACHE_ADD -> counts.cacheAdd(entry);
            case CACHE_DEL -> counts.cacheDel(entry);
        };
    }

    /**
     * Makes the call on the specification's model.
     *
     * @param model the model
     * @param slot the slot's offset
     * @return what the specification returns: a {@link dev.swaplayer.spec.SwapResult} or a {@code Boolean}
     */
    public Object on(final SwapSpaceModel model, final long slot) {
        return switch (this) {
            case DUP -> model.dup(slot);
            case PUT -> model.put(slot);
            case CACHE_ADD -> model.cacheAdd(slot);
            case CACHE_DEL -> model.cacheDel(slot);
        };
    }
}

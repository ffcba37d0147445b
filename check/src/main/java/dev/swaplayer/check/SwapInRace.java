package dev.swaplayer.check;

import dev.swaplayer.allocator.SwapCountCall;
import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.spec.SwapResult;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * The contested round of three calls: a swap-in racing the last unmap of its slot. The slot starts at count 1, out
 * of the swap cache. Thread 0 drops the last reference ({@code put}); thread 1 pins the slot in the swap cache
 * ({@code cacheAdd}, the kernel's {@code swapcache_prepare}) and, when that answered OK, lets the pin go again
 * ({@code cacheDel}, its read done). The answers and the slot's end state must be those of one of the three orders
 * that keep thread 1's calls in turn:
 * <pre>
 *   put, cacheAdd            true (freed), NOT_IN_USE, no cacheDel      then free
 *   cacheAdd, put, cacheDel  OK, false, true (the cacheDel frees)       then free
 *   cacheAdd, cacheDel, put  OK, false, true (the put frees)            then free
 * </pre>
 * A {@code put} that drops the count under its lock, lets go, and takes the lock again to release the slot frees it a
 * second time when the pin came and went in between: the {@code put} and the {@code cacheDel} both answer true. Two
 * calls, one per thread, cannot show this; the two-call rounds ({@link ContestedCalls}) cover the rest.
 *
 * <p>Thread safety: stateless; {@link #swapIn} calls the allocator from the calling thread.
 */
final class SwapInRace {
    private SwapInRace() {
    }

    /**
     * What thread 1 answered.
     *
     * @param add its {@code cacheAdd}'s answer, or what it threw
     * @param del its {@code cacheDel}'s answer, or what it threw; null when its {@code cacheAdd} did not answer OK
     *     and it made none
     */
    record SwapIn(Object add, Object del) {
        @Override
        public String toString() {
            return shown(add) + " from the cacheAdd" + (del == null ? " (no cacheDel)" : ", " + shown(del)
                    + " from the cacheDel");
        }
    }

    /**
     * An answer in words: a rejection by its class alone (its message differs with the slot's state, the class does
     * not), anything else thrown in full.
     */
    static String shown(final Object answer) {
        if (answer instanceof IllegalStateException || answer instanceof IllegalArgumentException) {
            return "rejected (" + answer.getClass().getSimpleName() + ")";
        }
        return answer instanceof Throwable t ? "threw " + t : String.valueOf(answer);
    }

    /** Thread 1's calls: the pin, and its release once the pin was had. */
    static SwapIn swapIn(final SwapCounts counts, final long entry) {
        final Object add = answer(() -> counts.cacheAdd(entry));
        return new SwapIn(add, add == SwapResult.OK ? answer(() -> counts.cacheDel(entry)) : null);
    }

    private static Object answer(final Supplier<Object> call) {
        try {
            return call.get();
        } catch (final RuntimeException | Error e) {
            return e;
        }
    }

    /**
     * Judges a round.
     *
     * @param start the slot's state before the round
     * @param put thread 0's answer
     * @param in thread 1's answers
     * @param end the slot's state read after the round
     * @return null when one of the orders gives these answers and this end state, else those orders' outcomes in words
     */
    static String unexplained(final CountedSlot start, final Object put, final SwapIn in, final CountedSlot end) {
        final List<String> expected = new ArrayList<>();
        for (int at = 0; at <= 2; at++) {
            final Order o = Order.of(start, at);
            if (o.matches(put, in, end)) {
                return null;
            }
            expected.add(o.toString());
        }
        return String.join("; or ", expected);
    }

    /**
     * One order of the three calls, as the model answers it.
     *
     * @param at where the put falls among thread 1's calls: 0 first, 1 between, 2 last
     * @param put the model's answer to the put
     * @param add the model's answer to the cacheAdd
     * @param del the model's answer to the cacheDel; null when the model's cacheAdd did not answer OK
     * @param end the slot's state after the three
     */
    private record Order(int at, Object put, Object add, Object del, CountedSlot end) {
        static Order of(final CountedSlot start, final int at) {
            CountedSlot s = start;
            Object put = null;
            Object add = null;
            Object del = null;
            for (int i = 0; i <= 2; i++) {
                if (i == at) {
                    final CountedSlot.Step p = s.step(SwapCountCall.PUT, null);
                    put = p.answer();
                    s = p.after();
                } else if (add == null) {
                    final CountedSlot.Step a = s.step(SwapCountCall.CACHE_ADD, null);
                    add = a.answer();
                    s = a.after();
                } else if (add == SwapResult.OK) {
                    final CountedSlot.Step d = s.step(SwapCountCall.CACHE_DEL, null);
                    del = d.answer();
                    s = d.after();
                }
            }
            return new Order(at, put, add, del, s);
        }

        boolean matches(final Object p, final SwapIn in, final CountedSlot state) {
            return CountedSlot.matches(p, put) && CountedSlot.matches(in.add(), add)
                    && (del == null ? in.del() == null : in.del() != null && CountedSlot.matches(in.del(), del))
                    && state.equals(end);
        }

        @Override
        public String toString() {
            final String order = switch (at) {
                case 0 -> "the put first";
                case 1 -> "the put between";
                default -> "the put last";
            };
            return shown(put) + " from the put, " + new SwapIn(add, del) + ", then " + end + ", with " + order;
        }
    }
}

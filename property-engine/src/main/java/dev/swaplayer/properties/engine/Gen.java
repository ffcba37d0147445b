package dev.swaplayer.properties.engine;

import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Implementations are expected to be immutable (all state of one draw lives in the
 * {@link Source}), so one generator may be shared freely; a generator of values of type
 * {@code T}.
 *
 * <p>A generator must take every random decision from the source: that is what makes a test
 * case reproducible from its seed and shrinkable by editing its recorded choices. Raw choice 0
 * should produce the simplest value.
 *
 * <p>Thread safety: implementations must be immutable, so that one generator may be shared
 * between threads and runs.
 *
 * @param <T> the type of generated values
 */
@FunctionalInterface
public interface Gen<T> {

    /** How many consecutive values {@link #filter} rejects before giving up. */
    int FILTER_RETRIES = 100;

    /**
     * Draws one value.
     *
     * @param source the choices to draw from
     * @return the generated value
     */
    T generate(Source source);

    /**
     * Returns a generator applying {@code f} to every value of this one; shrinks like this one.
     *
     * @param f the mapping, a pure function
     * @param <R> the type of mapped values
     * @return the mapped generator
     */
    default <R> Gen<R> map(final Function<? super T, ? extends R> f) {
        Objects.requireNonNull(f, "f");
        return source -> f.apply(generate(source));
    }

    /**
     * Returns a generator of the values of this one that satisfy {@code p}. It redraws up to
     * {@value #FILTER_RETRIES} times, then fails with an {@link IllegalStateException} saying so;
     * prefer constructing valid values over filtering rare ones.
     *
     * @param p the predicate values must satisfy
     * @return the filtered generator
     */
    default Gen<T> filter(final Predicate<? super T> p) {
        Objects.requireNonNull(p, "p");
        return source -> {
            T last = null;
            for (int i = 0; i < FILTER_RETRIES; i++) {
                last = generate(source);
                if (p.test(last)) {
                    return last;
                }
            }
            throw new GenerationException("filter rejected " + FILTER_RETRIES
                    + " consecutive generated values (last: " + Show.value(last)
                    + "); generate valid values directly instead of filtering");
        };
    }

    /**
     * Returns a generator that draws a value of this one, then a value of the generator
     * {@code f} makes of it.
     *
     * @param f makes the second generator from the first value
     * @param <R> the type of the resulting values
     * @return the dependent generator
     */
    default <R> Gen<R> flatMap(final Function<? super T, Gen<R>> f) {
        Objects.requireNonNull(f, "f");
        return source -> f.apply(generate(source)).generate(source);
    }
}

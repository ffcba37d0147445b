package dev.swaplayer.properties.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;

/**
 * Immutable factory (static methods only) of the basic generators; every generator returned is
 * immutable and may be shared.
 *
 * <p>Thread safety: stateless; the generators it returns are immutable and may be shared.
 */
public final class Gens {

    private Gens() {
    }

    /**
     * Integers in {@code [minInclusive, maxInclusive]}, biased toward the edges and small
     * values; shrinks toward 0 if the range contains it, else toward {@code minInclusive}.
     *
     * @param minInclusive the smallest value
     * @param maxInclusive the largest value
     * @return the generator
     * @throws IllegalArgumentException if the range is empty
     */
    public static Gen<Integer> ints(final int minInclusive, final int maxInclusive) {
        Integral range = new Integral(minInclusive, maxInclusive);
        return source -> (int) range.draw(source);
    }

    /**
     * Longs in {@code [minInclusive, maxInclusive]}; shrinks like {@link #ints}.
     *
     * @param minInclusive the smallest value
     * @param maxInclusive the largest value
     * @return the generator
     * @throws IllegalArgumentException if the range is empty
     */
    public static Gen<Long> longs(final long minInclusive, final long maxInclusive) {
        Integral range = new Integral(minInclusive, maxInclusive);
        return range::draw;
    }

    /**
     * Allocation orders {@code 0..maxOrder}; shrinks toward 0.
     *
     * @param maxOrder the largest order, non-negative
     * @return the generator
     * @throws IllegalArgumentException if {@code maxOrder < 0}
     */
    public static Gen<Integer> orders(final int maxOrder) {
        if (maxOrder < 0) {
            throw new IllegalArgumentException("maxOrder must be non-negative: " + maxOrder);
        }
        return ints(0, maxOrder);
    }

    /**
     * Booleans; shrinks toward {@code false}.
     *
     * @return the generator
     */
    public static Gen<Boolean> booleans() {
        return source -> source.drawUniform(1) == 1;
    }

    /**
     * Always {@code value}; draws no choice.
     *
     * @param value the value
     * @param <T> its type
     * @return the generator
     */
    public static <T> Gen<T> constant(final T value) {
        return source -> value;
    }

    /**
     * One of {@code values}, uniformly; shrinks toward the first.
     *
     * @param values the candidates, at least one
     * @param <T> their type
     * @return the generator
     * @throws IllegalArgumentException if {@code values} is empty
     */
    @SafeVarargs
    public static <T> Gen<T> elements(final T... values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("elements() needs at least one value");
        }
        List<T> copy = new ArrayList<>(values.length);
        for (T value : values) {
            copy.add(value);
        }
        return source -> copy.get((int) source.drawUniform(copy.size() - 1));
    }

    /**
     * A value of one of {@code gens}, picked uniformly; shrinks toward the first generator.
     *
     * @param gens the generators, at least one
     * @param <T> the type of generated values
     * @return the generator
     * @throws IllegalArgumentException if {@code gens} is empty
     */
    @SafeVarargs
    public static <T> Gen<T> oneOf(final Gen<? extends T>... gens) {
        if (gens.length == 0) {
            throw new IllegalArgumentException("oneOf() needs at least one generator");
        }
        List<Gen<? extends T>> copy = new ArrayList<>(gens.length);
        for (Gen<? extends T> gen : gens) {
            copy.add(Objects.requireNonNull(gen, "gen"));
        }
        return source -> copy.get((int) source.drawUniform(copy.size() - 1)).generate(source);
    }

    /**
     * Starts a weighted choice: {@code Gens.<T>weighted().add(9, a).add(1, b).build()}.
     *
     * @param <T> the type of generated values
     * @return a new builder
     */
    public static <T> Weighted<T> weighted() {
        return new Weighted<>();
    }

    /**
     * Lists of {@code minSize..maxSize} elements (unmodifiable); shrinks by dropping elements
     * and simplifying the rest.
     *
     * @param element the element generator
     * @param minSize the smallest size, non-negative
     * @param maxSize the largest size, at least {@code minSize}
     * @param <T> the element type
     * @return the generator
     * @throws IllegalArgumentException if the sizes are invalid
     */
    public static <T> Gen<List<T>> lists(final Gen<T> element, final int minSize, final int maxSize) {
        Objects.requireNonNull(element, "element");
        if (minSize < 0 || maxSize < minSize) {
            throw new IllegalArgumentException("invalid sizes [" + minSize + ", " + maxSize + "]");
        }
        long span = (long) maxSize - minSize;
        long[] specials = span >= 1 ? new long[] {0, 1, span} : new long[] {0};
        return source -> {
            int lengthIndex = source.position();
            int size = minSize + (int) source.drawBiased(span, specials);
            Source.ListRecorder recorder = source.openList(lengthIndex);
            List<T> list = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                int start = source.position();
                list.add(element.generate(source));
                recorder.element(start, source.position(), true);
            }
            return Collections.unmodifiableList(list);
        };
    }

    /**
     * Pairs a value of {@code a} with a value of {@code b} (drawn in that order) through
     * {@code f}.
     *
     * @param a the first generator
     * @param b the second generator
     * @param f combines the two values
     * @param <A> the first type
     * @param <B> the second type
     * @param <R> the combined type
     * @return the generator
     */
    public static <A, B, R> Gen<R> zip(final Gen<A> a, final Gen<B> b, final BiFunction<A, B, R> f) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(f, "f");
        return source -> {
            A first = a.generate(source);
            return f.apply(first, b.generate(source));
        };
    }
}

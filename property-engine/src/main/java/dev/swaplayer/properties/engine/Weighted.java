package dev.swaplayer.properties.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Not thread-safe; a builder of a weighted choice between generators, used from one thread,
 * whose {@link #build() built} generator is immutable.
 *
 * <p>Each option is picked with probability {@code weight / sum of weights}; shrinking moves
 * toward the option added first.
 *
 * @param <T> the type of generated values
 */
public final class Weighted<T> {

    private final List<Gen<? extends T>> options = new ArrayList<>();
    private final List<Integer> weights = new ArrayList<>();

    Weighted() {
    }

    /**
     * Adds an option.
     *
     * @param weight the option's relative weight, positive
     * @param gen the option's generator
     * @return this builder
     * @throws IllegalArgumentException if {@code weight <= 0}
     */
    public Weighted<T> add(final int weight, final Gen<? extends T> gen) {
        if (weight <= 0) {
            throw new IllegalArgumentException("weight must be positive: " + weight);
        }
        options.add(Objects.requireNonNull(gen, "gen"));
        weights.add(weight);
        return this;
    }

    /**
     * Builds the weighted generator; later changes to this builder do not affect it.
     *
     * @return the generator
     * @throws IllegalStateException if no option was added
     */
    public Gen<T> build() {
        if (options.isEmpty()) {
            throw new IllegalStateException("a weighted choice needs at least one option");
        }
        List<Gen<? extends T>> gens = List.copyOf(options);
        int[] w = weights.stream().mapToInt(Integer::intValue).toArray();
        long total = 0;
        for (int weight : w) {
            total += weight;
        }
        long sum = total;
        return source -> gens.get(source.drawWeighted(w, sum)).generate(source);
    }
}

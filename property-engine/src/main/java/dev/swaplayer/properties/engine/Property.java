package dev.swaplayer.properties.engine;

import java.util.Objects;

/**
 * Immutable entry point (static methods only) of value properties; see {@link Stateful} for
 * action sequences.
 *
 * <pre>{@code
 * Property.forAll("free of a fresh slot fails", Gens.ints(0, 63))
 *         .tries(500)
 *         .check(slot -> assertThrows(IllegalStateException.class, () -> allocator.free(slot)));
 * }</pre>
 *
 * <p>Thread safety: stateless; each check runs on the calling thread.
 */
public final class Property {

    private Property() {
    }

    /**
     * A random-mode property over the values of {@code gen}: seeded, shrinking, replayable.
     *
     * @param name the property's name, used in reports and to remember its failing seed
     * @param gen the generator of values
     * @param <T> the type of values
     * @return the property, to configure and {@link ForAll#check check}
     */
    public static <T> ForAll<T> forAll(final String name, final Gen<T> gen) {
        return new ForAll<>(Objects.requireNonNull(name, "name"), Objects.requireNonNull(gen, "gen"), null);
    }

    /**
     * An exhaustive property: checks every value of {@code domain} once, in order, without
     * randomness; reports the first failing value (not shrunk). Tries and seeds do not apply.
     *
     * @param name the property's name
     * @param domain the values to check, e.g. {@code List.of(0, 1, 2)}
     * @param <T> the type of values
     * @return the property, to configure and {@link ForAll#check check}
     */
    public static <T> ForAll<T> exhaustive(final String name, final Iterable<T> domain) {
        return new ForAll<>(Objects.requireNonNull(name, "name"), null, Objects.requireNonNull(domain, "domain"));
    }
}

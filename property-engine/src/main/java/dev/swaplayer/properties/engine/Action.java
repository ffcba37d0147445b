package dev.swaplayer.properties.engine;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * Implementations are expected to be immutable (the mutable state is the {@code S} passed in),
 * since the engine regenerates and reruns actions while shrinking; one step of a
 * {@link Stateful} test.
 *
 * <p>An action carries its raw arguments (drawn by its generator independently of the state)
 * and interprets them against the state inside {@link #run}, asserting postconditions there.
 *
 * <p>Thread safety: implementations must be immutable (the engine shares and reruns them while
 * shrinking); the state they act on belongs to one run.
 *
 * @param <S> the type of the state (system under test plus model)
 */
public interface Action<S> {

    /**
     * Says whether the action may run in {@code state}; if not, it is skipped and does not
     * count as a step. Rechecked on every replay while shrinking.
     *
     * @param state the current state
     * @return {@code true} to run the action
     */
    default boolean precondition(final S state) {
        return true;
    }

    /**
     * Runs the action and asserts its postconditions; any throwable fails the test.
     *
     * @param state the current state
     * @throws Throwable when a postcondition does not hold
     */
    void run(S state) throws Throwable;

    /**
     * Describes the action with its arguments, e.g. {@code free(32)}; used in the listing of a
     * counterexample.
     *
     * @return the description
     */
    @Override
    String toString();

    /**
     * Returns an action described by {@code description} that runs {@code body}.
     *
     * @param description the text of the action, e.g. {@code alloc()}
     * @param body the action's body
     * @param <S> the state type
     * @return the action
     */
    static <S> Action<S> of(final String description, final Check<? super S> body) {
        return of(description, state -> true, body);
    }

    /**
     * Returns an action described by {@code description}, enabled when {@code precondition}
     * holds, that runs {@code body}.
     *
     * @param description the text of the action, e.g. {@code free(3)}
     * @param precondition when the action may run
     * @param body the action's body
     * @param <S> the state type
     * @return the action
     */
    static <S> Action<S> of(final String description, final Predicate<? super S> precondition,
            final Check<? super S> body) {
        return new NamedAction<>(Objects.requireNonNull(description, "description"),
                Objects.requireNonNull(precondition, "precondition"), Objects.requireNonNull(body, "body"));
    }
}

package dev.swaplayer.properties.engine;

import java.util.function.Predicate;

/**
 * Immutable action made of a description, a precondition and a body (see {@link Action#of}).
 *
 * <p>Thread safety: immutable.
 */
final class NamedAction<S> implements Action<S> {

    private final String description;
    private final Predicate<? super S> precondition;
    private final Check<? super S> body;

    NamedAction(final String description, final Predicate<? super S> precondition, final Check<? super S> body) {
        this.description = description;
        this.precondition = precondition;
        this.body = body;
    }

    @Override
    public boolean precondition(final S state) {
        return precondition.test(state);
    }

    @Override
    public void run(final S state) throws Throwable {
        body.accept(state);
    }

    @Override
    public String toString() {
        return description;
    }
}

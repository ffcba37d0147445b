package dev.swaplayer.properties.engine;

/**
 * Implementations are not thread-safe and serve one property run; one kind of test case (a
 * value property or an action sequence) run from a {@link Source}.
 */
interface Trial {

    /**
     * Generates and checks one test case, catching its failure (except a
     * {@link VirtualMachineError}, which propagates).
     */
    Outcome run(Source source);

    /** The unit in which {@link Outcome#size()} counts, e.g. {@code "steps"}. */
    String unit();
}

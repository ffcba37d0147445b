package dev.swaplayer.properties.engine;

/**
 * Thread safety is the implementation's concern: the engine calls it only from the thread
 * running the property; a property body checked against one value.
 *
 * <p>Returning normally means the value satisfies the property; throwing anything (an
 * {@link AssertionError}, an exception) means it does not. A JUnit assumption failure
 * ({@code org.opentest4j.TestAbortedException}) discards the value instead.
 *
 * @param <T> the type of checked values
 */
@FunctionalInterface
public interface Check<T> {

    /**
     * Checks the property for one value.
     *
     * @param value the generated value
     * @throws Throwable when the property does not hold
     */
    void accept(T value) throws Throwable;
}

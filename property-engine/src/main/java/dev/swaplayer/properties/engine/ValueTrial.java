package dev.swaplayer.properties.engine;

import java.util.List;
import org.opentest4j.TestAbortedException;

/** Not thread-safe; runs a value property on one generated value per test case. */
final class ValueTrial<T> implements Trial {

    private final Gen<T> gen;
    private final Check<T> property;

    ValueTrial(final Gen<T> gen, final Check<T> property) {
        this.gen = gen;
        this.property = property;
    }

    @Override
    public Outcome run(final Source source) {
        T value;
        try {
            value = gen.generate(source);
        } catch (GenerationException e) {
            return Outcome.of(Outcome.Status.INVALID, source.recording(), e);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            return new Outcome(Outcome.Status.FAILED, t, source.recording(), source.position(), null,
                    List.of("(generating the value failed)"), "generator threw");
        }
        Recording recording = source.recording();
        return check(property, value, recording, recording.size());
    }

    @Override
    public String unit() {
        return "choices";
    }

    /** Checks {@code property} on {@code value}, classifying what it throws. */
    static <T> Outcome check(final Check<T> property, final T value, final Recording recording, final int size) {
        try {
            property.accept(value);
            return Outcome.of(Outcome.Status.PASSED, recording, null);
        } catch (TestAbortedException e) {
            return Outcome.of(Outcome.Status.DISCARDED, recording, e);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            return new Outcome(Outcome.Status.FAILED, t, recording, size, value, List.of(Show.value(value)), null);
        }
    }
}

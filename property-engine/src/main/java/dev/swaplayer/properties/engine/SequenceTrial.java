package dev.swaplayer.properties.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.opentest4j.TestAbortedException;

/** Not thread-safe; runs one action sequence of a {@link Stateful} property per test case. */
final class SequenceTrial<S> implements Trial {

    /** Consecutive skipped actions after which a sequence ends early. */
    static final int MAX_CONSECUTIVE_SKIPS = 100;

    private final Supplier<S> initialState;
    private final Gen<? extends Action<S>> actions;
    private final List<Invariant<S>> invariants;
    private final int maxSteps;

    SequenceTrial(final Supplier<S> initialState, final Gen<? extends Action<S>> actions,
            final List<Invariant<S>> invariants,
            final int maxSteps) {
        this.initialState = initialState;
        this.actions = actions;
        this.invariants = invariants;
        this.maxSteps = maxSteps;
    }

    @Override
    public String unit() {
        return "steps";
    }

    @Override
    public Outcome run(final Source source) {
        List<String> steps = new ArrayList<>();
        try {
            return runSteps(source, steps);
        } catch (StepFailure f) {
            return f.outcome(source, steps);
        } catch (GenerationException e) {
            return Outcome.of(Outcome.Status.INVALID, source.recording(), e);
        } catch (TestAbortedException e) {
            return Outcome.of(Outcome.Status.DISCARDED, source.recording(), e);
        }
    }

    private Outcome runSteps(final Source source, final List<String> steps) {
        S state = attempt("creating the initial state", initialState::get);
        checkInvariants(state, "on the initial state");
        int lengthIndex = source.position();
        long length = source.drawBiased(maxSteps, maxSteps);
        Source.ListRecorder recorder = source.openList(lengthIndex);
        int skips = 0;
        while (steps.size() < length && skips < MAX_CONSECUTIVE_SKIPS) {
            int start = source.position();
            int number = steps.size() + 1;
            Action<S> action = attempt("generating step " + number, () -> actions.generate(source));
            if (!attempt("the precondition of " + describe(action), () -> action.precondition(state))) {
                recorder.element(start, source.position(), false);
                skips++;
                continue;
            }
            skips = 0;
            recorder.element(start, source.position(), true);
            String text = describe(action);
            steps.add(text);
            attempt("step " + number + " " + text + " threw", () -> {
                action.run(state);
                return null;
            });
            checkInvariants(state, "after step " + number + " " + text);
        }
        return new Outcome(Outcome.Status.PASSED, null, source.recording(), steps.size(), null, List.of(), null);
    }

    private void checkInvariants(final S state, final String when) {
        for (Invariant<S> invariant : invariants) {
            attempt("invariant \"" + invariant.label + "\" failed " + when, () -> {
                invariant.check.accept(state);
                return null;
            });
        }
    }

    private static <R> R attempt(final String site, final Body<R> body) {
        try {
            return body.run();
        } catch (GenerationException | TestAbortedException | VirtualMachineError e) {
            throw e;
        } catch (Throwable t) {
            throw new StepFailure(site, t);
        }
    }

    private static String describe(final Object action) {
        return Show.value(action);
    }

    /** A piece of user code run under {@link #attempt}. */
    @FunctionalInterface
    private interface Body<R> {
        R run() throws Throwable;
    }

    /** Immutable invariant: a label and its check. */
    static final class Invariant<S> {
        private final String label;
        private final Consumer<S> check;

        Invariant(final String label, final Consumer<S> check) {
            this.label = label;
            this.check = check;
        }
    }

    /** Immutable internal signal carrying a failure of user code out of the step loop. */
    private static final class StepFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final String site;
        private final transient Throwable failure;

        StepFailure(final String site, final Throwable failure) {
            super(site, null, false, false);
            this.site = site;
            this.failure = failure;
        }

        Outcome outcome(final Source source, final List<String> steps) {
            List<String> lines = new ArrayList<>(steps.size());
            for (int i = 0; i < steps.size(); i++) {
                lines.add((i + 1) + ". " + steps.get(i));
            }
            return new Outcome(Outcome.Status.FAILED, failure, source.recording(), steps.size(),
                    List.copyOf(steps), lines, site);
        }
    }
}

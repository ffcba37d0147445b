package dev.swaplayer.properties.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Not thread-safe (JUnit runs it on one thread).
 * Preconditions skip actions; invariants run after the initial state and every step.
 */
@ExtendWith(CleanSystemProperties.class)
class StatefulTest {

    /** A counter with a log of what ran and when the invariant was checked. */
    static final class Counter {
        int value;
        final List<String> log = new ArrayList<>();
    }

    private static final Action<Counter> INC = Action.of("inc()", c -> {
        c.value++;
        c.log.add("inc");
    });

    private static final Action<Counter> DEC = Action.of("dec()", c -> c.value > 0, c -> {
        c.value--;
        c.log.add("dec");
    });

    private static final Gen<Action<Counter>> INC_OR_DEC = Gens.oneOf(Gens.constant(DEC), Gens.constant(INC));

    @Test
    void actionsWhosePreconditionFailsAreSkipped() {
        List<Counter> states = new ArrayList<>();
        Stateful.of("never negative", () -> {
            Counter c = new Counter();
            states.add(c);
            return c;
        }, INC_OR_DEC)
                .seed(11).tries(100).steps(30).failureStore(FailureStore.NONE)
                .invariant("non-negative", c -> assertTrue(c.value >= 0))
                .check();

        assertEquals(100, states.size());
        int decs = 0;
        for (Counter c : states) {
            int value = 0;
            for (String step : c.log) {
                value += step.equals("inc") ? 1 : -1;
                assertTrue(value >= 0, "a dec ran on zero: " + c.log);
            }
            decs += (int) c.log.stream().filter("dec"::equals).count();
            assertTrue(c.log.size() <= 30, "skipped actions are not steps, and steps are capped");
        }
        assertTrue(decs > 100, "decrements ran when enabled");
    }

    @Test
    void skippedActionsAreNotListedInTheCounterexample() {
        PropertyFailure failure = assertThrows(PropertyFailure.class,
                () -> Stateful.of("value below 2", Counter::new, INC_OR_DEC)
                .seed(4).failureStore(FailureStore.NONE)
                .invariant("value < 2", c -> assertTrue(c.value < 2, "value is " + c.value))
                .check());

        assertEquals(List.of("inc()", "inc()"), failure.steps());
        String report = failure.getMessage();
        assertTrue(report.contains("Failure: invariant \"value < 2\" failed after step 2 inc(): "), report);
        assertTrue(report.contains("value is 2"), report);
    }

    @Test
    void invariantsRunOnTheInitialStateAndAfterEveryStep() {
        List<String> checks = new ArrayList<>();
        Stateful.of("logs", Counter::new, Gens.constant(INC))
                .seed(1).tries(1).steps(5).failureStore(FailureStore.NONE)
                .invariant("logged", c -> checks.add("after " + c.log.size()))
                .check();

        assertFalse(checks.isEmpty());
        for (int i = 0; i < checks.size(); i++) {
            assertEquals("after " + i, checks.get(i));
        }
    }

    @Test
    void anInvariantFailingOnTheInitialStateIsReportedWithNoSteps() {
        PropertyFailure failure = assertThrows(PropertyFailure.class,
                () -> Stateful.of("bad start", Counter::new, Gens.constant(INC))
                .seed(1).failureStore(FailureStore.NONE)
                .invariant("starts at one", c -> assertEquals(1, c.value))
                .check());

        assertEquals(List.of(), failure.steps());
        assertEquals(0, failure.shrunkSize());
        assertTrue(failure.getMessage().contains("  (no steps)\n"), failure.getMessage());
        assertTrue(failure.getMessage().contains("Failure: invariant \"starts at one\" failed on the initial state: "),
                failure.getMessage());
    }

    @Test
    void exceptionsFromActionsAreFailuresWithTheirMessage() {
        Action<Counter> boom = Action.of("boom(3)", c -> {
            if (c.value == 3) {
                throw new IllegalStateException("exploded at 3");
            }
        });
        PropertyFailure failure = assertThrows(PropertyFailure.class, () -> Stateful.of("boom", Counter::new,
                        Gens.oneOf(Gens.constant(boom), Gens.constant(INC)))
                .seed(8).failureStore(FailureStore.NONE)
                .check());

        assertEquals(List.of("inc()", "inc()", "inc()", "boom(3)"), failure.steps());
        assertTrue(failure.getMessage().contains(
                "Failure: step 4 boom(3) threw: java.lang.IllegalStateException: exploded at 3"),
                failure.getMessage());
        assertEquals(IllegalStateException.class, failure.getCause().getClass());
    }

    @Test
    void virtualMachineErrorsPropagate() {
        Action<Counter> oom = Action.of("oom()", c -> {
            throw new OutOfMemoryError("simulated");
        });
        OutOfMemoryError error = assertThrows(OutOfMemoryError.class,
                () -> Stateful.of("oom", Counter::new, Gens.constant(oom))
                .seed(1).failureStore(FailureStore.NONE).check());
        assertEquals("simulated", error.getMessage());
    }

    @Test
    void shrinkingStopsAtTheAttemptLimitAndSaysSo() {
        PropertyFailure failure = assertThrows(PropertyFailure.class,
                () -> Stateful.of("value below 2, no budget", Counter::new,
                        INC_OR_DEC)
                .seed(4).shrinkAttempts(1).failureStore(FailureStore.NONE)
                .invariant("value < 2", c -> assertTrue(c.value < 2))
                .check());

        assertTrue(failure.getMessage().contains("stopped at the attempt limit 1"), failure.getMessage());
        assertEquals(failure.originalSize(), failure.shrunkSize());
        assertEquals(Optional.of("attempt limit 1"), failure.shrinkStoppedBy());
    }

    @Test
    void aCounterexampleShrunkToTheEnd_saysNothingStoppedIt() {
        PropertyFailure failure = assertThrows(PropertyFailure.class,
                () -> Stateful.of("value below 2", Counter::new, INC_OR_DEC)
                .seed(4).failureStore(FailureStore.NONE)
                .invariant("value < 2", c -> assertTrue(c.value < 2))
                .check());

        assertEquals(Optional.empty(), failure.shrinkStoppedBy(), failure.getMessage());
        assertEquals(List.of("inc()", "inc()"), failure.steps());
    }

    @Test
    void aFlakyFailureIsReportedUnshrunk() {
        int[] calls = {0};
        PropertyFailure failure = assertThrows(PropertyFailure.class, () -> Stateful.of("flaky", Counter::new,
                        Gens.constant(Action.<Counter>of("flip()", c -> assertTrue(++calls[0] != 5))))
                .seed(1).failureStore(FailureStore.NONE)
                .check());

        assertTrue(failure.getMessage().contains("not shrunk: the failure did not reproduce"), failure.getMessage());
    }
}

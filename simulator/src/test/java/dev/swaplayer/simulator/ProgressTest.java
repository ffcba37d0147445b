package dev.swaplayer.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Plain progress lines for a run whose stderr is not a terminal, on a clock the test moves.
 *
 * <p>Thread safety: each test feeds its own progress from JUnit's one thread, on a clock of its own that only that
 * thread moves.
 */
class ProgressTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void lines_longRun_aLineEveryTenSeconds_onlyOnTheGivenStream() {
        final AtomicLong clock = new AtomicLong(5 * SECOND);
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (Progress p = new Progress("swaplayer stress", 1_000_000, "operations", Progress.Mode.LINES,
                new PrintStream(err, true, StandardCharsets.UTF_8), clock::get)) {
            p.accept(100_000);
            clock.addAndGet(9 * SECOND);
            p.accept(100_000);
            assertEquals("", err.toString(StandardCharsets.UTF_8), "nothing in the first 10 s");
            clock.addAndGet(SECOND);
            p.accept(100_000);
            clock.addAndGet(5 * SECOND);
            p.accept(100_000);
            clock.addAndGet(5 * SECOND);
            p.accept(120_000);
            clock.addAndGet(30 * SECOND);
            p.accept(580_000); // done: no line for 100%
        }
        assertEquals(List.of("swaplayer stress: 30% (300,000 of 1,000,000 operations), 10 s",
                "swaplayer stress: 52% (520,000 of 1,000,000 operations), 20 s"),
                err.toString(StandardCharsets.UTF_8).lines().toList());
    }

    @Test
    void off_andShortRuns_printNothing() {
        final AtomicLong clock = new AtomicLong();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (Progress off = new Progress("t", 10, "pages", Progress.Mode.OFF,
                new PrintStream(err, true, StandardCharsets.UTF_8), clock::get)) {
            clock.addAndGet(60 * SECOND);
            off.accept(5);
            assertEquals(5, off.done());
        }
        try (Progress shortRun = new Progress("t", 10, "pages", Progress.Mode.LINES,
                new PrintStream(err, true, StandardCharsets.UTF_8), clock::get)) {
            clock.addAndGet(2 * SECOND);
            shortRun.accept(10);
        }
        assertEquals("", err.toString(StandardCharsets.UTF_8));
    }
}

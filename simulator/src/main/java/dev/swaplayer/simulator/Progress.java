package dev.swaplayer.simulator;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Progress of a long run on stderr, never on stdout (so {@code --json} output stays clean). On a terminal a
 * progress bar appears once the run has taken longer than {@link #DELAY}; when stderr is not a terminal (a
 * log, CI) a plain line such as {@code swaplayer stress: 42% (420,000 of 1,000,000 operations), 20 s} is
 * printed once the run has taken {@link #LINE_EVERY}, and again every {@link #LINE_EVERY}, so that short runs
 * print nothing. {@code --quiet} turns both off.
 *
 * <p>Thread safety: not thread-safe; feed it from one thread.
 */
public final class Progress implements LongConsumer, AutoCloseable {
    /** How long a run goes before the bar appears. */
    public static final Duration DELAY = Duration.ofSeconds(1);
    /** How long a run goes before the first plain line, and between two of them. */
    public static final Duration LINE_EVERY = Duration.ofSeconds(10);

    /** How progress is shown. */
    public enum Mode {
        /** Not at all. */
        OFF,
        /** A progress bar (stderr is a terminal). */
        BAR,
        /** A plain line every {@link #LINE_EVERY} (stderr is not a terminal). */
        LINES
    }

    private final String task;
    private final long total;
    private final String unit;
    private final Mode mode;
    private final PrintStream err;
    private final LongSupplier nanos;
    private final long startNanos;
    private long nextLine;
    private long done;
    private ProgressBar bar;

    /**
     * @param task the bar's label
     * @param total operations in the whole run
     * @param enabled whether the bar may appear at all (nothing is shown otherwise)
     */
    public Progress(final String task, final long total, final boolean enabled) {
        this(task, total, "operations", enabled ? Mode.BAR : Mode.OFF, System.err, System::nanoTime);
    }

    Progress(final String task, final long total, final String unit, final Mode mode, final PrintStream err,
            final LongSupplier nanos) {
        this.task = task;
        this.total = total;
        this.unit = unit;
        this.mode = mode;
        this.err = err;
        this.nanos = nanos;
        this.startNanos = nanos.getAsLong();
        this.nextLine = startNanos + LINE_EVERY.toNanos();
    }

    /**
     * Progress on stderr as the terminal allows: a bar on a terminal ({@code System.console() != null}), plain
     * lines otherwise, nothing when quiet.
     *
     * @param task what runs, e.g. {@code swaplayer stress}
     * @param total units in the whole run
     * @param unit what is counted, plural (e.g. {@code operations}, {@code pages})
     * @param quiet whether to show nothing
     * @return the progress sink
     */
    @SuppressWarnings("SystemConsoleNull") // Java 17, the project's release: console() is null off a terminal
    public static Progress onStderr(final String task, final long total, final String unit, final boolean quiet) {
        final Mode mode = quiet ? Mode.OFF : System.console() != null ? Mode.BAR : Mode.LINES;
        return new Progress(task, total, unit, mode, System.err, System::nanoTime);
    }

    /** Returns a progress sink that never shows anything. */
    public static Progress silent() {
        return new Progress("", 0, false);
    }

    @Override
    public void accept(final long units) {
        done += units;
        if (bar != null) {
            bar.stepBy(units);
            return;
        }
        if (mode == Mode.OFF || done >= total) {
            return;
        }
        final long now = nanos.getAsLong();
        if (mode == Mode.LINES) {
            if (now - nextLine >= 0) {
                err.println(line(now));
                err.flush();
                nextLine = now + LINE_EVERY.toNanos();
            }
            return;
        }
        final Duration elapsed = Duration.ofNanos(now - startNanos);
        if (elapsed.compareTo(DELAY) > 0) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(err)).setUnit(" " + unit, 1)
                    .setUpdateIntervalMillis(200).startsFrom(done, elapsed).clearDisplayOnFinish().build();
        }
    }

    private String line(final long now) {
        return String.format(Locale.ROOT, "%s: %d%% (%,d of %,d %s), %d s", task, done * 100 / Math.max(1, total),
                done, total, unit, Duration.ofNanos(now - startNanos).toSeconds());
    }

    /** Returns operations done so far. */
    public long done() {
        return done;
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}

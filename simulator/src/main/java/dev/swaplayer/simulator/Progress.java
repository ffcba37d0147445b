package dev.swaplayer.simulator;

import java.time.Duration;
import java.util.function.LongConsumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A progress bar on stderr that appears only once a run has taken longer than {@link #DELAY}, and only when
 * enabled (the CLI enables it when {@code System.console() != null} and {@code --quiet} is absent). Counts
 * workload operations.
 *
 * <p>Thread safety: not thread-safe; feed it from the simulating thread.
 */
public final class Progress implements LongConsumer, AutoCloseable {
    /** How long a run goes before the bar appears. */
    public static final Duration DELAY = Duration.ofSeconds(1);

    private final String task;
    private final long total;
    private final boolean enabled;
    private final long startNanos = System.nanoTime();
    private long done;
    private ProgressBar bar;

    /**
     * @param task the bar's label
     * @param total operations in the whole run
     * @param enabled whether the bar may appear at all
     */
    public Progress(final String task, final long total, final boolean enabled) {
        this.task = task;
        this.total = total;
        this.enabled = enabled;
    }

    /** Returns a progress sink that never shows anything. */
    public static Progress silent() {
        return new Progress("", 0, false);
    }

    @Override
    public void accept(final long operations) {
        done += operations;
        if (bar != null) {
            bar.stepBy(operations);
            return;
        }
        final Duration elapsed = Duration.ofNanos(System.nanoTime() - startNanos);
        if (enabled && elapsed.compareTo(DELAY) > 0 && done < total) {
            bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUnit(" ops", 1)
                    .setUpdateIntervalMillis(200).startsFrom(done, elapsed).clearDisplayOnFinish().build();
        }
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

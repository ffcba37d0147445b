package com.example.hang;

/**
 * A plug-in whose allocations never return on the stress run's worker threads and behave everywhere else: a hang
 * that only a check's own worker threads see.
 *
 * <p>Thread safety: as {@link OnStressWorkers}; {@link #release} ends every spin.
 */
public final class StressHang extends OnStressWorkers {
    private static volatile boolean released;

    public StressHang() {
        super("stress-hang");
    }

    /** Arms the hang (before a run). */
    public static void arm() {
        released = false;
    }

    /** Ends every spin, so that no worker keeps a core after the test. */
    public static void release() {
        released = true;
    }

    @Override
    void onWorker(final String thread) {
        while (!released) {
            Thread.onSpinWait();
        }
    }
}

package dev.swaplayer.kernel;

import dev.swaplayer.allocator.core.Handshake;
import dev.swaplayer.spec.Checks;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The per-CPU state of a kernel model: each simulated CPU's {@code percpu_cluster->next[order]} hints, and
 * which CPU the calling thread runs on (see {@link PerCpuAllocator} for how threads get their CPU).
 *
 * <p>Thread safety: the hints are guarded by the owning model's device lock ({@code si->lock}, as 6.12
 * guards {@code percpu_cluster}); the thread's CPU is a {@link ThreadLocal} and the round-robin hand-out an
 * atomic counter, so {@link #cpu()} and {@link #setCpu} need no lock.
 */
final class PerCpuHints {
    /** The largest simulated CPU count: the kernel's largest {@code CONFIG_NR_CPUS} on x86-64. */
    static final int MAX_CPUS = 8192;

    private final int cpus;
    /** The owning model's device lock ({@code si->lock}), for the asserts. */
    private final Handshake locks;
    /** Per CPU, per order: {@code percpu_cluster->next[order]}; guarded by the model's device lock. */
    private final long[][] next;
    /** Hands each new thread its CPU, round-robin: the first thread to ask gets CPU 0. */
    private final AtomicInteger nextThreadCpu = new AtomicInteger();
    /** The calling thread's simulated CPU (a one-element array, so that setCpu does not allocate). */
    private final ThreadLocal<int[]> threadCpu;

    /**
     * @param cpus simulated CPUs, already checked to be 1..{@link #MAX_CPUS}
     * @param maxOrder the device's largest order
     * @param locks the owning model's device lock, which guards the hints
     */
    PerCpuHints(final int cpus, final int maxOrder, final Handshake locks) {
        this.cpus = cpus;
        this.locks = locks;
        this.next = new long[cpus][maxOrder + 1];
        this.threadCpu = ThreadLocal.withInitial(() -> new int[] {nextThreadCpu.getAndIncrement() % this.cpus});
    }

    int cpus() {
        return cpus;
    }

    /** Returns the calling thread's CPU, handed out round-robin at its first call. Context: no lock. */
    int cpu() {
        return threadCpu.get()[0];
    }

    /** Moves the calling thread to another CPU. Context: no lock. */
    void setCpu(final int cpu) {
        threadCpu.get()[0] = Checks.checkInRange("cpu", cpu, 0, cpus - 1);
    }

    /**
     * Returns its {@code next[]} hints, indexed by order, to read and write in place. Context: the device lock.
     *
     * @param cpu a CPU, 0..cpus-1
     * @return its {@code next[]} hints, indexed by order, to read and write in place. Context: the device lock.
     */
    long[] of(final int cpu) {
        assert locks.holdsDevice() : "per-CPU hints without the device lock";
        return next[cpu];
    }

    /**
     * Returns what is wrong with a hint (every hint is {@link SwapInfo#NEXT_INVALID} or an in-range slot aligned to its
     * order), or null. Context: the device lock.
     *
     * @param mapSlots the slots of the swap map (whole clusters)
     * @return what is wrong with a hint (every hint is {@link SwapInfo#NEXT_INVALID} or an in-range slot
     *     aligned to its order), or null. Context: the device lock.
     */
    String audit(final long mapSlots) {
        assert locks.holdsDevice() : "hint audit without the device lock";
        for (int p = 0; p < cpus; p++) {
            for (int k = 0; k < next[p].length; k++) {
                final long h = next[p][k];
                if (h != SwapInfo.NEXT_INVALID && (h < 0 || h >= mapSlots || (h & (1L << k) - 1) != 0)) {
                    return "cpu " + p + " next[" + k + "] = " + h;
                }
            }
        }
        return null;
    }
}

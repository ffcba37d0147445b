package dev.swaplayer.allocator;

/**
 * An allocator whose hints are kept per CPU, as the kernel's are ({@code percpu_cluster->next[order]}): the
 * simulator and the benchmarks tell it which simulated CPU the calling thread runs on.
 *
 * <p>Thread safety: the CPU is per calling thread; see the implementation.
 */
public interface PerCpu {

    /** Returns the number of simulated CPUs. */
    int cpus();

    /** Returns the CPU the calling thread's next calls run on. */
    int cpu();

    /**
     * Sets the CPU the calling thread's next calls run on.
     *
     * @param cpu the CPU the calling thread's next calls run on, 0..cpus-1
     * @throws IllegalArgumentException when out of range
     */
    void setCpu(int cpu);

    /**
     * A layer over another allocator (a cache, a wrapper) that keeps no hints of its own: the simulated CPU is the
     * layer beneath's, and every call goes there.
     *
     * <p>Thread safety: as the {@link PerCpu} it forwards to.
     */
    interface Forwarding extends PerCpu {
        /** Returns the allocator whose hints these are. */
        PerCpu perCpu();

        @Override
        default int cpus() {
            return perCpu().cpus();
        }

        @Override
        default int cpu() {
            return perCpu().cpu();
        }

        @Override
        default void setCpu(final int cpu) {
            perCpu().setCpu(cpu);
        }
    }
}

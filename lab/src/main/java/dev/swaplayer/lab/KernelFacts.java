package dev.swaplayer.lab;

/**
 * What one boot measured besides the simulator's schema: the runner's report and how the run was made.
 *
 * <p>Thread safety: immutable.
 *
 * @param report what the runner printed
 * @param source where the kernel came from, e.g. {@code debian:trixie linux-image-6.12.117+deb13-amd64}
 * @param command the command line that made the run, for the record
 * @param accel the QEMU accelerator used (tcg or kvm)
 * @param seconds wall-clock seconds of the boot, power-off included
 * @param swapInProblem null when the swap-in granularity took effect, else why not
 */
public record KernelFacts(RunnerReport report, String source, String command, String accel, double seconds,
        String swapInProblem) {
}

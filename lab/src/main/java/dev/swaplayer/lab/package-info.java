/**
 * The kernel lab: replays a workload script (format v1) on a real Linux kernel booted in QEMU, and reports
 * the kernel's own per-size swap counters in the simulator's report schema, beside the models.
 *
 * <p>The pieces, in the order a run uses them: {@link dev.swaplayer.lab.KernelSpec} names the kernel
 * ({@code debian:SUITE} or a bzImage); {@link dev.swaplayer.lab.DebianKernels} fetches a Debian kernel package
 * with a private apt configuration; {@link dev.swaplayer.lab.KernelModules} picks zram and its dependencies;
 * {@link dev.swaplayer.lab.Initramfs} packs busybox, the static C runner ({@code lab/runner}), the modules and
 * the script; {@link dev.swaplayer.lab.Vm} boots it; {@link dev.swaplayer.lab.RunnerReport} parses what the
 * runner printed and {@link dev.swaplayer.lab.KernelResults} turns it into a
 * {@link dev.swaplayer.simulator.RunResult} whose policy is the kernel's release.
 * {@link dev.swaplayer.lab.KernelLab} ties them together.
 */
package dev.swaplayer.lab;

package dev.swaplayer.lab;

import dev.swaplayer.device.TempFiles;
import dev.swaplayer.device.UserInput;
import dev.swaplayer.simulator.RunResult;
import dev.swaplayer.simulator.SwapIn;
import dev.swaplayer.simulator.Workload;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Runs a workload on a real kernel: fetches or takes the kernel, packs the initramfs once, boots a fresh VM
 * per run, and parses each runner report into a {@link RunResult}. Temporary files live in one directory
 * that is removed at the end, on an error and on interrupt ({@code TempFiles}' shutdown hook; one of the lab's own
 * kills QEMU).
 *
 * <p>Thread safety: one {@link #run} at a time.
 */
public final class KernelLab {
    /** Boots tried per run: a loaded TCG guest can panic early (the timer check), a retry boots it. */
    public static final int ATTEMPTS = 3;
    private static final Pattern MEMORY = Pattern.compile("[1-9][0-9]{0,5}[MG]");
    /** The start of QEMU's own error lines, as it prints them before it exits. */
    private static final Pattern QEMU_ERROR = Pattern.compile("^qemu(-system-[a-z0-9_]+)?: ");
    /** Modules the guest loads when they are modules: zram and its compressors, lz4 for zswap. */
    static final List<String> MODULES = List.of("zram", "lz4");

    private final Tools tools;
    private final Consumer<String> progress;
    private final Path logs;

    /**
     * @param tools where the host programs are found
     * @param progress hears one line per step and the VM's progress
     */
    public KernelLab(final Tools tools, final Consumer<String> progress) {
        this(tools, progress, Path.of(System.getProperty("java.io.tmpdir")).resolve("swaplayer-lab-logs"));
    }

    /**
     * @param tools where the host programs are found
     * @param progress hears one line per step and the VM's progress
     * @param logs where the console logs of failed boots are kept
     */
    public KernelLab(final Tools tools, final Consumer<String> progress, final Path logs) {
        this.tools = tools;
        this.progress = progress;
        this.logs = logs;
    }

    /**
     * What to run.
     *
     * @param kernel the kernel
     * @param workload the workload (already checked)
     * @param mode the thp-swap-test mode, or null
     * @param seed the workload's seed, or null
     * @param swapIn page (zswap enabled then disabled before swapon) or folio (the kernel's default)
     * @param runs fresh boots, 1..100
     * @param memory guest memory, e.g. 2G
     * @param accel tcg, kvm, or auto
     * @param qemu the QEMU binary, or null for qemu-system-x86_64 on the PATH
     * @param cache the cache directory for apt state and kernels
     * @param timeoutSeconds per boot
     * @param command the command line, recorded with each result
     */
    public record Request(KernelSpec kernel, Workload workload, String mode, Long seed, SwapIn swapIn, int runs,
            String memory, String accel, Path qemu, Path cache, long timeoutSeconds, String command) {
        /** Checks the values. */
        public Request {
            if (runs < 1 || runs > 100) {
                throw new LabException("--runs: " + runs + " (expected: 1..100)");
            }
            if (!MEMORY.matcher(memory).matches()) {
                throw new LabException("--memory: " + memory + " (expected: a size such as 2G or 1536M)");
            }
            if (!List.of("auto", "tcg", "kvm").contains(accel)) {
                throw new LabException("--accel: " + UserInput.show(accel) + " (expected: auto, tcg or kvm)");
            }
            if (timeoutSeconds < 10) {
                throw new LabException("--timeout: " + timeoutSeconds + " (expected: at least 10 seconds)");
            }
        }
    }

    /**
     * One boot's result.
     *
     * @param result the simulator-schema result, the kernel's release as the policy
     * @param facts the kernel's own counters and how the run was made
     */
    public record Run(RunResult result, KernelFacts facts) {
    }

    /**
     * Checks that the host can run the lab, before anything is fetched or built: QEMU (one that answers
     * {@code --version} as QEMU, {@link Tools#checkQemu}), cpio, busybox-static, and KVM when asked for.
     *
     * @param r the request
     * @return the QEMU binary
     * @throws LabException naming what is missing
     */
    public Path preflight(final Request r) {
        final Path qemu;
        if (r.qemu() != null) {
            if (!Files.isRegularFile(r.qemu()) || !Files.isExecutable(r.qemu())) {
                throw new LabException("--qemu: " + UserInput.escape(r.qemu().toString())
                        + " (expected: an executable qemu-system-x86_64)");
            }
            qemu = r.qemu();
            Tools.checkQemu("--qemu", qemu);
        } else {
            qemu = tools.require("qemu-system-x86_64", "qemu-system-x86");
            Tools.checkQemu("qemu-system-x86_64", qemu);
        }
        tools.require("cpio", "cpio");
        busybox();
        if (r.accel().equals("kvm")) {
            final String why = Accel.whyNoKvm();
            if (why != null) {
                throw new LabException("--accel: kvm (expected: auto or tcg on this host: " + why + ")");
            }
        }
        return qemu;
    }

    private Path busybox() {
        final Path bb = tools.require("busybox", "busybox-static");
        try {
            if (!Tools.isStaticElf(bb)) {
                throw new LabException("busybox: " + bb + " is dynamically linked (expected: busybox-static "
                        + "installed: apt-get install -y busybox-static)");
            }
        } catch (IOException e) {
            throw new LabException("busybox: " + bb + ": " + e.getMessage() + " (expected: a readable file)");
        }
        return bb;
    }

    /**
     * Returns one run per boot.
     *
     * @param r the request
     * @throws LabException when the host lacks something or the kernel cannot be fetched
     * @throws VmException when a boot does not complete the workload
     */
    public List<Run> run(final Request r) {
        final Path qemu = preflight(r);
        final Path image;
        final Path modules;
        final String source;
        if (r.kernel().debian()) {
            final DebianKernels.Kernel k = new DebianKernels(tools, r.cache(), progress).fetch(r.kernel().suite());
            image = k.image();
            modules = k.modules();
            source = r.kernel() + " " + k.packageName();
        } else {
            image = r.kernel().image();
            modules = r.kernel().modules();
            source = image.toAbsolutePath().toString();
        }
        final Path tmp;
        try {
            tmp = TempFiles.createDirectory("swaplayer-lab-"); // at Ctrl-C, TempFiles' own hook deletes it
        } catch (IOException e) {
            throw new LabException("temporary directory: " + e.getMessage() + " (expected: a writable /tmp)");
        }
        final Vm[] current = new Vm[1];
        final Thread cleanup = new Thread(() -> {
            final Vm vm = current[0];
            if (vm != null) {
                vm.destroy();
            }
        }, "swaplayer-lab-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            final List<KernelModules.Module> mods = modules == null ? List.of()
                    : KernelModules.resolve(modules, MODULES, tools);
            progress.accept("initramfs: busybox, runner, " + (mods.isEmpty() ? "no modules" : "modules "
                    + String.join(" ", mods.stream().map(KernelModules.Module::name).toList())));
            final Path initrd = tmp.resolve("initrd.gz");
            Initramfs.build(tmp.resolve("root"), initrd, busybox(), tools.require("cpio", "cpio"), mods,
                    r.workload().toScript(), r.swapIn().label());
            final List<Run> runs = new ArrayList<>();
            for (int i = 1; i <= r.runs(); i++) {
                runs.add(boot(r, qemu, image, initrd, tmp, source, i, current));
            }
            return runs;
        } finally {
            current[0] = null;
            TempFiles.delete(tmp);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException e) {
                // already shutting down: the hook runs anyway
            }
        }
    }

    /**
     * Returns QEMU's own error when it refused to start the guest (it exited at once, before the kernel printed a
     * line, with {@code qemu-system-x86_64: ...} or {@code qemu: ...}: a file that is no kernel, memory it cannot
     * set up), or null. Such a start fails the same way every time, so it is not retried.
     */
    static String qemuError(final Vm.Outcome o) {
        if (o.exitCode() <= 0 || o.booted()) {
            return null;
        }
        return o.console().stream().filter(l -> QEMU_ERROR.matcher(l).find()).findFirst()
                .map(l -> QEMU_ERROR.matcher(l).replaceFirst("")).orElse(null);
    }

    private Run boot(final Request r, final Path qemu, final Path image, final Path initrd, final Path tmp,
            final String source, final int index, final Vm[] current) {
        String accel = r.accel().equals("auto") ? Accel.detect() : r.accel();
        Path nice = null;
        try {
            nice = tools.require("nice", "coreutils");
        } catch (LabException e) {
            progress.accept("nice not found: QEMU runs at normal priority");
        }
        Vm.Outcome o = null;
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            final Vm vm = new Vm(nice, qemu, accel, r.memory(), image, initrd, tmp);
            current[0] = vm;
            progress.accept(String.format(Locale.ROOT, "boot %d/%d%s: %s, %s, %s swap-in (QEMU %s)", index, r.runs(),
                    attempt > 1 ? " (attempt " + attempt + ")" : "", source, r.workload().name(),
                    r.swapIn().label(), accel));
            o = vm.run(r.timeoutSeconds(), progress);
            if (vm.destroyed()) {
                throw new VmException("QEMU: killed (interrupted; nothing kept)");
            }
            if (o.booted()) {
                break;
            }
            final String refused = qemuError(o);
            if (refused != null && !accel.equals("kvm")) { // under KVM, TCG is tried first (below)
                throw new LabException("QEMU: " + refused + " (expected: QEMU to start the guest; console: "
                        + keep(o, index) + ")");
            }
            if (accel.equals("kvm")) {
                progress.accept("KVM did not boot the kernel: falling back to TCG");
                accel = "tcg";
            }
        }
        if (!o.booted()) {
            throw new VmException("kernel " + source + ": did not boot in " + ATTEMPTS + " attempts (console: "
                    + keep(o, index) + ")");
        }
        if (o.initError() != null) {
            throw new VmException("guest: " + o.initError() + " (console: " + keep(o, index) + ")");
        }
        if (o.runnerExit() != 0) {
            throw new VmException("runner: exit " + o.runnerExit() + (o.exitCode() == -1 ? " (timed out)" : "")
                    + " (console: " + keep(o, index) + ")");
        }
        final RunnerReport report;
        final RunResult result;
        try {
            report = RunnerReport.parse(o.report());
            result = KernelResults.toRunResult(r.workload(), r.mode(), r.seed(), r.swapIn(), report, o.seconds());
        } catch (IllegalArgumentException e) {
            throw new VmException(e.getMessage() + " (console: " + keep(o, index) + ")");
        }
        return new Run(result, new KernelFacts(report, source, r.command(), accel, o.seconds(),
                KernelResults.swapInProblem(r.swapIn(), report)));
    }

    /** Copies a failed boot's console log out of the temporary directory, which goes, and says where. */
    private Path keep(final Vm.Outcome o, final int index) {
        try {
            Files.createDirectories(logs);
            final Path to = logs.resolve("console-" + ProcessHandle.current().pid() + "-" + index + ".log");
            Files.write(to, o.console());
            return to;
        } catch (IOException e) {
            return o.consoleLog();
        }
    }

}

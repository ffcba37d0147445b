package dev.swaplayer.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One boot of the lab's VM: QEMU with the kernel, the initramfs and two serial ports: the console on the
 * first (read line by line, kept in {@code console.log}), the runner's report on the second (a file). The
 * guest's init powers off at the end; {@code panic=-1} with {@code -no-reboot} ends QEMU on a panic too.
 * QEMU runs under {@code nice -n 10}: TCG takes a whole core.
 *
 * <p>Thread safety: one boot per instance; {@link #destroy()} may be called from any thread (a shutdown
 * hook).
 */
public final class Vm {
    /** The kernel command line: {@code no_timer_check} keeps a loaded TCG guest from panicking at boot. */
    public static final String APPEND = "console=ttyS0 no_timer_check panic=-1 quiet";

    private final List<String> command;
    private final Path console;
    private final Path report;
    private volatile Process process;
    private volatile boolean destroyed;

    /**
     * @param nice the host's nice, or null to run QEMU at normal priority
     * @param qemu qemu-system-x86_64
     * @param accel {@code tcg} or {@code kvm}
     * @param memory the guest's memory, e.g. {@code 2G}
     * @param image the kernel image
     * @param initrd the initramfs
     * @param dir where console.log and report.txt go
     */
    public Vm(final Path nice, final Path qemu, final String accel, final String memory, final Path image,
            final Path initrd, final Path dir) {
        this.console = dir.resolve("console.log");
        this.report = dir.resolve("report.txt");
        final List<String> c = new ArrayList<>();
        if (nice != null) {
            c.addAll(List.of(nice.toString(), "-n", "10"));
        }
        c.addAll(List.of(qemu.toString(), "-machine", "pc", "-accel", accel, "-m", memory, "-smp", "1",
                "-kernel", image.toString(), "-initrd", initrd.toString(), "-append", APPEND,
                "-no-reboot", "-display", "none", "-monitor", "none", "-nodefaults",
                "-serial", "stdio", "-serial", "file:" + report));
        this.command = List.copyOf(c);
    }

    /** Returns the QEMU command line. */
    public List<String> command() {
        return command;
    }

    /**
     * What one boot left.
     *
     * @param exitCode QEMU's exit code, -1 when it was killed at the timeout
     * @param console the console lines
     * @param report the runner's report lines (empty when it never ran)
     * @param seconds wall-clock seconds
     * @param consoleLog where the console was saved
     */
    public record Outcome(int exitCode, List<String> console, List<String> report, double seconds,
            Path consoleLog) {
        /** Copies the lists. */
        public Outcome {
            console = List.copyOf(console);
            report = List.copyOf(report);
        }

        /** Returns whether the kernel got as far as the lab's init. */
        public boolean booted() {
            return console.stream().anyMatch(l -> l.startsWith("@swl boot"));
        }

        /** Returns the init's error line, or null. */
        public String initError() {
            return console.stream().filter(l -> l.startsWith("@swl error ")).findFirst()
                    .map(l -> l.substring("@swl error ".length())).orElse(null);
        }

        /** Returns the runner's exit code as init printed it, or -1 when it did not. */
        public int runnerExit() {
            return console.stream().filter(l -> l.startsWith("@swl exit ")).findFirst()
                    .map(l -> Integer.parseInt(l.substring("@swl exit ".length()).strip())).orElse(-1);
        }
    }

    /**
     * Boots and waits for the power-off.
     *
     * @param timeoutSeconds when to give up and kill QEMU
     * @param progress hears the lab's own console lines ({@code @swl ...}, runner progress)
     * @return what the boot left
     * @throws LabException when QEMU cannot be started
     */
    public Outcome run(final long timeoutSeconds, final Consumer<String> progress) {
        final long start = System.nanoTime();
        final List<String> lines = new ArrayList<>();
        final Process p;
        try {
            Files.deleteIfExists(report);
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new LabException(command.get(0) + ": " + e.getMessage() + " (expected: a runnable QEMU)");
        }
        process = p;
        final Thread reader = new Thread(() -> read(p, lines, progress), "qemu-console");
        reader.setDaemon(true);
        reader.start();
        int rc;
        try {
            p.getOutputStream().close();
            rc = p.waitFor(timeoutSeconds, TimeUnit.SECONDS) ? p.exitValue() : -1;
            if (rc == -1) {
                progress.accept("timeout after " + timeoutSeconds + " s: killing QEMU");
                kill(p);
            }
            reader.join(5000);
        } catch (IOException e) {
            rc = -1;
        } catch (InterruptedException e) {
            destroy();
            Thread.currentThread().interrupt();
            throw new LabException("QEMU: interrupted (expected: to run to the power-off)");
        }
        final List<String> consoleLines;
        synchronized (lines) {
            consoleLines = List.copyOf(lines);
        }
        List<String> reportLines = List.of();
        try {
            if (Files.exists(report)) {
                reportLines = Files.readAllLines(report, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            reportLines = List.of();
        }
        return new Outcome(rc, consoleLines, reportLines, (System.nanoTime() - start) / 1e9, console);
    }

    private void read(final Process p, final List<String> lines, final Consumer<String> progress) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter log = new PrintWriter(Files.newBufferedWriter(console, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                final String l = line.replace("\r", "");
                log.println(l);
                synchronized (lines) {
                    lines.add(l);
                }
                if (l.startsWith("@swl ") || l.startsWith("swaplayer-runner:") || l.contains("Kernel panic")) {
                    progress.accept(l.startsWith("@swl ") ? l.substring(5) : l);
                }
            }
        } catch (IOException e) {
            // QEMU closed its output: the boot is over
        }
    }

    private static void kill(final Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
    }

    /** Returns whether {@link #destroy()} was called: the boot was interrupted, its outcome means nothing. */
    public boolean destroyed() {
        return destroyed;
    }

    /** Kills QEMU (and nothing else) if it still runs. */
    public void destroy() {
        destroyed = true;
        final Process p = process;
        if (p != null && p.isAlive()) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}

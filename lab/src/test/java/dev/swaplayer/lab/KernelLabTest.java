package dev.swaplayer.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.simulator.SwapIn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The orchestration without a VM: a stand-in QEMU (a shell script) that plays back a console and a runner
 * report, or fails to boot, so that retries, failures and the clean-up are checked in the gate.
 *
 * <p>Thread safety: each test runs on JUnit's one thread in its own temporary directory; the lab reads the stand-in
 * QEMU's console on a thread of its own, which feeds the progress list and which the run joins before it returns.
 */
class KernelLabTest {
    /** A stand-in QEMU's answer to the version check, as qemu-system-x86_64 --version begins; not a boot. */
    static final String VERSION = "[ \"$1\" = --version ] && { echo 'QEMU emulator version 9.2.1'; exit 0; }\n";

    @TempDir
    Path dir;

    /** A fake qemu-system-x86_64 that fails the first {@code fails} boots, then boots and runs the runner. */
    private Tools fakeHost(final int fails, final int runnerExit) throws IOException {
        final Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.write(dir.resolve("report.txt"), RunnerReportTest.SAMPLE);
        final Path qemu = bin.resolve("qemu-system-x86_64");
        Files.writeString(qemu, "#!/bin/sh\n" + VERSION
                + "for a in \"$@\"; do case \"$a\" in file:*) report=\"${a#file:}\";; esac; done\n"
                + "n=$(cat '" + dir + "/count' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '" + dir + "/count'\n"
                + "echo \"$@\" > '" + dir + "/args'\n"
                + "if [ $n -le " + fails + " ]; then echo 'Kernel panic - not syncing: IO-APIC + timer doesn'\\''t "
                + "work!'; exit 0; fi\n"
                + "echo '@swl boot 6.12.117+deb13-amd64'\n"
                + "echo 'swaplayer-runner: phase 1/2 done (0 s)'\n"
                + "cp '" + dir + "/report.txt' \"$report\"\n"
                + "echo '@swl exit " + runnerExit + "'\n");
        Files.setPosixFilePermissions(qemu, PosixFilePermissions.fromString("rwxr-xr-x"));
        // the static runner stands in for busybox-static: the lab only checks that busybox is static
        Files.copy(Path.of("target/runner/swaplayer-runner"), bin.resolve("busybox"));
        Files.setPosixFilePermissions(bin.resolve("busybox"), PosixFilePermissions.fromString("rwxr-xr-x"));
        final List<Path> path = new ArrayList<>(List.of(bin));
        path.addAll(Tools.fromEnvironment().path());
        return new Tools(path);
    }

    private KernelLab.Request request() throws IOException {
        final Path image = KernelSpecTest.fakeBzImage(dir.resolve("bzImage"));
        return new KernelLab.Request(KernelSpec.parse(image.toString(), null), KernelResultsTest.workload(), null,
                null, SwapIn.PAGE, 1, "2G", "tcg", null, dir.resolve("cache"), 60, "test");
    }

    private static long labDirs() throws IOException {
        try (Stream<Path> s = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return s.filter(p -> p.getFileName().toString().matches("swaplayer-lab-[0-9]+")).count();
        }
    }

    @Test
    void aFailedBootIsRetriedAndTheReportBecomesAResult() throws Exception {
        final long before = labDirs();
        final List<String> progress = new ArrayList<>();
        final List<KernelLab.Run> runs = new KernelLab(fakeHost(1, 0), progress::add, dir.resolve("logs"))
                .run(request());
        assertEquals("2", Files.readString(dir.resolve("count")).strip(), "one panic, one good boot");
        assertEquals(1, runs.size());
        assertEquals("6.12.117+deb13-amd64", runs.get(0).result().runs().get(0).policy());
        assertEquals(2, runs.get(0).result().runs().get(0).phases().size());
        assertEquals("tcg", runs.get(0).facts().accel());
        assertTrue(progress.contains("boot 1/1 (attempt 2): " + dir.resolve("bzImage").toAbsolutePath()
                + ", tiny.swl, page swap-in (QEMU tcg)"), progress.toString());
        assertTrue(progress.contains("swaplayer-runner: phase 1/2 done (0 s)"), progress.toString());
        final String args = Files.readString(dir.resolve("args"));
        assertTrue(args.contains("-accel tcg -m 2G -smp 1 -kernel " + dir.resolve("bzImage")), args);
        assertTrue(args.contains("-append console=ttyS0 no_timer_check panic=-1 quiet -no-reboot"), args);
        assertEquals(before, labDirs(), "the temporary directory is gone");
        assertTrue(Files.notExists(dir.resolve("logs")), "a good run keeps no console log");
    }

    @Test
    void aKernelThatNeverBootsFailsAfterThreeAttempts() throws Exception {
        final long before = labDirs();
        final VmException e = assertThrows(VmException.class, () -> new KernelLab(fakeHost(99, 0), line -> { },
                dir.resolve("logs")).run(request()));
        assertEquals("3", Files.readString(dir.resolve("count")).strip());
        final Path log = dir.resolve("logs").resolve("console-" + ProcessHandle.current().pid() + "-1.log");
        assertEquals("kernel " + dir.resolve("bzImage").toAbsolutePath() + ": did not boot in 3 attempts (console: "
                + log + ")", e.getMessage());
        assertTrue(Files.readString(log).contains("Kernel panic"));
        assertEquals(before, labDirs());
    }

    @Test
    void aFailedRunnerIsNotRetried() throws Exception {
        final VmException e = assertThrows(VmException.class, () -> new KernelLab(fakeHost(0, 1), line -> { },
                dir.resolve("logs")).run(request()));
        assertEquals("1", Files.readString(dir.resolve("count")).strip());
        assertTrue(e.getMessage().startsWith("runner: exit 1 (console: "), e.getMessage());
    }

    @Test
    void withoutBusyboxStaticNothingRuns() throws Exception {
        final Tools host = fakeHost(0, 0);
        Files.copy(Path.of(ProcessHandle.current().info().command().orElseThrow()), dir.resolve("bin/busybox"),
                StandardCopyOption.REPLACE_EXISTING);
        final LabException e = assertThrows(LabException.class, () -> new KernelLab(host, line -> { },
                dir.resolve("logs")).preflight(request()));
        assertEquals("busybox: " + dir.resolve("bin/busybox") + " is dynamically linked (expected: busybox-static "
                + "installed: apt-get install -y busybox-static)", e.getMessage());
        assertTrue(Files.notExists(dir.resolve("count")), "QEMU never started");
    }

    /** QEMU's own refusal to start (memory it cannot set up, a file it cannot load) is said at once, not retried. */
    @Test
    void qemuRefusingToStartIsOneLineAndNotRetried() throws Exception {
        final Tools host = fakeHost(0, 0);
        final Path qemu = dir.resolve("bin/qemu-system-x86_64");
        Files.writeString(qemu, "#!/bin/sh\n" + VERSION
                + "n=$(cat '" + dir + "/count' 2>/dev/null || echo 0); n=$((n+1)); echo $n > '" + dir + "/count'\n"
                + "echo \"qemu-system-x86_64: cannot set up guest memory 'pc.ram': Cannot allocate memory\"\n"
                + "exit 1\n");
        final LabException e = assertThrows(LabException.class, () -> new KernelLab(host, line -> { },
                dir.resolve("logs")).run(request()));
        assertEquals("1", Files.readString(dir.resolve("count")).strip(), "not retried");
        assertTrue(e.getMessage().startsWith("QEMU: cannot set up guest memory 'pc.ram': Cannot allocate memory"
                + " (expected: QEMU to start the guest; console: "), e.getMessage());
    }

    /** A program that does not answer --version as QEMU does is refused before anything is fetched or booted. */
    @Test
    void aQemuThatIsNotQemuIsRefusedBeforeAnythingRuns() throws Exception {
        final Tools host = fakeHost(0, 0);
        final Path notQemu = dir.resolve("bin/qemu-system-x86_64");
        Files.writeString(notQemu, "#!/bin/sh\necho \"$@\" >> '" + dir + "/count'\n");
        final LabException e = assertThrows(LabException.class, () -> new KernelLab(host, line -> { },
                dir.resolve("logs")).run(request()));
        assertEquals("qemu-system-x86_64: " + notQemu + " (expected: QEMU, qemu-system-x86_64, whose --version"
                + " prints 'QEMU emulator version ...'; it printed nothing)", e.getMessage());
        assertEquals("--version", Files.readString(dir.resolve("count")).strip(), "only asked its version");

        final KernelLab.Request r = request();
        final KernelLab.Request withTrue = new KernelLab.Request(r.kernel(), r.workload(), r.mode(), r.seed(),
                r.swapIn(), r.runs(), r.memory(), r.accel(), notQemu, r.cache(), r.timeoutSeconds(), r.command());
        assertEquals("--qemu: " + notQemu + " (expected: QEMU, qemu-system-x86_64, whose --version prints 'QEMU"
                + " emulator version ...'; it printed nothing)", assertThrows(LabException.class,
                        () -> new KernelLab(host, line -> { }, dir.resolve("logs")).preflight(withTrue)).getMessage());
    }
}

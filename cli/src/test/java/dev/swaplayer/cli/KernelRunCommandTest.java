package dev.swaplayer.cli;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kernel-run's command line: every mistake is one line and exit 2, before anything is fetched or booted.
 *
 * <p>Thread safety: each test runs on JUnit's one thread in its own temporary directory.
 */
class KernelRunCommandTest {
    @TempDir
    Path dir;

    @Test
    void aBadKernelSpecIsAUsageError() {
        CliRun.of("kernel-run", "--kernel", "ubuntu:noble", "--workload", "thp-swap-test", "--mode", "a")
                .assertUserError("--kernel: ubuntu:noble (expected: debian:SUITE (e.g. debian:trixie, debian:sid) or a "
                        + "bzImage file)");
        CliRun.of("kernel-run", "--kernel", "debian:", "--workload", "thp-swap-test", "--mode", "a")
                .assertUserError("--kernel: debian: (expected:");
        CliRun.of("kernel-run", "--kernel", dir.resolve("bzImage").toString(), "--workload", "thp-swap-test",
                "--mode", "a").assertUserError("no such readable file");
    }

    @Test
    void aMissingQemuIsAUsageError() {
        final Path qemu = dir.resolve("qemu-system-x86_64");
        CliRun.of("kernel-run", "--kernel", "debian:trixie", "--workload", "thp-swap-test", "--mode", "none",
                "--qemu", qemu.toString()).assertUserError("--qemu: " + qemu
                + " (expected: an executable qemu-system-x86_64)");
    }

    @Test
    void theWorkloadIsOneOfScriptOrThpSwapTestWithAMode() throws Exception {
        CliRun.of("kernel-run", "--kernel", "debian:trixie").assertUserError("--script/--workload: neither");
        final Path script = Files.writeString(dir.resolve("w.swl"), """
                swaplayer-workload 1
                swap 64
                region m 8
                write m 0 9
                """);
        CliRun.of("kernel-run", "--kernel", "debian:trixie", "--script", script.toString(), "--workload",
                "thp-swap-test").assertUserError("--script/--workload: both");
        CliRun.of("kernel-run", "--kernel", "debian:trixie", "--script", script.toString())
                .assertUserError("w.swl:4: count: 9 (expected: 1..8)");
        CliRun.of("kernel-run", "--kernel", "debian:trixie", "--workload", "thp-swap-test")
                .assertUserError("--mode: missing (expected: none, a, s or as with --workload thp-swap-test)");
        CliRun.of("kernel-run", "--kernel", "debian:trixie", "--workload", "aging", "--mode", "a")
                .assertUserError("--workload: aging (expected: thp-swap-test;");
        CliRun.of("kernel-run", "--kernel", "debian:trixie", "--workload", "thp-swap-test", "--mode", "b")
                .assertUserError("--mode: b (expected: none, a, s or as)");
        CliRun.of("kernel-run", "--kernel", "debian:trixie", "--workload", "thp-swap-test", "--mode", "all")
                .assertUserError("--mode: all (expected: none, a, s or as)");
    }

    @Test
    void badRunSettingsAreUsageErrors() {
        final String[] base = {"kernel-run", "--kernel", "debian:trixie", "--workload", "thp-swap-test", "--mode",
            "a"};
        CliRun.of(concat(base, "--swapin", "half")).assertUserError("half");
        CliRun.of(concat(base, "--runs", "0")).assertUserError("--runs: 0 (expected: 1..100)");
        CliRun.of(concat(base, "--memory", "lots")).assertUsageError("--memory: lots (expected: bytes as ASCII digits");
        CliRun.of(concat(base, "--memory", "1000K")).assertUserError("--memory: 1024000 bytes (expected: a whole "
                + "number of MiB)");
        CliRun.of(concat(base, "--memory", "64M")).assertUserError("--memory: 64M (expected: at least 128M; a"
                + " smaller guest does not boot)");
        CliRun.of(concat(base, "--memory", "999999M")).assertUserError("M, the host's memory)");
        CliRun.of(concat(base, "--accel", "hvf")).assertUserError("--accel: hvf (expected: auto, tcg or kvm)");
        CliRun.of(concat(base, "--compare", "fastest")).assertUserError("--compare: fastest (expected: legacy,");
    }

    @Test
    void aMisspelledModel_isNamed_withoutAnOptionKernelRunLacks() {
        final CliRun r = CliRun.of("kernel-run", "--kernel", "debian:trixie", "--workload", "thp-swap-test",
                "--mode", "a", "--compare", "budy");
        r.assertUserError("swaplayer kernel-run: --compare: budy (expected: legacy, cluster, buddy, compound, bestfit,"
                + " cluster-612-slots, cluster-72 or all; did you mean buddy?)");
        assertFalse(r.err().contains("--jar"), "kernel-run has no --jar: " + r.err());
        CliRun.of("kernel-run", "--kernel", "debian:trixie", "--workload", "thp-swap-test", "--mode", "a",
                "--compare", "buddy,zswap").assertUserError("--compare: zswap (expected: legacy, cluster, buddy,"
                + " compound, bestfit, cluster-612-slots, cluster-72 or all)");
    }

    @Test
    void theCTestsFlagAsAMode_isNamedInItsOneSpelling() {
        CliRun.of("kernel-run", "--kernel", "debian:trixie", "--workload", "thp-swap-test", "--mode", "-as")
                .assertUserError("swaplayer kernel-run: --mode: -as (expected: none, a, s or as; did you mean as?)");
        CliRun.of("kernel-run", "--kernel", "debian:trixie", "--workload", "thp-swap-test", "--mode=-s")
                .assertUserError("--mode: -s (expected: none, a, s or as; did you mean s?)");
        CliRun.of("kernel-run", "--kernel", "debian:trixie", "--workload", "thp-swap-test", "--mode", "-all")
                .assertUserError("--mode: -all (expected: none, a, s or as)"); // kernel-run runs one mode
        CliRun.of("kernel-run", "--kernel", "debian:trixie", "--workload", "thp-swap-test", "--mode", "-b")
                .assertUserError("--mode: -b (expected: none, a, s or as)");
    }

    @Test
    void aDirectoryAsTheKernel_isNamedAsADirectory() {
        CliRun.of("kernel-run", "--kernel", dir.toString(), "--workload", "thp-swap-test", "--mode", "a")
                .assertUserError("swaplayer kernel-run: --kernel: " + dir + " (expected: a bzImage file, not a"
                        + " directory)");
    }

    /**
     * A program that does not answer --version as QEMU does is refused before anything is fetched: a stand-in that
     * prints nothing, and one that prints something else (no test needs QEMU installed).
     */
    @Test
    void aQemuThatIsNotQemu_isNamedWithWhatItPrinted() throws Exception {
        final Path silent = Files.writeString(dir.resolve("qemu-system-x86_64"), "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(silent, PosixFilePermissions.fromString("rwxr-xr-x"));
        CliRun.of("kernel-run", "--kernel", "debian:trixie", "--workload", "thp-swap-test", "--mode", "a", "--qemu",
                silent.toString()).assertUserError("swaplayer kernel-run: --qemu: " + silent + " (expected: QEMU,"
                        + " qemu-system-x86_64, whose --version prints 'QEMU emulator version ...'; it printed"
                        + " nothing)");
        final Path other = Files.writeString(dir.resolve("other"), "#!/bin/sh\necho \"other $1\"\n");
        Files.setPosixFilePermissions(other, PosixFilePermissions.fromString("rwxr-xr-x"));
        CliRun.of("kernel-run", "--kernel", "debian:trixie", "--workload", "thp-swap-test", "--mode", "a", "--qemu",
                other.toString()).assertUserError("swaplayer kernel-run: --qemu: " + other + " (expected: QEMU,"
                        + " qemu-system-x86_64, whose --version prints 'QEMU emulator version ...'; it printed other"
                        + " --version)");
    }

    /** Debian's bookworm has 6.1, before the per-size counters: refused before apt runs, with the reason. */
    @Test
    void aDebianKernelBefore610_isRefusedWithTheReason() {
        CliRun.of("kernel-run", "--kernel", "debian:bookworm", "--workload", "thp-swap-test", "--mode", "a")
                .assertUserError("swaplayer kernel-run: --kernel: debian:bookworm (expected: Linux 6.10 or later, e.g."
                        + " debian:trixie; bookworm's kernel is 6.1: the per-size swpout and swpout_fallback counters,"
                        + " hugepages-*kB/stats, appeared in 6.10)");
    }

    @Test
    void aDirectoryAsQemuOrScript_isNamedAsADirectory() {
        CliRun.of("kernel-run", "--kernel", "debian:trixie", "--workload", "thp-swap-test", "--mode", "a", "--qemu",
                dir.toString()).assertUserError("swaplayer kernel-run: --qemu: " + dir + " (expected: an executable"
                        + " qemu-system-x86_64, not a directory)");
        CliRun.of("kernel-run", "--kernel", "debian:trixie", "--script", dir.toString())
                .assertUserError("swaplayer kernel-run: --script: " + dir + " (expected: a workload script file, not"
                        + " a directory)");
    }

    private static String[] concat(final String[] a, final String... b) {
        final String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}

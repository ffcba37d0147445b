package dev.swaplayer.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Tools}: executables found on the path, static ELF files told from dynamic ones, a failing command in one line,
 * and QEMU known by its version line.
 *
 * <p>Thread safety: each test runs on JUnit's one thread in its own temporary directory, and waits for each program it
 * runs, at most until its timeout.
 */
class ToolsTest {
    @TempDir
    Path dir;

    @Test
    void aMissingToolNamesItsPackage() {
        final Tools none = new Tools(List.of(dir));
        final LabException e = assertThrows(LabException.class, () -> none.require("qemu-system-x86_64",
                "qemu-system-x86"));
        assertEquals("qemu-system-x86_64: not found (expected: the Debian package qemu-system-x86 installed: "
                + "apt-get install -y qemu-system-x86)", e.getMessage());
    }

    @Test
    void findsAnExecutableOnThePath() throws Exception {
        final Path other = Files.createDirectories(dir.resolve("other"));
        final Path plain = Files.writeString(dir.resolve("cpio"), "#!/bin/sh\n");
        final Path exe = Files.writeString(other.resolve("cpio"), "#!/bin/sh\n");
        Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwxr-xr-x"));
        assertEquals(exe, new Tools(List.of(dir, other)).require("cpio", "cpio"), "not executable: skipped "
                + plain);
    }

    @Test
    void tellsAStaticExecutableFromADynamicOne() throws Exception {
        // the runner is built with gcc -static by the Maven build before the tests
        final Path runner = Path.of("target/runner/swaplayer-runner");
        assertTrue(Tools.isStaticElf(runner), "the runner must be static to run from a busybox initramfs");
        final Path dynamic = Path.of(ProcessHandle.current().info().command().orElseThrow());
        assertFalse(Tools.isStaticElf(dynamic), "the JVM's launcher is dynamically linked: " + dynamic);
        assertFalse(Tools.isStaticElf(Files.writeString(dir.resolve("script"), "#!/bin/sh\necho hi\n")));
    }

    @Test
    void aFailingCommandIsOneLine() {
        final LabException e = assertThrows(LabException.class, () -> Tools.run(null, List.of("sh", "-c",
                "echo first; echo 'E: Unable to locate package linux-image-amd64' >&2; exit 100")));
        assertEquals("sh: exit 100: E: Unable to locate package linux-image-amd64 (expected: exit 0; command: sh -c "
                + "echo first; echo 'E: Unable to locate package linux-image-amd64' >&2; exit 100)", e.getMessage());
        assertEquals("ok\n", Tools.run(dir, List.of("sh", "-c", "echo ok")));
    }

    /** An executable shell script holding {@code body}. */
    private Path script(final String name, final String body) throws IOException {
        final Path p = Files.writeString(dir.resolve(name), "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        return p;
    }

    @Test
    void qemuIsKnownByItsVersionLine() throws Exception {
        Tools.checkQemu("--qemu", script("qemu", """
                [ "$1" = --version ] || exit 9
                echo 'QEMU emulator version 9.2.1 (Debian 1:9.2.1+ds-1)'
                echo 'Copyright (c) 2003-2024 Fabrice Bellard and the QEMU Project developers'
                """));
    }

    @Test
    void aProgramThatIsNotQemu_isNamedWithWhatItPrinted() throws Exception {
        final Path silent = script("true", "exit 0\n");
        assertEquals("--qemu: " + silent + " (expected: QEMU, qemu-system-x86_64, whose --version prints 'QEMU "
                + "emulator version ...'; it printed nothing)", assertThrows(LabException.class,
                        () -> Tools.checkQemu("--qemu", silent)).getMessage());
        final Path other = script("other", "echo 'other 1.0'\n");
        assertEquals("qemu-system-x86_64: " + other + " (expected: QEMU, qemu-system-x86_64, whose --version prints"
                + " 'QEMU emulator version ...'; it printed other 1.0)", assertThrows(LabException.class,
                        () -> Tools.checkQemu("qemu-system-x86_64", other)).getMessage());
    }

    @Test
    void aProgramThatDoesNotAnswer_isStoppedAtTheTimeout() throws Exception {
        final Path hangs = script("hangs", "sleep 60\n");
        final long start = System.nanoTime();
        final LabException e = assertThrows(LabException.class, () -> Tools.checkQemu("--qemu", hangs,
                Duration.ofSeconds(1)));
        assertEquals("--qemu: " + hangs + " (expected: QEMU, qemu-system-x86_64, whose --version prints 'QEMU"
                + " emulator version ...'; it did not answer within 1 s)", e.getMessage());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(20).toNanos(), "no hang");
    }
}

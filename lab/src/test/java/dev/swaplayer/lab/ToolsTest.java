package dev.swaplayer.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
}

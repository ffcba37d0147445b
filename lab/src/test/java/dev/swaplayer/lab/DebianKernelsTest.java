package dev.swaplayer.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link DebianKernels}: the kernel package read from apt's output, the image found in either layout, the archive taken
 * from the host's configuration, and the refusals before anything is downloaded.
 *
 * <p>Thread safety: each test runs on JUnit's one thread in its own temporary directory, with its own stand-in tools.
 */
class DebianKernelsTest {
    /** What a stand-in apt-cache prints for bookworm's linux-image-amd64. */
    private static final String APT_CACHE_BOOKWORM = """
            echo 'linux-image-amd64'
            echo '  Depends: linux-image-6.1.0-28-amd64'
            """;

    @TempDir
    Path dir;

    @Test
    void theMetaPackagesDependencyGivesTheVersion() {
        final String apt = "linux-image-amd64\n  Depends: linux-image-6.12.117+deb13-amd64\n";
        assertEquals("linux-image-6.12.117+deb13-amd64", DebianKernels.imagePackage(apt, "trixie"));
        final LabException e = assertThrows(LabException.class, () -> DebianKernels.imagePackage(
                "linux-image-amd64\n", "sid"));
        assertEquals("linux-image-amd64 in sid: no versioned dependency (expected: 'Depends: linux-image-<version>' "
                + "from apt-cache depends)", e.getMessage());
    }

    @Test
    void aSplitImagePackageBringsItsBinaryAndModules() {
        final String sid = """
                linux-image-7.2.13+deb14-amd64
                  PreDepends: linux-base
                 |Depends: dracut
                  Depends: linux-base-7.2.13+deb14-amd64
                  Depends: linux-binary-7.2.13+deb14-amd64
                  Depends: linux-modules-7.2.13+deb14-amd64
                  Suggests: linux-doc-7.2
                """;
        assertEquals(List.of("linux-binary-7.2.13+deb14-amd64", "linux-modules-7.2.13+deb14-amd64"),
                DebianKernels.splitParts(sid, "linux-image-7.2.13+deb14-amd64"));
        final String trixie = """
                linux-image-6.12.117+deb13-amd64
                  Depends: kmod
                  Depends: linux-base
                  Depends: initramfs-tools
                """;
        assertEquals(List.of(), DebianKernels.splitParts(trixie, "linux-image-6.12.117+deb13-amd64"));
        assertEquals(List.of(), DebianKernels.splitParts("  Depends: linux-modules-7.2.12+deb14-amd64\n",
                "linux-image-7.2.13+deb14-amd64"), "another ABI's package is not a part");
    }

    @Test
    void findsTheImageInEitherLayout() throws Exception {
        final Path old = dir.resolve("old");
        Files.createDirectories(old.resolve("boot"));
        Files.createDirectories(old.resolve("usr/lib/modules/6.12.117+deb13-amd64/kernel"));
        Files.writeString(old.resolve("boot/vmlinuz-6.12.117+deb13-amd64"), "x");
        final DebianKernels.Kernel k = DebianKernels.locate(old, "linux-image-6.12.117+deb13-amd64");
        assertEquals(old.resolve("boot/vmlinuz-6.12.117+deb13-amd64"), k.image());
        assertEquals(old.resolve("usr/lib/modules/6.12.117+deb13-amd64"), k.modules());

        final Path split = dir.resolve("split");
        Files.createDirectories(split.resolve("usr/lib/modules/7.2.13+deb14-amd64/kernel"));
        Files.writeString(split.resolve("usr/lib/modules/7.2.13+deb14-amd64/vmlinuz"), "x");
        final DebianKernels.Kernel s = DebianKernels.locate(split, "linux-image-7.2.13+deb14-amd64");
        assertEquals(split.resolve("usr/lib/modules/7.2.13+deb14-amd64/vmlinuz"), s.image());
        assertEquals(split.resolve("usr/lib/modules/7.2.13+deb14-amd64"), s.modules());

        final LabException e = assertThrows(LabException.class, () -> DebianKernels.locate(
                Files.createDirectories(dir.resolve("empty")), "linux-image-x"));
        assertEquals("linux-image-x: no kernel image (expected: boot/vmlinuz-<release> or usr/lib/modules/<release>/"
                + "vmlinuz in the unpacked packages)", e.getMessage());
    }

    @Test
    void theArchiveComesFromTheHostsConfiguration() {
        assertEquals("http://deb.debian.org/debian", DebianKernels.archiveIn("""
                Types: deb
                URIs: http://deb.debian.org/debian-security
                Suites: bookworm-security

                Types: deb
                URIs: http://deb.debian.org/debian/
                Suites: bookworm bookworm-updates
                """));
        assertEquals("http://ftp.de.debian.org/debian", DebianKernels.archiveIn(
                "deb [arch=amd64 signed-by=/x.gpg] http://ftp.de.debian.org/debian bookworm main\n"));
        assertNull(DebianKernels.archiveIn("deb https://packages.cloud.google.com/apt cloud-sdk-bookworm main\n"));
    }

    @Test
    void withoutAptTheFetchSaysSo() {
        final DebianKernels k = new DebianKernels(new Tools(List.of(dir)), dir, line -> { });
        final LabException e = assertThrows(LabException.class, () -> k.fetch("trixie"));
        assertEquals("apt-get: not found (expected: the Debian package apt installed: apt-get install -y apt)",
                e.getMessage());
    }

    /** A suite whose kernel apt names as older than 6.10 is refused before its package is downloaded. */
    @Test
    void aKernelOlderThan610_isRefusedBeforeTheDownload() throws Exception {
        final Path bin = Files.createDirectories(dir.resolve("bin"));
        final Path log = dir.resolve("apt.log");
        for (final String tool : List.of("apt-get", "apt-cache", "dpkg-deb")) {
            final Path p = Files.writeString(bin.resolve(tool), "#!/bin/sh\n"
                    + "for a in \"$@\"; do last=$a; done\n"
                    + "echo \"" + tool + " $last\" >> '" + log + "'\n"
                    + ("apt-cache".equals(tool) ? APT_CACHE_BOOKWORM : ""));
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        final DebianKernels k = new DebianKernels(new Tools(List.of(bin)), dir.resolve("cache"), line -> { });
        final LabException e = assertThrows(LabException.class, () -> k.fetch("oldstable"));
        assertEquals("--kernel: debian:oldstable (expected: Linux 6.10 or later, e.g. debian:trixie; its"
                + " linux-image-amd64 is linux-image-6.1.0-28-amd64, 6.1: the per-size swpout and swpout_fallback"
                + " counters, hugepages-*kB/stats, appeared in 6.10)", e.getMessage());
        assertEquals(List.of("apt-get update", "apt-cache linux-image-amd64"), Files.readAllLines(log),
                "nothing downloaded");
        assertTrue(Files.notExists(dir.resolve("cache/kernels")));
    }
}

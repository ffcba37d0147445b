package dev.swaplayer.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DebianKernelsTest {
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
}

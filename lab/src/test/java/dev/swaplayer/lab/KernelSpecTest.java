package dev.swaplayer.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link KernelSpec}: a Debian suite, or a bzImage with its modules, and every spec refused with what is expected,
 * kernels older than 6.10 included.
 *
 * <p>Thread safety: each test runs on JUnit's one thread in its own temporary directory.
 */
class KernelSpecTest {
    @TempDir
    Path dir;

    @Test
    void aDebianSuite() {
        final KernelSpec k = KernelSpec.parse("debian:trixie", null);
        assertTrue(k.debian());
        assertEquals("trixie", k.suite());
        assertNull(k.image());
        assertEquals("debian:trixie", k.toString());
        assertEquals("sid", KernelSpec.parse("debian:sid", null).suite());
    }

    /** A file with the x86 boot header's magic where a bzImage has it, and nothing else of a kernel. */
    static Path fakeBzImage(final Path file) throws IOException {
        final byte[] b = new byte[0x300];
        System.arraycopy("HdrS".getBytes(StandardCharsets.US_ASCII), 0, b, 0x202, 4);
        return Files.write(file, b);
    }

    @Test
    void aBzImageWithItsModules() throws Exception {
        final Path image = fakeBzImage(dir.resolve("bzImage"));
        final Path modules = Files.createDirectories(dir.resolve("lib/modules/6.13.0"));
        final KernelSpec k = KernelSpec.parse(image.toString(), modules);
        assertFalse(k.debian());
        assertEquals(image, k.image());
        assertEquals(modules, k.modules());
    }

    @Test
    void badSpecsSayWhatIsExpected() throws Exception {
        assertMessage("debian:", null, "--kernel: debian: (expected: debian:SUITE (e.g. debian:trixie, debian:sid) "
                + "or a bzImage file)");
        assertMessage("debian:Trixie;rm", null, "--kernel: debian:Trixie;rm (expected: debian:SUITE");
        assertMessage("ubuntu:noble", null, "--kernel: ubuntu:noble (expected: debian:SUITE");
        assertMessage("", null, "--kernel: '' (expected: debian:SUITE");
        assertMessage(dir.resolve("nope").toString(), null, "--kernel: " + dir.resolve("nope")
                + " (expected: debian:SUITE (e.g. debian:trixie, debian:sid) or a bzImage file;"
                + " no such readable file)");
        assertMessage("debian:trixie", dir, "--modules: " + dir + " (expected: only with a bzImage");
        final Path image = fakeBzImage(dir.resolve("bzImage"));
        assertMessage(image.toString(), dir.resolve("missing"), "--modules: " + dir.resolve("missing")
                + " (expected: the kernel's module directory, lib/modules/<release>)");
    }

    @Test
    void aFileThatIsNoKernelImageIsRefusedBeforeQemuRuns() throws Exception {
        final Path zeros = Files.write(dir.resolve("zeros"), new byte[40 << 10]);
        assertMessage(zeros.toString(), null, "--kernel: " + zeros + " (expected: debian:SUITE (e.g. debian:trixie,"
                + " debian:sid) or a bzImage file; no x86 boot header, 'HdrS' at offset 0x202, as"
                + " arch/x86/boot/bzImage has)");
        final Path empty = Files.write(dir.resolve("empty"), new byte[0]);
        assertMessage(empty.toString(), null, "--kernel: " + empty + " (expected: debian:SUITE");
        final byte[] shifted = Files.readAllBytes(fakeBzImage(dir.resolve("shifted")));
        Files.write(dir.resolve("shifted"), Arrays.copyOfRange(shifted, 1, shifted.length));
        assertMessage(dir.resolve("shifted").toString(), null, "--kernel: " + dir.resolve("shifted"));
    }

    private static void assertMessage(final String value, final Path modules, final String message) {
        final LabException e = assertThrows(LabException.class, () -> KernelSpec.parse(value, modules));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    /** A suite whose kernel is known to predate the per-size counters is refused before apt runs. */
    @Test
    void aSuiteOlderThan610_isRefusedWithTheReason() {
        final LabException e = assertThrows(LabException.class, () -> KernelSpec.parse("debian:bookworm", null));
        assertEquals("--kernel: debian:bookworm (expected: Linux 6.10 or later, e.g. debian:trixie; bookworm's kernel"
                + " is 6.1: the per-size swpout and swpout_fallback counters, hugepages-*kB/stats, appeared in 6.10)",
                e.getMessage());
        assertMessage("debian:bullseye", null, "--kernel: debian:bullseye (expected: Linux 6.10 or later, e.g."
                + " debian:trixie; bullseye's kernel is 5.10:");
        // backports carry newer kernels: apt names the version (DebianKernels), so they are not refused here
        assertEquals("bookworm-backports", KernelSpec.parse("debian:bookworm-backports", null).suite());
        assertEquals("trixie", KernelSpec.parse("debian:trixie", null).suite());
    }

    /** A bzImage names its release in its setup header: one before 6.10 is refused, a later one or none passes. */
    @Test
    void aBzImageOlderThan610_isRefusedByTheReleaseItsHeaderNames() throws Exception {
        final Path old = withRelease(dir.resolve("old"), "6.1.0-28-amd64 (debian-kernel@lists.debian.org) #1 SMP");
        assertEquals("6.1.0-28-amd64 (debian-kernel@lists.debian.org) #1 SMP", KernelSpec.releaseOf(old));
        final LabException e = assertThrows(LabException.class, () -> KernelSpec.parse(old.toString(), null));
        assertEquals("--kernel: " + old + " (expected: Linux 6.10 or later, e.g. debian:trixie; its boot header names"
                + " release 6.1.0-28-amd64, 6.1: the per-size swpout and swpout_fallback counters, hugepages-*kB/stats,"
                + " appeared in 6.10)", e.getMessage());
        assertThrows(LabException.class, () -> KernelSpec.parse(withRelease(dir.resolve("6.9"), "6.9.12").toString(),
                null));
        final Path recent = withRelease(dir.resolve("recent"), "6.12.117+deb13-amd64 (debian-kernel@lists.debian.org)");
        assertEquals(recent, KernelSpec.parse(recent.toString(), null).image());
        assertEquals(dir.resolve("seven"), KernelSpec.parse(withRelease(dir.resolve("seven"), "7.2.13").toString(),
                null).image());
        final Path none = fakeBzImage(dir.resolve("none"));
        assertNull(KernelSpec.releaseOf(none), "no pointer: the boot shows what it has");
        assertEquals(none, KernelSpec.parse(none.toString(), null).image());
    }

    /** A fake bzImage whose setup header points (at 0x20E, from 0x200) to {@code release} at 0x280. */
    private static Path withRelease(final Path file, final String release) throws IOException {
        final byte[] b = Files.readAllBytes(fakeBzImage(file));
        final byte[] text = (release + "\0").getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(text, 0, b, 0x280, text.length);
        b[0x20E] = (byte) 0x80; // 0x280 - 0x200, little-endian
        b[0x20F] = 0;
        return Files.write(file, b);
    }

    @Test
    void aPackageOlderThan610_isRefusedOnceAptNamesIt() {
        KernelSpec.checkSeries("trixie", "linux-image-6.12.117+deb13-amd64");
        KernelSpec.checkSeries("sid", "linux-image-7.2.13+deb14-amd64");
        KernelSpec.checkSeries("x", "linux-image-6.10.0-1-amd64");
        KernelSpec.checkSeries("x", "linux-image-cloud-amd64"); // no version: the boot shows what it has
        final LabException e = assertThrows(LabException.class, () -> KernelSpec.checkSeries("oldstable",
                "linux-image-6.1.0-28-amd64"));
        assertEquals("--kernel: debian:oldstable (expected: Linux 6.10 or later, e.g. debian:trixie; its"
                + " linux-image-amd64 is linux-image-6.1.0-28-amd64, 6.1: the per-size swpout and swpout_fallback"
                + " counters, hugepages-*kB/stats, appeared in 6.10)", e.getMessage());
        assertThrows(LabException.class, () -> KernelSpec.checkSeries("x", "linux-image-6.9.12-amd64"));
    }
}

package dev.swaplayer.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    @Test
    void aBzImageWithItsModules() throws Exception {
        final Path image = Files.write(dir.resolve("bzImage"), new byte[] {1});
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
        final Path image = Files.write(dir.resolve("bzImage"), new byte[] {1});
        assertMessage(image.toString(), dir.resolve("missing"), "--modules: " + dir.resolve("missing")
                + " (expected: the kernel's module directory, lib/modules/<release>)");
    }

    private static void assertMessage(final String value, final Path modules, final String message) {
        final LabException e = assertThrows(LabException.class, () -> KernelSpec.parse(value, modules));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }
}

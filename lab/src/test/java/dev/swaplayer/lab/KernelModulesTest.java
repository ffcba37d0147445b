package dev.swaplayer.lab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link KernelModules}: a module's dependencies read from its modinfo and resolved in load order, and a missing
 * dependency or a cycle refused.
 *
 * <p>Thread safety: each test runs on JUnit's one thread in its own temporary directory.
 */
class KernelModulesTest {
    @TempDir
    Path dir;

    /** A stand-in .ko: ELF-ish bytes and a .modinfo with the given depends= string. */
    private static byte[] ko(final String name, final String depends) {
        return ("\177ELF\0junk\0license=GPL\0depends=" + depends + "\0name=" + name + "\0vermagic=6.12\0")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private void module(final String rel, final String name, final String depends) throws Exception {
        final Path p = dir.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, ko(name, depends));
    }

    @Test
    void readsDependsFromModinfo() {
        assertEquals(List.of("lz4hc_compress", "lz4_compress"), KernelModules.depends(ko("zram",
                "lz4hc_compress,lz4_compress")));
        assertEquals(List.of(), KernelModules.depends(ko("lz4_compress", "")));
        assertEquals(List.of("a_b"), KernelModules.depends(ko("x", "a-b")), "dashes are underscores");
        assertEquals(List.of(), KernelModules.depends("no modinfo".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(List.of(), KernelModules.depends("xdepends=a\0".getBytes(StandardCharsets.US_ASCII)),
                "only a modinfo string at a string start counts");
    }

    @Test
    void resolvesInLoadOrderAndSkipsWhatIsNotThere() throws Exception {
        module("kernel/drivers/block/zram/zram.ko", "zram", "lz4hc_compress,lz4_compress");
        module("kernel/lib/lz4/lz4_compress.ko", "lz4_compress", "");
        module("kernel/lib/lz4/lz4hc_compress.ko", "lz4hc_compress", "");
        module("kernel/crypto/lz4.ko", "lz4", "lz4_compress");
        final List<KernelModules.Module> mods = KernelModules.resolve(dir, List.of("zram", "lz4", "built_in_one"),
                Tools.fromEnvironment());
        assertEquals(List.of("lz4hc_compress", "lz4_compress", "zram", "lz4"),
                mods.stream().map(KernelModules.Module::name).toList());
        assertArrayEquals(ko("zram", "lz4hc_compress,lz4_compress"), mods.get(2).bytes());
    }

    @Test
    void aMissingDependencyIsNamed() throws Exception {
        module("kernel/drivers/block/zram/zram.ko", "zram", "zsmalloc");
        final LabException e = assertThrows(LabException.class, () -> KernelModules.resolve(dir, List.of("zram"),
                Tools.fromEnvironment()));
        assertEquals("module zsmalloc: not in the module directory (expected: a dependency of zram)", e.getMessage());
    }

    @Test
    void aCycleIsRejected() throws Exception {
        module("a.ko", "a", "b");
        module("b.ko", "b", "a");
        final LabException e = assertThrows(LabException.class, () -> KernelModules.resolve(dir, List.of("a"),
                Tools.fromEnvironment()));
        assertEquals("module dependencies: a cycle through a (expected: none)", e.getMessage());
    }
}

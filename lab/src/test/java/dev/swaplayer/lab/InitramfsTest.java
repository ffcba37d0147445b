package dev.swaplayer.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Initramfs#build}: the archive, as cpio unpacks it, holds init, busybox, the runner, the modules, the workload
 * script and the configuration.
 *
 * <p>Thread safety: JUnit runs it on one thread in its own temporary directory; the build feeds cpio from a thread of
 * its own, which it joins before it returns.
 */
class InitramfsTest {
    @TempDir
    Path dir;

    @Test
    void packsInitRunnerModulesScriptAndConfiguration() throws Exception {
        final Tools tools = Tools.fromEnvironment();
        final Path cpio = tools.require("cpio", "cpio"); // the launcher installs it for the gate
        final Path fakeBusybox = Path.of("target/runner/swaplayer-runner");
        final Path out = dir.resolve("initrd.gz");
        Initramfs.build(dir.resolve("root"), out, fakeBusybox, cpio,
                List.of(new KernelModules.Module("lz4_compress", new byte[] {1, 2}),
                        new KernelModules.Module("zram", new byte[] {3})),
                "swaplayer-workload 1\nswap 64\nregion m 8\nwrite m 0 8\n", "page");
        final Path x = Files.createDirectories(dir.resolve("x"));
        Tools.run(x, List.of("sh", "-c", "gzip -dc " + out + " | " + cpio + " -id --quiet"));
        assertTrue(Files.isExecutable(x.resolve("init")));
        assertTrue(Files.readString(x.resolve("init")).startsWith("#!/bin/busybox sh"));
        assertTrue(Files.isExecutable(x.resolve("bin/busybox")));
        assertTrue(Tools.isStaticElf(x.resolve("lab/swaplayer-runner")));
        assertEquals("MODULES=\"lz4_compress zram\"\nSWAPIN=page\n", Files.readString(x.resolve("lab/lab.conf")));
        assertEquals(List.of("swaplayer-workload 1", "swap 64", "region m 8", "write m 0 8"),
                Files.readAllLines(x.resolve("lab/workload.swl"), StandardCharsets.UTF_8));
        assertEquals(2, Files.size(x.resolve("lab/modules/lz4_compress.ko")));
        for (final String d : List.of("dev", "proc", "sys")) {
            assertTrue(Files.isDirectory(x.resolve(d)), d);
        }
    }
}

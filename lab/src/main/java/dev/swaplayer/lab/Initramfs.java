package dev.swaplayer.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Packs the VM's initramfs (a gzip'd newc cpio, made with the host's {@code cpio}): busybox-static as
 * {@code /bin/busybox}, the lab's {@code /init}, the static runner, the modules, the script, and
 * {@code /lab/lab.conf} (the modules to load, in order, and the swap-in granularity).
 *
 * <p>Thread safety: stateless.
 */
public final class Initramfs {
    static final String RUNNER = "swaplayer-runner";

    private Initramfs() {
    }

    /**
     * Builds the initramfs that runs the workload script.
     *
     * @param staging an empty directory to build the tree in
     * @param out the initramfs to write
     * @param busybox a statically linked busybox
     * @param cpio the host's cpio
     * @param modules the modules to load, in order
     * @param script the workload script text
     * @param swapIn {@code page} or {@code folio}
     * @throws LabException when the runner is not in this build or a file cannot be written
     */
    public static void build(final Path staging, final Path out, final Path busybox, final Path cpio,
            final List<KernelModules.Module> modules, final String script, final String swapIn) {
        try {
            for (final String d : List.of("bin", "dev", "proc", "sys", "lab/modules")) {
                Files.createDirectories(staging.resolve(d));
            }
            Files.copy(busybox, staging.resolve("bin/busybox"));
            executable(staging.resolve("bin/busybox"));
            resource("init", staging.resolve("init"));
            resource(RUNNER, staging.resolve("lab").resolve(RUNNER));
            final StringBuilder names = new StringBuilder();
            for (final KernelModules.Module m : modules) {
                Files.write(staging.resolve("lab/modules").resolve(m.name() + ".ko"), m.bytes());
                names.append(names.length() == 0 ? "" : " ").append(m.name());
            }
            Files.writeString(staging.resolve("lab/lab.conf"), "MODULES=\"" + names + "\"\nSWAPIN=" + swapIn + "\n");
            Files.writeString(staging.resolve("lab/workload.swl"), script);
            pack(staging, out, cpio);
        } catch (IOException e) {
            throw new LabException("initramfs: " + e.getMessage() + " (expected: a writable temporary directory)");
        }
    }

    private static void resource(final String name, final Path to) throws IOException {
        try (InputStream in = Initramfs.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new LabException("runner: " + name + " not in this build (expected: built by 'make -C "
                        + "lab/runner' in the Maven build; rebuild with ./swaplayer)");
            }
            Files.copy(in, to);
        }
        executable(to);
    }

    private static void executable(final Path p) throws IOException {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static void pack(final Path staging, final Path out, final Path cpio) throws IOException {
        final StringBuilder list = new StringBuilder();
        try (Stream<Path> s = Files.walk(staging)) {
            s.sorted().forEach(p -> list.append(staging.relativize(p).toString().isEmpty() ? "."
                    : staging.relativize(p).toString()).append('\n'));
        }
        final Process p = new ProcessBuilder(cpio.toString(), "-o", "-H", "newc", "--quiet")
                .directory(staging.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        final Thread feed = new Thread(() -> {
            try (OutputStream in = p.getOutputStream()) {
                in.write(list.toString().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // cpio died; its exit code says so
            }
        }, "cpio-input");
        feed.start();
        try (InputStream archive = p.getInputStream();
                OutputStream gz = new GZIPOutputStream(Files.newOutputStream(out))) {
            archive.transferTo(gz);
        }
        try {
            feed.join();
            if (p.waitFor() != 0) {
                throw new LabException("cpio: exit " + p.exitValue() + " (expected: 0, packing " + staging + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new LabException("cpio: interrupted (expected: to finish)");
        }
    }
}

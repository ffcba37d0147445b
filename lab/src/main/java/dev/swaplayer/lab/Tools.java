package dev.swaplayer.lab;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the host programs the lab needs, with the Debian package that provides each, and runs them.
 *
 * <p>Thread safety: immutable.
 *
 * @param path the directories searched, in order (the {@code PATH}, plus /usr/sbin and /sbin)
 */
public record Tools(List<Path> path) {
    /** Copies the list. */
    public Tools {
        path = List.copyOf(path);
    }

    /** Returns the tools of this process's {@code PATH}. */
    public static Tools fromEnvironment() {
        final List<Path> dirs = new ArrayList<>();
        final String env = System.getenv("PATH");
        if (env != null) {
            for (final String d : env.split(File.pathSeparator, -1)) {
                if (!d.isEmpty()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        dirs.add(Path.of("/usr/sbin"));
        dirs.add(Path.of("/sbin"));
        return new Tools(dirs);
    }

    /**
     * Returns its path.
     *
     * @param name a program name
     * @param debianPackage the package that provides it
     * @throws LabException naming the package when it is not installed
     */
    public Path require(final String name, final String debianPackage) {
        for (final Path d : path) {
            final Path p = d.resolve(name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p;
            }
        }
        throw new LabException(name + ": not found (expected: the Debian package " + debianPackage
                + " installed: apt-get install -y " + debianPackage + ")");
    }

    /**
     * Returns whether it is an ELF executable without a program interpreter (statically linked).
     *
     * @param p a file
     * @throws IOException when it cannot be read
     */
    public static boolean isStaticElf(final Path p) throws IOException {
        final byte[] b;
        try (InputStream in = Files.newInputStream(p)) {
            b = in.readNBytes(64 * 1024);
        }
        if (b.length < 64 || b[0] != 0x7f || b[1] != 'E' || b[2] != 'L' || b[3] != 'F' || b[4] != 2) {
            return false;
        }
        final long phoff = le(b, 32, 8);
        final int phentsize = (int) le(b, 54, 2);
        final int phnum = (int) le(b, 56, 2);
        for (int i = 0; i < phnum; i++) {
            final long at = phoff + (long) i * phentsize;
            if (at + 4 > b.length) {
                return false;
            }
            if (le(b, (int) at, 4) == 3) { // PT_INTERP
                return false;
            }
        }
        return true;
    }

    private static long le(final byte[] b, final int at, final int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = v << 8 | (b[at + i] & 0xff);
        }
        return v;
    }

    /**
     * Runs a command to completion, its output captured.
     *
     * @param dir the working directory, or null
     * @param command the command
     * @return the output (stdout and stderr together)
     * @throws LabException when it exits non-zero (with its last output line)
     */
    public static String run(final Path dir, final List<String> command) {
        final ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (dir != null) {
            pb.directory(dir.toFile());
        }
        try {
            final Process p = pb.start();
            p.getOutputStream().close();
            final String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            final int rc = p.waitFor();
            if (rc != 0) {
                final String[] lines = out.strip().split("\n", -1);
                throw new LabException(command.get(0) + ": exit " + rc + ": " + lines[lines.length - 1].strip()
                        + " (expected: exit 0; command: " + String.join(" ", command) + ")");
            }
            return out;
        } catch (IOException e) {
            throw new LabException(command.get(0) + ": " + e.getMessage() + " (expected: a runnable program)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException(command.get(0) + ": interrupted (expected: to run to the end)");
        }
    }
}

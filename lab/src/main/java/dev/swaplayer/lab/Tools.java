package dev.swaplayer.lab;

import dev.swaplayer.device.TempFiles;
import dev.swaplayer.device.UserInput;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds the host programs the lab needs, with the Debian package that provides each, and runs them.
 *
 * <p>Thread safety: immutable.
 *
 * @param path the directories searched, in order (the {@code PATH}, plus /usr/sbin and /sbin)
 */
public record Tools(List<Path> path) {
    /** What QEMU's {@code --version} prints first: {@code QEMU emulator version 8.2.2 (Debian ...)}. */
    static final String QEMU_BANNER = "QEMU emulator version";
    /** How long {@code --version} may take: QEMU answers at once, so a program that does not is no QEMU. */
    static final Duration QEMU_VERSION_TIMEOUT = Duration.ofSeconds(10);
    /** The most of its answer read: QEMU's is two lines. */
    private static final int VERSION_BYTES = 4096;

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
     * Checks that a program is QEMU before a boot relies on it: runs it with {@code --version} (no input, at most
     * {@link #QEMU_VERSION_TIMEOUT}) and looks for {@value #QEMU_BANNER} in what it prints, so that any other
     * executable ({@code /bin/true}, a wrapper that ignores its arguments) is named before anything is fetched,
     * not taken for a QEMU whose guest never printed a line.
     *
     * @param what the option or program the binary came from, for the message: {@code --qemu}
     * @param qemu the binary
     * @throws LabException when it does not answer as QEMU does
     */
    public static void checkQemu(final String what, final Path qemu) {
        checkQemu(what, qemu, QEMU_VERSION_TIMEOUT);
    }

    static void checkQemu(final String what, final Path qemu, final Duration timeout) {
        final Answer a = versionOf(qemu, timeout);
        if (a.problem() == null && a.printed().contains(QEMU_BANNER)) {
            return;
        }
        final String first = a.printed().strip().lines().findFirst().orElse("");
        final String said = a.problem() != null ? a.problem()
                : first.isEmpty() ? "it printed nothing" : "it printed " + UserInput.show(first);
        throw new LabException(what + ": " + UserInput.escape(qemu.toString()) + " (expected: QEMU, "
                + "qemu-system-x86_64, whose --version prints '" + QEMU_BANNER + " ...'; " + said + ")");
    }

    /**
     * What {@code --version} gave.
     *
     * @param printed its output, stdout and stderr, at most {@value #VERSION_BYTES} bytes
     * @param problem why there is no answer (it did not start, or not end in time), or null
     */
    private record Answer(String printed, String problem) {
    }

    /**
     * Runs {@code program --version}; one that does not end within the timeout is killed with its children. Its
     * output goes to a file, not a pipe, so that a child that keeps the output open cannot hang the reading.
     */
    private static Answer versionOf(final Path program, final Duration timeout) {
        final Path out;
        try {
            out = TempFiles.createFile("swaplayer-qemu-version-", ".txt"); // deleted at exit even on Ctrl-C
        } catch (IOException e) {
            throw new LabException("temporary directory: " + UserInput.escapeControls(String.valueOf(e.getMessage()))
                    + " (expected: a writable " + System.getProperty("java.io.tmpdir") + ")");
        }
        try {
            final Process p;
            try {
                p = new ProcessBuilder(program.toString(), "--version").redirectErrorStream(true)
                        .redirectOutput(out.toFile()).start();
            } catch (IOException e) { // the cause says why: "error=8, Exec format error"
                final Throwable why = e.getCause() != null ? e.getCause() : e;
                return new Answer("", "it does not run: " + UserInput.show(String.valueOf(why.getMessage())));
            }
            p.getOutputStream().close();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return new Answer("", "it did not answer within " + timeout.toSeconds() + " s");
            }
            try (InputStream in = Files.newInputStream(out)) {
                return new Answer(new String(in.readNBytes(VERSION_BYTES), StandardCharsets.UTF_8), null);
            }
        } catch (IOException e) {
            return new Answer("", "its output: " + UserInput.show(String.valueOf(e.getMessage())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException(UserInput.escape(program.toString()) + ": interrupted (expected: --version to"
                    + " answer)");
        } finally {
            TempFiles.delete(out);
        }
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

package dev.swaplayer.device;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs util-linux tools ({@code mkswap}, {@code blkid}, {@code swaplabel}) for the interoperability tests.
 * The tools are required: {@code ./swaplayer test} installs util-linux when it is missing, so a missing tool
 * fails the test with a message saying so rather than skipping it.
 *
 * <p>Thread safety: stateless.
 */
final class UtilLinux {
    private static final String[] DIRS = {"/usr/sbin", "/sbin", "/usr/bin", "/bin"};

    /** The outcome of one run. */
    record Result(int exitCode, String out, String err) {
        Result ok() {
            if (exitCode != 0) {
                fail("exit code " + exitCode + " (expected: 0); stdout: " + out + " stderr: " + err);
            }
            return this;
        }
    }

    private UtilLinux() {
    }

    static Path tool(final String name) {
        for (final String dir : DIRS) {
            final Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        final String path = System.getenv("PATH");
        if (path != null) {
            for (final String dir : path.split(":", -1)) {
                final Path p = Path.of(dir, name);
                if (!dir.isEmpty() && Files.isExecutable(p)) {
                    return p;
                }
            }
        }
        return fail(name + ": not found in /usr/sbin, /sbin or PATH (expected: util-linux installed; "
                + "'./swaplayer test' installs it, or run 'apt-get install util-linux')");
    }

    static Result run(final String name, final Object... args) throws IOException, InterruptedException {
        final List<String> cmd = new ArrayList<>();
        cmd.add(tool(name).toString());
        for (final Object a : args) {
            cmd.add(a.toString());
        }
        final Path out = Files.createTempFile("swaplayer-" + name, ".out");
        final Path err = Files.createTempFile("swaplayer-" + name, ".err");
        try {
            final ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().put("LC_ALL", "C");
            final Process p = pb.start();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail(String.join(" ", cmd) + ": still running after 60 s");
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** {@code blkid -p -o export FILE} parsed into its KEY=VALUE pairs. */
    static Map<String, String> blkidExport(final Path file) throws IOException, InterruptedException {
        final Result r = run("blkid", "-p", "-o", "export", file).ok();
        final Map<String, String> tags = new LinkedHashMap<>();
        for (final String line : r.out().split("\n", -1)) {
            final int eq = line.indexOf('=');
            if (eq > 0) {
                tags.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return tags;
    }
}

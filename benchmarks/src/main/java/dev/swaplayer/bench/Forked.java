package dev.swaplayer.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a main class of this jar in a JVM of its own (the same java, the same class path) and returns what it
 * printed: the memory and scale measurements need their own heap and flags.
 *
 * <p>Thread safety: stateless.
 */
final class Forked {
    private Forked() {
    }

    /**
     * @param main the class to run
     * @param jvmArgs JVM flags
     * @param args its arguments
     * @return its standard output; its standard error goes to ours
     * @throws IOException when it cannot start or exits with a non-zero code
     * @throws InterruptedException when interrupted while waiting
     */
    static String run(final Class<?> main, final List<String> jvmArgs, final List<String> args)
            throws IOException, InterruptedException {
        final List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse(System.getProperty("java.home") + "/bin/java"));
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(main.getName());
        cmd.addAll(args);
        final Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        final String out;
        try (InputStream in = p.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        final int rc = p.waitFor();
        if (rc != 0) {
            throw new IOException(main.getSimpleName() + ": exit code " + rc + " (expected: 0); command: "
                    + String.join(" ", cmd));
        }
        return out;
    }
}

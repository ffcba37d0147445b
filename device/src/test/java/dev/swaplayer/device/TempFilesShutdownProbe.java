package dev.swaplayer.device;

import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Run in a JVM of its own by {@link TempFilesTest} (shutdown, once begun, cannot be undone in the test's JVM): begins
 * {@link TempFiles}' shutdown as its hook does, then asks for a path in each way the class creates one, and prints
 * whether each was refused and whether anything appeared in {@code java.io.tmpdir} meanwhile, even for a moment
 * (inotify sees a directory created and deleted at once).
 *
 * <p>Thread safety: one thread.
 */
public final class TempFilesShutdownProbe {
    private TempFilesShutdownProbe() {
    }

    /** One way of creating a path. */
    private interface Creator {
        Object create() throws Exception;
    }

    private static String attempt(final String name, final Creator c) throws Exception {
        try {
            c.create();
            return name + " returned";
        } catch (final IllegalStateException e) {
            return name + " refused";
        }
    }

    /**
     * Prints which creators were refused, and "nothing created" when all is well.
     *
     * @param args none
     * @throws Exception when the watch cannot be set up
     */
    public static void main(final String[] args) throws Exception {
        final Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (WatchService w = tmp.getFileSystem().newWatchService()) {
            tmp.register(w, StandardWatchEventKinds.ENTRY_CREATE);
            TempFiles.deleteAll(); // what the shutdown hook does: from here on, shutdown has begun
            final List<String> outcomes = new ArrayList<>();
            outcomes.add(attempt("createDirectory", () -> TempFiles.createDirectory("probe-")));
            outcomes.add(attempt("createFile", () -> TempFiles.createFile("probe-", ".txt")));
            outcomes.add(attempt("stage", () -> TempFiles.stage(tmp.resolve("target"))));
            outcomes.add(attempt("probe", () -> TempFiles.probe(tmp)));
            final WatchKey k = w.poll(500, TimeUnit.MILLISECONDS);
            System.out.println(String.join(", ", outcomes) + "; " + (k == null ? "nothing created"
                    : "created " + k.pollEvents().get(0).context()));
        }
    }
}

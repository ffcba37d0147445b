package dev.swaplayer.device;

import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;

/**
 * Run in a JVM of its own by {@link TempFilesTest} (shutdown, once begun, cannot be undone in the test's JVM): begins
 * {@link TempFiles}' shutdown as its hook does, then asks for a temporary directory, and prints whether the call was
 * refused and whether anything appeared in {@code java.io.tmpdir} meanwhile, even for a moment (inotify sees a
 * directory created and deleted at once).
 *
 * <p>Thread safety: one thread.
 */
public final class TempFilesShutdownProbe {
    private TempFilesShutdownProbe() {
    }

    /**
     * Prints "refused, nothing created" when all is well.
     *
     * @param args none
     * @throws Exception when the watch cannot be set up
     */
    public static void main(final String[] args) throws Exception {
        final Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (WatchService w = tmp.getFileSystem().newWatchService()) {
            tmp.register(w, StandardWatchEventKinds.ENTRY_CREATE);
            TempFiles.deleteAll(); // what the shutdown hook does: from here on, shutdown has begun
            String outcome;
            try {
                TempFiles.createDirectory("probe-");
                outcome = "returned a directory";
            } catch (final IllegalStateException e) {
                outcome = "refused";
            }
            final WatchKey k = w.poll(500, TimeUnit.MILLISECONDS);
            System.out.println(outcome + ", " + (k == null ? "nothing created"
                    : "created " + k.pollEvents().get(0).context()));
        }
    }
}

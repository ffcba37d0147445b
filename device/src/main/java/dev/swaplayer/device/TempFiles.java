package dev.swaplayer.device;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Temporary files and directories that must not outlive the JVM, even when it is stopped by Ctrl-C
 * (SIGINT) or SIGTERM: a {@code finally} block of the main thread does not run then, but a shutdown hook
 * does. Registered paths are deleted by the hook, the newest first (so a directory goes after its files);
 * a directory registered here is deleted with everything in it. A path registered once shutdown has begun
 * is deleted at once and {@link #register} throws, so a run cannot create a file after the hook has run.
 *
 * <p>{@link #stage} completes the other half: a file a user asked for is written under a temporary name
 * beside its target and renamed into place only when it is complete, so an interrupted command
 * leaves neither a partial target nor the temporary file.
 *
 * <p>Whatever this class creates it creates under its lock, after checking that shutdown has not begun and
 * installing its hook (a signal between a first creation and the hook's installation found no hook: a gate run
 * of {@code InterruptIT} once left a staging directory so), and registers before it lets go: the JVM halts when
 * the last shutdown hook ends, while the run's own threads still run, so a path created outside the lock, or
 * after the hook, could outlive it.
 *
 * <p>Thread safety: thread-safe; every method synchronizes on one lock, which the shutdown hook takes too.
 */
public final class TempFiles {
    private static final Object LOCK = new Object();
    private static final Set<Path> PATHS = new LinkedHashSet<>();
    private static boolean hooked;
    private static boolean shuttingDown;
    /** How many times a tree is walked and deleted while it still exists (see {@link #deleteTree(Path)}). */
    static final int DELETE_PASSES = 4;

    private TempFiles() {
    }

    /**
     * Registers a path for deletion when the JVM exits.
     *
     * @param path a file or directory that exists now or is about to be created
     * @return the path
     * @throws IllegalStateException when the JVM is already shutting down (the path has been deleted)
     */
    public static Path register(final Path path) {
        synchronized (LOCK) {
            if (shuttingDown || !hook()) {
                deleteTree(path);
                throw new IllegalStateException("temporary file: " + path + " (expected: created before the JVM"
                        + " began to shut down; it has been deleted)");
            }
            PATHS.add(path.toAbsolutePath());
            return path;
        }
    }

    /**
     * Installs the shutdown hook once, under the lock; false when the JVM has begun to shut down, so that the hook
     * can no longer be installed. The methods that create a path call it first: a signal that comes between the
     * creation and the hook's installation would otherwise find no hook, and the path would stay behind.
     */
    private static boolean hook() {
        assert Thread.holdsLock(LOCK);
        if (!hooked) {
            try {
                Runtime.getRuntime().addShutdownHook(new Thread(TempFiles::deleteAll, "swaplayer-temp-files"));
            } catch (IllegalStateException shutdownInProgress) {
                shuttingDown = true;
                return false;
            }
            hooked = true;
        }
        return true;
    }

    /**
     * Creates a directory in {@code java.io.tmpdir} and registers it. Once shutdown has begun nothing is created:
     * the other hooks may still be running, and the JVM halts when they end, so a directory created then (to be
     * deleted again by {@link #register}) could be left behind by a halt between the two.
     *
     * @param prefix the start of its name
     * @return the directory
     * @throws IOException when it cannot be created
     * @throws IllegalStateException when the JVM is already shutting down (nothing was created)
     */
    public static Path createDirectory(final String prefix) throws IOException {
        synchronized (LOCK) {
            refuseOnceShuttingDown("temporary directory: " + prefix + "…");
            return register(Files.createTempDirectory(prefix));
        }
    }

    /**
     * Creates an empty file in {@code java.io.tmpdir} and registers it, with the shutdown hook kept out between the
     * two (both under the lock), so that no halt can come after the creation and before the registration.
     *
     * @param prefix the start of its name
     * @param suffix the end of its name
     * @return the file
     * @throws IOException when it cannot be created
     * @throws IllegalStateException when the JVM is already shutting down (nothing was created)
     */
    public static Path createFile(final String prefix, final String suffix) throws IOException {
        synchronized (LOCK) {
            refuseOnceShuttingDown("temporary file: " + prefix + "…" + suffix);
            return register(Files.createTempFile(prefix, suffix));
        }
    }

    /**
     * Starts a file that is written beside {@code target} and renamed onto it only once complete
     * ({@link Staged#publish}, {@link Staged#replace}), so that an interrupted or failed run leaves neither a partial
     * target nor the file it was writing. The file is written in a hidden directory beside the target,
     * {@code .NAME.<random>.tmp/NAME}, which is created and registered here, under the lock: once the shutdown hook
     * has deleted that directory nothing can be created in it, so a file the run's main thread creates while the
     * JVM halts cannot stay behind. The file itself is not created.
     *
     * @param target the file the staged one will become; its directory must exist
     * @return the staged file: close it (try-with-resources) to delete what is left of it
     * @throws IOException when the directory cannot be created beside the target
     * @throws IllegalStateException when the JVM is already shutting down (nothing was created)
     */
    public static Staged stage(final Path target) throws IOException {
        final Path abs = target.toAbsolutePath();
        final String name = abs.getFileName().toString();
        synchronized (LOCK) {
            refuseOnceShuttingDown("temporary directory beside " + abs);
            final Path dir = abs.resolveSibling("." + name + "." + UUID.randomUUID().toString().substring(0, 8)
                    + ".tmp");
            Files.createDirectory(dir);
            return new Staged(register(dir), dir.resolve(name), abs);
        }
    }

    /**
     * A file being written beside its target ({@link #stage}).
     *
     * <p>Thread safety: to be used by one thread; the renames and deletions take the class's lock.
     */
    public static final class Staged implements AutoCloseable {
        private final Path dir;
        private final Path file;
        private final Path target;

        private Staged(final Path dir, final Path file, final Path target) {
            this.dir = dir;
            this.file = file;
            this.target = target;
        }

        /** Returns the file to write (not created yet), in the staging directory. */
        public Path file() {
            return file;
        }

        /**
         * Renames the complete file onto its target atomically.
         *
         * @throws FileAlreadyExistsException when the target exists (nothing moved)
         * @throws IOException when the rename fails, or the JVM is shutting down
         */
        public void publish() throws IOException {
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw new FileAlreadyExistsException(target.toString());
            }
            rename(file, target);
        }

        /**
         * Renames the complete file onto its target atomically, replacing the target if it exists: a reader sees the
         * old file or the new one, never a part.
         *
         * @throws IOException when the rename fails, or the JVM is shutting down
         */
        public void replace() throws IOException {
            rename(file, target);
        }

        /** Deletes the staging directory with whatever is still in it, and forgets it. */
        @Override
        public void close() {
            delete(dir);
        }
    }

    private static void rename(final Path temp, final Path target) throws IOException {
        synchronized (LOCK) {
            if (shuttingDown) {
                throw new IOException(target + ": not renamed into place, the JVM is shutting down");
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /**
     * Creates a file in {@code dir} and deletes it again, with the shutdown hook kept out between the two: the one
     * proof that a file can be created there, which leaves nothing behind even when the JVM halts.
     *
     * @param dir an existing directory
     * @return null when a file could be created, else what creating it threw
     * @throws IllegalStateException when the JVM is already shutting down (nothing was created)
     */
    public static IOException probe(final Path dir) {
        synchronized (LOCK) {
            refuseOnceShuttingDown("probe file in " + dir);
            try {
                Files.delete(Files.createTempFile(dir, ".swaplayer-", ".probe"));
                return null;
            } catch (final IOException e) {
                return e;
            }
        }
    }

    private static void refuseOnceShuttingDown(final String what) {
        assert Thread.holdsLock(LOCK);
        if (shuttingDown || !hook()) {
            throw new IllegalStateException(what + " (expected: created before the JVM began to shut down; none was"
                    + " created)");
        }
    }

    /**
     * Deletes a registered path now (a directory with its contents) and forgets it; a no-op for a missing one.
     *
     * @param path the path
     */
    public static void delete(final Path path) {
        synchronized (LOCK) {
            deleteTree(path);
            PATHS.remove(path.toAbsolutePath());
        }
    }

    /** Returns how many paths are registered now (for tests). */
    static int registered() {
        synchronized (LOCK) {
            return PATHS.size();
        }
    }

    /**
     * The shutdown hook: deletes every registered path, the newest first. Public for another shutdown hook that
     * must end the process with {@link Runtime#halt} (which does not wait for this one) and so deletes first.
     */
    public static void deleteAll() {
        synchronized (LOCK) {
            shuttingDown = true;
            final List<Path> paths = new ArrayList<>(PATHS);
            for (int i = paths.size() - 1; i >= 0; i--) {
                deleteTree(paths.get(i));
            }
            PATHS.clear();
        }
    }

    /**
     * Deletes a file, or a directory and everything under it, best effort (nothing to report at exit).
     *
     * <p>The other threads keep running while the shutdown hook runs: a thread about to create a file in a
     * registered directory (a swap file in the simulator's directory) may create it after the walk listed the
     * directory and before the directory is removed, and the removal then fails for a directory not empty. So
     * the walk is repeated while the path exists, {@link #DELETE_PASSES} times at most: once the directory is
     * gone nothing can be created in it, and {@link #register} refuses new paths once shutdown has begun.
     */
    private static void deleteTree(final Path path) {
        deleteTree(path, () -> { });
    }

    /**
     * {@link #deleteTree(Path)}, running {@code afterWalk} between each walk and its deletions (for the test of a
     * file created while its directory is being deleted).
     */
    static void deleteTree(final Path path, final Runnable afterWalk) {
        for (int pass = 0; pass < DELETE_PASSES && path != null && Files.exists(path, LinkOption.NOFOLLOW_LINKS);
                pass++) {
            deleteWalked(path, afterWalk);
        }
    }

    private static void deleteWalked(final Path path, final Runnable afterWalk) {
        try (var walk = Files.walk(path)) {
            final List<Path> all = new ArrayList<>(walk.toList());
            afterWalk.run();
            for (int i = all.size() - 1; i >= 0; i--) {
                Files.deleteIfExists(all.get(i));
            }
        } catch (final IOException | RuntimeException e) {
            // best effort: the next pass tries again; what still cannot be deleted stays, with no one to tell
        }
    }
}

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
 * <p>{@link #publish} completes the other half: a file a user asked for is written under a temporary name
 * in its target directory and renamed into place only when it is complete, so an interrupted command
 * leaves neither a partial target nor the temporary file.
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
            if (shuttingDown) {
                deleteTree(path);
                throw new IllegalStateException("temporary file: " + path + " (expected: created before the JVM"
                        + " began to shut down; it has been deleted)");
            }
            if (!hooked) {
                Runtime.getRuntime().addShutdownHook(new Thread(TempFiles::deleteAll, "swaplayer-temp-files"));
                hooked = true;
            }
            PATHS.add(path.toAbsolutePath());
            return path;
        }
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
            if (shuttingDown) {
                throw new IllegalStateException("temporary directory: " + prefix + "… (expected: created before the"
                        + " JVM began to shut down; none was created)");
            }
            return register(Files.createTempDirectory(prefix));
        }
    }

    /**
     * A fresh temporary name next to {@code target}, in its directory, registered for deletion: a hidden file
     * {@code .NAME.<random>.tmp}, which is renamed onto the target by {@link #publish}.
     *
     * @param target the file the temporary one will become
     * @return the temporary path (not created)
     */
    public static Path sibling(final Path target) {
        final Path abs = target.toAbsolutePath();
        final Path name = abs.getFileName();
        return register(abs.resolveSibling("." + name + "." + UUID.randomUUID().toString().substring(0, 8) + ".tmp"));
    }

    /**
     * Renames a complete temporary file onto its target atomically, and forgets it.
     *
     * @param temp the temporary file, from {@link #sibling}
     * @param target the target, which must not exist
     * @throws FileAlreadyExistsException when the target exists (the temporary file is left registered)
     * @throws IOException when the rename fails
     */
    public static void publish(final Path temp, final Path target) throws IOException {
        if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw new FileAlreadyExistsException(target.toString());
        }
        rename(temp, target);
    }

    /**
     * Renames a complete temporary file onto its target atomically, replacing the target if it exists, and
     * forgets it: a reader sees the old file or the new one, never a part.
     *
     * @param temp the temporary file, from {@link #sibling}
     * @param target the target
     * @throws IOException when the rename fails
     */
    public static void replace(final Path temp, final Path target) throws IOException {
        rename(temp, target);
    }

    private static void rename(final Path temp, final Path target) throws IOException {
        synchronized (LOCK) {
            if (shuttingDown) {
                throw new IOException(target + ": not renamed into place, the JVM is shutting down");
            }
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            PATHS.remove(temp.toAbsolutePath());
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

package dev.swaplayer.cli;

import dev.swaplayer.device.TempFiles;
import dev.swaplayer.device.UserInput;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * A mistake in the user's input (a bad argument, a missing or malformed file): printed as one line
 * on stderr, exit code {@link ExitCode#USAGE}, no stack trace.
 *
 * <p>Thread safety: immutable.
 */
public final class UserError extends RuntimeException {
    /** What {@link #words} says when the exception gives no reason. */
    static final String NO_REASON = "an I/O error";

    private static final long serialVersionUID = 1L;

    /** @param message one line in the form {@code what: value (expected: ...)} */
    public UserError(final String message) {
        super(message, null, false, false);
    }

    /**
     * Adds a clause inside the closing parenthesis of a message in the house form, {@code what: value (expected:
     * ...; clause)}: for a hint the layer that wrote the message could not know (a CLI option, a near name).
     *
     * @param message a message, usually ending in {@code ")"}
     * @param clause the text to add, e.g. {@code "; did you mean buddy?"}; nothing is added when empty
     * @return the message with the clause before its last parenthesis, or unchanged when it does not end in one
     */
    static String amended(final String message, final String clause) {
        return clause.isEmpty() || !message.endsWith(")") ? message
                : message.substring(0, message.length() - 1) + clause + ")";
    }

    /**
     * Refuses a directory given where a file is expected, as {@code what: DIR (expected: FILE, not a directory)}:
     * the one wording of that mistake, which a check for "a readable file" alone would misreport as a missing
     * file. Any other path passes, for the caller's own checks.
     *
     * @param what the option or argument, e.g. {@code --jar}
     * @param path the path given
     * @param file what it should have named, e.g. {@code "a jar file"}
     * @throws UserError when {@code path} is a directory (or a link to one)
     */
    static void refuseDirectory(final String what, final Path path, final String file) {
        if (Files.isDirectory(path)) {
            throw new UserError(what + ": " + UserInput.escape(path.toString()) + " (expected: " + file
                    + ", not a directory)");
        }
    }

    /**
     * The error of an {@code --out} directory that cannot be made or written, with the reason in words: a
     * file system exception's message is often only the path (a regular file where the directory goes reads
     * {@code FileAlreadyExistsException: out}).
     *
     * @param out the directory given
     * @param e what creating or writing it threw
     * @return the error to throw
     */
    static UserError outDirectory(final Path out, final IOException e) {
        return directory("--out", out, e);
    }

    /**
     * The error of an output directory that cannot be made or written, as {@code what: DIR (expected: a writable
     * directory; REASON)}, the reason in words ({@link #reason}).
     *
     * @param what the option, e.g. {@code --out}
     * @param dir the directory given
     * @param e what creating or writing it threw
     * @return the error to throw
     */
    static UserError directory(final String what, final Path dir, final IOException e) {
        return new UserError(what + ": " + UserInput.escape(dir.toString()) + " (expected: a writable directory; "
                + reason(e, dir) + ")");
    }

    /**
     * Creates an output directory (and its parents) when missing, as the verb would, and proves that a file can be
     * created in it, before the verb runs anything: a directory that cannot take the verb's files is then a user
     * error up front, not one found after the whole run. The proof is a real write, a temporary file created and
     * deleted: {@link Files#isWritable} reads the permission bits, which root passes even where the file system
     * refuses every new file (sysfs, procfs, a read-only mount).
     *
     * @param what the option, e.g. {@code --out}
     * @param dir the directory given
     * @throws UserError {@code what: DIR (expected: a writable directory; REASON)} when it cannot be made, or no
     *     file can be created in it
     */
    static void requireWritableDirectory(final String what, final Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw directory(what, dir, e);
        }
        final IOException refused = TempFiles.probe(dir);
        if (refused != null) {
            throw new UserError(what + ": " + UserInput.escape(dir.toString()) + " (expected: a writable directory;"
                    + " cannot create a file in it: " + words(refused) + ")");
        }
    }

    /**
     * Returns why creating or writing {@code path} failed, in words: the file the exception names (the path given,
     * or one of its parents) and what is wrong with it ({@code permission denied: /sys/kernel/x}, {@code out exists
     * and is not a directory}, {@code report.json is not a directory} for a path under a regular file).
     *
     * @param e what creating or writing threw
     * @param path the path given, named when the exception names no file
     * @return the reason, without a closing parenthesis
     */
    static String reason(final IOException e, final Path path) {
        if (!(e instanceof FileSystemException f)) {
            return words(e);
        }
        final Path named = f.getFile() == null ? path : Path.of(f.getFile());
        final String file = UserInput.escape(named.toString());
        if (f instanceof FileAlreadyExistsException) {
            return file + " exists and is not a directory";
        }
        if (f instanceof AccessDeniedException) {
            return "permission denied: " + file;
        }
        final Path notDirectory = notDirectoryAbove(named);
        if (notDirectory != null) { // ENOTDIR: a regular file stands where a directory on the way goes
            return UserInput.escape(notDirectory.toString()) + " is not a directory";
        }
        return file + ": " + words(e);
    }

    /** Returns the nearest parent of {@code path} that exists and is not a directory, or null when none is. */
    private static Path notDirectoryAbove(final Path path) {
        for (Path p = path.getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                return Files.isDirectory(p) ? null : p;
            }
        }
        return null;
    }

    /**
     * Returns what the operating system said, in lower case words: {@code permission denied}, {@code no such file
     * or directory}, {@code read-only file system}; a file system exception's message is often only the path.
     *
     * @param e what an I/O operation threw
     * @return the words, escaped
     */
    static String words(final IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof NotDirectoryException) {
            return "not a directory";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "it exists";
        }
        final String why = e instanceof FileSystemException f ? f.getReason() : e.getMessage();
        if (why == null || why.isEmpty()) {
            return NO_REASON;
        }
        return UserInput.escape(Character.toLowerCase(why.charAt(0)) + why.substring(1));
    }
}

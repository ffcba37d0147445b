package dev.swaplayer.cli;

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
        final String why;
        if (e instanceof FileSystemException f) {
            final String file = UserInput.escape(f.getFile() == null ? out.toString() : f.getFile());
            why = f instanceof FileAlreadyExistsException ? file + " exists and is not a directory"
                    : f instanceof AccessDeniedException ? "permission denied: " + file
                    : f instanceof NoSuchFileException ? file + ": no such file or directory"
                    : f instanceof NotDirectoryException ? file + ": not a directory"
                    : f.getReason() != null ? file + ": " + f.getReason() : file + ": an I/O error";
        } else {
            why = e.getMessage() == null ? "an I/O error" : UserInput.escape(e.getMessage());
        }
        return new UserError("--out: " + UserInput.escape(out.toString()) + " (expected: a writable directory; "
                + why + ")");
    }
}

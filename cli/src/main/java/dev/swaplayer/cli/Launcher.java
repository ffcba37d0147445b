package dev.swaplayer.cli;

import dev.swaplayer.device.UserInput;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.security.CodeSource;

/**
 * How the user started the tool, for the commands it prints to be run again (a failed check's re-run line, the
 * command a kernel run records): the {@code swaplayer} script passes the path it was started by (as typed:
 * {@code ./swaplayer} from the repository root) in the system property {@value #PROPERTY}; without it, as after
 * {@code java -jar cli/target/swaplayer.jar}, the command is {@code java -jar} and the jar's path, so that a re-run
 * line pasted into a shell works either way.
 *
 * <p>Thread safety: stateless.
 */
final class Launcher {
    /** The system property the launcher script sets to its own path. */
    static final String PROPERTY = "swaplayer.launcher";

    private Launcher() {
    }

    /** Returns the command that starts the tool the way this run was started, quoted for a POSIX shell. */
    static String command() {
        final String script = System.getProperty(PROPERTY);
        if (script != null && !script.isBlank()) {
            return UserInput.shellWord(script);
        }
        return "java -jar " + UserInput.shellWord(jar());
    }

    /** The jar (or class directory) this class was loaded from; its usual name when that cannot be known. */
    private static String jar() {
        final CodeSource source = Launcher.class.getProtectionDomain().getCodeSource();
        final URL location = source == null ? null : source.getLocation();
        if (location != null) {
            try {
                return Path.of(location.toURI()).toString();
            } catch (URISyntaxException | IllegalArgumentException e) {
                // not a file: fall through to the name the build gives it
            }
        }
        return "swaplayer.jar";
    }
}

package dev.swaplayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The re-run lines start the way the tool was started: the launcher script's path when it passed one, else
 * {@code java -jar} and the jar. Thread safety: JUnit runs it on one thread; it sets the system property back before
 * it returns.
 */
class LauncherTest {
    @Test
    void theScriptsPath_whenItPassedOne_quotedForTheShell() {
        final String before = System.getProperty(Launcher.PROPERTY);
        try {
            System.setProperty(Launcher.PROPERTY, "./swaplayer");
            assertEquals("./swaplayer", Launcher.command());
            System.setProperty(Launcher.PROPERTY, "/opt/my tools/swaplayer");
            assertEquals("'/opt/my tools/swaplayer'", Launcher.command());
        } finally {
            restore(before);
        }
    }

    @Test
    void javaDashJar_andWhereTheToolWasLoadedFrom_withoutTheScript() {
        final String before = System.getProperty(Launcher.PROPERTY);
        try {
            System.clearProperty(Launcher.PROPERTY);
            final String command = Launcher.command();
            assertTrue(command.startsWith("java -jar /") && command.contains("cli"), command);
        } finally {
            restore(before);
        }
    }

    private static void restore(final String before) {
        if (before == null) {
            System.clearProperty(Launcher.PROPERTY);
        } else {
            System.setProperty(Launcher.PROPERTY, before);
        }
    }
}

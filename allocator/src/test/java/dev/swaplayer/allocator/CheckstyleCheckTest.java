package dev.swaplayer.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.puppycrawl.tools.checkstyle.Checker;
import com.puppycrawl.tools.checkstyle.ConfigurationLoader;
import com.puppycrawl.tools.checkstyle.PropertiesExpander;
import com.puppycrawl.tools.checkstyle.api.AuditEvent;
import com.puppycrawl.tools.checkstyle.api.AuditListener;
import com.puppycrawl.tools.checkstyle.api.CheckstyleException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The build's Checkstyle configuration ({@code build-tools/checkstyle.xml}, run at {@code validate} in every
 * module), shown to fail: it checks {@code BuddyAllocator}'s real source as it stands (no finding), then the same
 * source with one planted violation at a time, each of which must give exactly one finding from the check that
 * the conventions name for it. Without this, a configuration that silently checked nothing would pass the build.
 *
 * <p>Thread safety: JUnit runs it on one thread; each test runs Checkstyle in process on its own temporary directory.
 *
 * <p>Not run under PIT: it checks source, and PIT's mutants are in the built classes.
 */
class CheckstyleCheckTest {
    private static final Path CONFIG = Path.of("../build-tools/checkstyle.xml");
    private static final Path SOURCE = Path.of("src/main/java/dev/swaplayer/allocator/BuddyAllocator.java");
    private static final String OBSERVER = """
                /** Returns the number of clusters that hold metadata right now. */
                public int clustersWithMetadata() {
            """;

    @Test
    void theSourceAsItStandsHasNoFinding(@TempDir final Path dir) throws Exception {
        assertEquals(List.of(), check(read(), dir));
    }

    @Test
    void aLineOverOneHundredTwentyColumns(@TempDir final Path dir) throws Exception {
        final String line = "        // " + "x".repeat(120) + "\n";
        assertEquals(List.of("LineLengthCheck"), check(plant(OBSERVER, OBSERVER + line), dir));
    }

    @Test
    void aParameterThatIsNotFinal(@TempDir final Path dir) throws Exception {
        assertEquals(List.of("FinalParametersCheck"),
                check(plant("public long allocate(final int order)", "public long allocate(int order)"), dir));
    }

    @Test
    void aPublicMethodWithoutJavadoc(@TempDir final Path dir) throws Exception {
        final String bare = OBSERVER.substring(OBSERVER.indexOf('\n') + 1); // the Javadoc line gone
        assertEquals(List.of("MissingJavadocMethodCheck"), check(plant(OBSERVER, bare), dir));
    }

    @Test
    void anInlineFullyQualifiedName(@TempDir final Path dir) throws Exception {
        final String line = "        final java.util.BitSet none = null;\n";
        assertEquals(List.of("RegexpSinglelineJavaCheck"), check(plant(OBSERVER, OBSERVER + line), dir));
    }

    private static String read() throws IOException {
        return Files.readString(SOURCE, StandardCharsets.UTF_8);
    }

    /** The real source with one planted change, which must apply. */
    private static String plant(final String from, final String to) throws IOException {
        final String source = read();
        final String planted = source.replace(from, to);
        assertNotEquals(source, planted, "the source no longer reads as the plant expects: " + from);
        return planted;
    }

    /** Runs the build's configuration over the source, returning the simple names of the checks that found. */
    private static List<String> check(final String source, final Path dir) throws IOException, CheckstyleException {
        final File file = Files.writeString(dir.resolve("BuddyAllocator.java"), source, StandardCharsets.UTF_8)
                .toFile();
        final List<String> found = new ArrayList<>();
        final Checker checker = new Checker();
        try {
            checker.setModuleClassLoader(Checker.class.getClassLoader());
            checker.configure(ConfigurationLoader.loadConfiguration(CONFIG.toString(),
                    new PropertiesExpander(new Properties())));
            checker.addListener(new Findings(found));
            checker.process(List.of(file));
        } finally {
            checker.destroy();
        }
        return found;
    }

    /** Collects each finding's check, by its simple class name. */
    private record Findings(List<String> found) implements AuditListener {
        @Override
        public void addError(final AuditEvent event) {
            final String source = event.getSourceName();
            found.add(source.substring(source.lastIndexOf('.') + 1));
        }

        @Override
        public void addException(final AuditEvent event, final Throwable throwable) {
            throw new AssertionError("Checkstyle failed on " + event.getFileName(), throwable);
        }

        @Override
        public void auditStarted(final AuditEvent event) {
            // nothing to collect
        }

        @Override
        public void auditFinished(final AuditEvent event) {
            // nothing to collect
        }

        @Override
        public void fileStarted(final AuditEvent event) {
            // nothing to collect
        }

        @Override
        public void fileFinished(final AuditEvent event) {
            // nothing to collect
        }
    }
}

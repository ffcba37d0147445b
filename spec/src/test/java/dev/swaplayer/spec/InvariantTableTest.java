package dev.swaplayer.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The invariants are named in three places that readers meet separately: the table of {@code spec/SPEC.md} (the
 * definitions and their checks), the README's table (one line each) and {@link Invariant} (the ids the checkers
 * report). The three list the same ids in the same order, with the same short names, and the README's line is the
 * enum's statement, so that a violation reported by a checker reads as the README says.
 *
 * <p>Thread safety: JUnit runs it on one thread; the tests only read the documents, and the compiled pattern they share
 * is immutable.
 */
class InvariantTableTest {
    /** A table row that starts with an invariant's id: id, short name, and the next cell. */
    private static final Pattern ROW =
            Pattern.compile("^\\| (INV-\\d+) \\| ([a-z-]+) \\| (.*?) \\|", Pattern.MULTILINE);

    private record Row(String id, String name, String text) {
    }

    private static List<Row> rows(final Path file) throws IOException {
        final Matcher m = ROW.matcher(Files.readString(file));
        final List<Row> rows = new ArrayList<>();
        while (m.find()) {
            rows.add(new Row(m.group(1), m.group(2), m.group(3)));
        }
        assertFalse(rows.isEmpty(), "no invariant rows in " + file);
        return rows;
    }

    /**
     * The project's root: the first directory up from the working directory that holds {@code spec/SPEC.md} (the
     * spec module's own build runs in spec/, the mutation gate runs this test from properties/).
     */
    private static Path root() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("spec").resolve("SPEC.md"))) {
                return p;
            }
        }
        throw new AssertionError("no spec/SPEC.md above " + Path.of("").toAbsolutePath());
    }

    private static List<Row> enumRows() {
        return Arrays.stream(Invariant.values()).map(i -> new Row(i.id(), i.shortName(), i.statement())).toList();
    }

    private static List<String> idsAndNames(final List<Row> rows) {
        return rows.stream().map(r -> r.id() + " " + r.name()).toList();
    }

    /** Compares row by row, so that a failure names the first row that differs rather than both whole tables. */
    private static <T> void assertSameRows(final List<T> expected, final List<T> actual, final String where) {
        for (int i = 0; i < Math.min(expected.size(), actual.size()); i++) {
            assertEquals(expected.get(i), actual.get(i), where + ", row " + (i + 1));
        }
        assertEquals(expected.size(), actual.size(), where + ": number of invariants");
    }

    @Test
    void theSpecDefinesExactlyTheEnumsInvariants_inItsOrder() throws IOException {
        assertSameRows(idsAndNames(enumRows()), idsAndNames(rows(root().resolve("spec").resolve("SPEC.md"))),
                "Invariant against spec/SPEC.md's table");
    }

    @Test
    void theReadmeListsEachInvariantInTheEnumsWords() throws IOException {
        assertSameRows(enumRows(), rows(root().resolve("README.md")), "Invariant against README.md's table");
    }

    @Test
    void theIdsAreConsecutive() {
        final Invariant[] all = Invariant.values();
        for (int i = 0; i < all.length; i++) {
            assertEquals("INV-" + (i + 1), all[i].id(), "the " + (i + 1) + "th invariant");
        }
    }
}

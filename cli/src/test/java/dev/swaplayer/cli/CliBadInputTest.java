package dev.swaplayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.device.header.SwapHeader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's "Bad input" table, run row by row: each command exits 2 with the row's message on the first line
 * of stderr, nothing on stdout, no stack trace and no Java class name. The table is the test's data, so the two
 * cannot drift apart.
 *
 * <p>Thread safety: JUnit runs it on one thread.
 */
class CliBadInputTest {
    private static final Pattern ROW = Pattern.compile("^\\| ([^|`]+) \\| `(.*)` \\| `(.*)` \\|$");
    private static final Pattern TOKEN = Pattern.compile("\\{script:.*?\\}|\\S+");
    private static final Pattern ESCAPE = Pattern.compile("\\\\(n|e|0|u[0-9A-Fa-f]{4})");

    @TempDir
    Path dir;

    /** One row of the table. */
    record Row(String kind, String command, String message) {
        @Override
        public String toString() {
            return kind;
        }
    }

    static Stream<Row> rows() throws IOException {
        final List<Row> rows = new ArrayList<>();
        boolean in = false;
        for (final String line : Files.readAllLines(Path.of("..", "README.md"), StandardCharsets.UTF_8)) {
            if (line.startsWith("## ")) {
                in = line.equals("## Bad input");
                continue;
            }
            final Matcher m = ROW.matcher(line);
            if (in && m.matches()) {
                rows.add(new Row(m.group(1).strip(), m.group(2), m.group(3)));
            }
        }
        return rows.stream();
    }

    @Test
    void theTableHasAtLeastFortyKindsOfInput() throws IOException {
        final List<Row> all = rows().toList();
        assertTrue(all.size() >= 40, "rows: " + all.size());
        assertEquals(all.size(), all.stream().map(Row::kind).distinct().count(), "each kind once");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void eachRow_isOneLineAndExitTwo(final Row row) throws IOException {
        final Fixtures fx = new Fixtures(dir);
        final List<String> args = new ArrayList<>();
        final Matcher t = TOKEN.matcher(row.command());
        while (t.find()) {
            final String token = t.group();
            if (token.startsWith("{script:")) {
                args.add(fx.script(decode(token.substring("{script:".length(), token.length() - 1))).toString());
            } else {
                args.add(decode(fx.substitute(token)));
            }
        }
        final CliRun r = CliRun.of(args.toArray(String[]::new));
        assertEquals(ExitCode.USAGE, r.code(), row + ": " + r.err());
        assertEquals("", r.out(), "nothing on stdout");
        final String first = r.err().lines().findFirst().orElse("");
        assertTrue(first.contains(fx.substitute(row.message())), row + "\n expected: " + row.message()
                + "\n actual:   " + first);
        assertFalse(r.err().contains("\tat ") || r.err().contains("Exception") || r.err().contains("java."),
                "no stack trace or class name: " + r.err());
        assertTrue(r.err().chars().noneMatch(c -> c != '\n' && Character.isISOControl(c)), "no raw control character");
        assertTrue(r.err().strip().lines().count() <= 2, "one line, then at most picocli's hint: " + r.err());
    }

    /** {@code \n}, {@code \e}, {@code \0} and {@code \\uXXXX} in a command stand for those characters. */
    static String decode(final String text) {
        final Matcher m = ESCAPE.matcher(text);
        final StringBuilder b = new StringBuilder();
        while (m.find()) {
            final String e = m.group(1);
            final String c = switch (e) {
                case "n" -> "\n";
                case "e" -> "\u001b";
                case "0" -> "\0";
                default -> String.valueOf((char) Integer.parseInt(e.substring(1), 16));
            };
            m.appendReplacement(b, Matcher.quoteReplacement(c));
        }
        return m.appendTail(b).toString();
    }

    /** The files the table's placeholders name, made on demand in one temporary directory. */
    private static final class Fixtures {
        private final Path dir;

        Fixtures(final Path dir) throws IOException {
            this.dir = dir;
            Files.createDirectories(dir.resolve("d"));
            Files.write(dir.resolve("empty"), new byte[0]);
            Files.write(dir.resolve("zeros"), new byte[40 * 1024]);
            final ByteBuffer page = SwapHeader.create(4096, 3, "", new UUID(0, 1), 1).encode();
            page.order(ByteOrder.LITTLE_ENDIAN).putInt(1032, 2).putInt(1540, 1); // bad pages [1, 1]
            final byte[] area = new byte[3 * 4096];
            page.get(0, area, 0, 4096);
            Files.write(dir.resolve("dup-bad"), area);
        }

        String substitute(final String text) {
            return text.replace("{missing}", dir.resolve("missing").toString())
                    .replace("{dir}", dir.resolve("d").toString())
                    .replace("{empty}", dir.resolve("empty").toString())
                    .replace("{zeros}", dir.resolve("zeros").toString())
                    .replace("{dup-bad}", dir.resolve("dup-bad").toString());
        }

        /** A script file; {@code \\uFFFF} alone stands for bytes that are not UTF-8. */
        Path script(final String text) throws IOException {
            final Path f = dir.resolve("script.swl");
            Files.write(f, text.equals("\uFFFF") ? new byte[] {(byte) 0xff, (byte) 0xfe}
                    : text.getBytes(StandardCharsets.UTF_8));
            return f;
        }
    }
}

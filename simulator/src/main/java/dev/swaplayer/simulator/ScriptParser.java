package dev.swaplayer.simulator;

import dev.swaplayer.device.UserInput;
import dev.swaplayer.spec.Geometry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Parses a workload script, format v1, into a {@link Workload}. The whole script is read and checked before
 * anything runs; the first bad line stops the parse with a {@link ScriptException} whose message is
 * {@code file:line: what is wrong}.
 *
 * <p>Thread safety: stateless.
 *
 * <h2>Format v1</h2>
 * <pre>
 * swaplayer-workload 1
 * swap &lt;pages&gt; [cluster &lt;slots&gt;]           # one swap device of &lt;pages&gt; pages; page 0 is the header
 * region &lt;name&gt; &lt;pages&gt; [folio-order &lt;k&gt;]  # anonymous region; fresh faults of an aligned 2^k range
 *                                          #   that is entirely absent get one order-k folio, otherwise order 0
 * write &lt;name&gt; &lt;first&gt; &lt;count&gt;             # touch pages: swapped pages fault in,
 *                                          #   absent pages fault fresh
 * dontneed &lt;name&gt; &lt;first&gt; &lt;count&gt;          # MADV_DONTNEED: drop the pages, freeing their swap slots
 * pageout &lt;name&gt; [&lt;first&gt; &lt;count&gt;]         # MADV_PAGEOUT: swap out every resident folio in the range
 * phase &lt;label&gt;                            # start a new reporting phase
 * </pre>
 * {@code #} starts a comment that runs to the end of the line; blank lines are ignored; tokens are
 * separated by blanks. The version line comes first, the one {@code swap} line before any region, and a region
 * before any line that names it. A phase label is the rest of its line.
 *
 * <p>Numbers are ASCII digits ({@link UserInput#parseLong}: no {@code +}, no digits of other scripts). The file
 * is UTF-8 without a byte-order mark (a BOM is named as such in the error); a control character other than a
 * tab on a line is refused, and every token a message shows goes through {@link UserInput#show}.
 */
public final class ScriptParser {
    private static final String DIRECTIVES = "swap, region, write, dontneed, pageout or phase";

    private ScriptParser() {
    }

    /**
     * Parses a script file.
     *
     * @param path the file
     * @param shownAs how messages name the file (usually the path as the user typed it)
     * @return the workload, named after the file
     * @throws ScriptException for the first bad line
     * @throws UncheckedIOException when the file cannot be read
     */
    public static Workload parse(final Path path, final String shownAs) {
        try (InputStream in = Files.newInputStream(path)) {
            final Path fileName = path.getFileName();
            return parse(in, shownAs, fileName == null ? shownAs : fileName.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses a script read from a stream (standard input, say) as UTF-8, to its end; the caller closes it.
     *
     * @param in the script's bytes
     * @param shownAs how messages name the script
     * @param name what reports call the workload
     * @return the workload
     * @throws ScriptException for the first bad line, or bytes that are not UTF-8
     * @throws UncheckedIOException when the stream fails
     */
    public static Workload parse(final InputStream in, final String shownAs, final String name) {
        try {
            return parse(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()), shownAs, name);
        } catch (CharacterCodingException e) {
            throw new ScriptException(shownAs, 1, "encoding: not UTF-8 (expected: a UTF-8 text file)");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Parses a script.
     *
     * @param in the script text
     * @param file how messages name the script
     * @param name what reports call the workload
     * @return the workload
     * @throws ScriptException for the first bad line
     * @throws IOException when in fails
     */
    public static Workload parse(final Reader in, final String file, final String name) throws IOException {
        final BufferedReader r = in instanceof BufferedReader b ? b : new BufferedReader(in);
        final State s = new State(file, name);
        String raw;
        while ((raw = r.readLine()) != null) {
            s.line++;
            if (s.line == 1 && raw.startsWith("\uFEFF")) {
                throw s.error("byte-order mark: U+FEFF at the start of the file (expected: UTF-8 without a BOM; "
                        + "remove the first 3 bytes, EF BB BF)");
            }
            checkControls(s, raw);
            final int hash = raw.indexOf('#');
            final String text = (hash >= 0 ? raw.substring(0, hash) : raw).strip();
            if (!text.isEmpty()) {
                try {
                    s.accept(text);
                } catch (ScriptException e) {
                    throw e;
                } catch (IllegalArgumentException e) {
                    throw s.error(e.getMessage());
                }
            }
        }
        return s.finish();
    }

    /** Refuses a control character other than a tab: it would be echoed into messages and reports. */
    private static void checkControls(final State s, final String raw) {
        for (int i = 0; i < raw.length(); i++) {
            final char c = raw.charAt(i);
            if (c != '\t' && Character.isISOControl(c)) {
                throw s.error("character " + (i + 1) + ": " + UserInput.escape(String.valueOf(c))
                        + " (expected: printable text; a control character other than a tab)");
            }
        }
    }

    /** Parse state; one per script. */
    private static final class State {
        private final String file;
        private final String name;
        private int line;
        private boolean sawVersion;
        private Workload.Builder builder;
        private int operations;

        State(final String file, final String name) {
            this.file = file;
            this.name = name;
        }

        ScriptException error(final String what) {
            return new ScriptException(file, Math.max(1, line), what);
        }

        void accept(final String text) {
            final String[] t = text.split("\\s+");
            if (!sawVersion) {
                version(t);
                return;
            }
            switch (t[0]) {
                case "swap" -> swap(t);
                case "region" -> region(t);
                case "write" -> rangeOp(Workload.Kind.WRITE, t, false);
                case "dontneed" -> rangeOp(Workload.Kind.DONTNEED, t, false);
                case "pageout" -> rangeOp(Workload.Kind.PAGEOUT, t, true);
                case "phase" -> phase(text);
                case Workload.MAGIC -> throw error("version line: repeated (expected: only as the first line)");
                default -> throw error("directive: " + UserInput.show(t[0]) + " (expected: " + DIRECTIVES + ")");
            }
        }

        private void version(final String[] t) {
            if (!t[0].equals(Workload.MAGIC)) {
                throw error("first line: " + UserInput.show(String.join(" ",
                        t)) + " (expected: \"" + Workload.MAGIC + " "
                        + Workload.VERSION + "\")");
            }
            if (t.length != 2) {
                throw error("version line: " + (t.length - 1) + " arguments (expected: 1, the format version)");
            }
            final long v = number("version", t[1]);
            if (v != Workload.VERSION) {
                throw error("version: " + UserInput.show(t[1]) + " (expected: " + Workload.VERSION + ")");
            }
            sawVersion = true;
        }

        private void swap(final String[] t) {
            if (builder != null) {
                throw error("swap: repeated (expected: one swap line; a workload has one device)");
            }
            arity(t, "swap <pages> [cluster <slots>]", 2, 4);
            long cluster = Geometry.DEFAULT_CLUSTER_SLOTS;
            if (t.length == 4) {
                keyword(t[2], "cluster");
                cluster = number("cluster", t[3]);
            }
            builder = Workload.builder(name, number("swap pages", t[1]), cluster);
        }

        private void region(final String[] t) {
            requireSwap("region");
            arity(t, "region <name> <pages> [folio-order <k>]", 3, 5);
            long order = 0;
            if (t.length == 5) {
                keyword(t[3], "folio-order");
                order = number("folio-order", t[4]);
            }
            builder.region(t[1], number("region pages", t[2]), order);
        }

        private void rangeOp(final Workload.Kind kind, final String[] t, final boolean rangeOptional) {
            requireSwap(kind.keyword());
            final String usage = kind.keyword() + " <name> "
                    + (rangeOptional ? "[<first> <count>]" : "<first> <count>");
            if (rangeOptional) {
                arity(t, usage, 2, 4);
            } else {
                arity(t, usage, 4, 4);
            }
            final int region = builder.regionIndex(t[1]);
            if (t.length == 2) {
                builder.pageout(region);
            } else {
                builder.op(kind, region, number("first", t[2]), number("count", t[3]));
            }
            operations++;
        }

        private void phase(final String text) {
            requireSwap("phase");
            final String label = text.substring("phase".length()).strip();
            if (label.isEmpty()) {
                throw error("phase label: missing (expected: phase <label>)");
            }
            builder.phase(label);
        }

        private void requireSwap(final String directive) {
            if (builder == null) {
                throw error(directive + ": before the swap line (expected: swap <pages> [cluster <slots>] first)");
            }
        }

        private void arity(final String[] t, final String usage, final int min, final int max) {
            if (t.length < min || t.length > max || (max - min == 2 && t.length == min + 1)) {
                throw error(t[0] + ": " + (t.length - 1) + " arguments (expected: " + usage + ")");
            }
        }

        private void keyword(final String token, final String expected) {
            if (!token.equals(expected)) {
                throw error("keyword: " + UserInput.show(token) + " (expected: " + expected + ")");
            }
        }

        private long number(final String what, final String token) {
            try {
                return UserInput.parseLong(token);
            } catch (NumberFormatException e) {
                throw error(UserInput.badNumber(what, token));
            }
        }

        Workload finish() {
            if (!sawVersion) {
                throw error("script: empty (expected: the first line \"" + Workload.MAGIC + " " + Workload.VERSION
                        + "\")");
            }
            if (builder == null) {
                throw error("swap: missing (expected: swap <pages> [cluster <slots>])");
            }
            if (operations == 0) {
                throw error("operations: none (expected: at least one write, dontneed or pageout)");
            }
            return builder.build();
        }
    }
}

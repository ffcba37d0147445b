package dev.swaplayer.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link ScriptParser}: every directive of a workload script, scripts written and parsed back, and every error named
 * with its file and line.
 *
 * <p>Thread safety: each test runs on JUnit's one thread; those that read a file use their own temporary directory.
 */
class ScriptParserTest {
    private static final String HEAD = "swaplayer-workload 1\nswap 1024\nregion a 64 folio-order 4\n";

    @TempDir
    Path dir;

    static Workload parse(final String text) {
        try {
            return ScriptParser.parse(new StringReader(text), "t.swl", "t");
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static String error(final String text) {
        return assertThrows(ScriptException.class, () -> parse(text)).getMessage();
    }

    @Test
    void parse_everyDirective_buildsTheWorkload() {
        final Workload w = parse("""
                # a comment line
                swaplayer-workload 1   # trailing comment

                swap 2048 cluster 256
                region big 128 folio-order 4
                region small 16
                write big 0 128
                phase after   warm-up
                dontneed big 16 16
                pageout big
                pageout small 2 3
                """);
        assertEquals(2048, w.swapPages());
        assertEquals(256, w.clusterSlots());
        assertEquals(List.of(new Workload.Region("big", 128, 4), new Workload.Region("small", 16, 0)), w.regions());
        assertEquals(List.of(Workload.FIRST_PHASE, "after   warm-up"), w.labels());
        assertEquals(6, w.size());
        assertEquals(Workload.Kind.PHASE, w.kind(0));
        assertEquals(Workload.Kind.WRITE, w.kind(1));
        assertEquals(Workload.Kind.PHASE, w.kind(2));
        assertEquals(Workload.Kind.DONTNEED, w.kind(3));
        assertEquals(16, w.first(3));
        assertEquals(16, w.count(3));
        assertEquals(Workload.Kind.PAGEOUT, w.kind(4));
        assertEquals(0, w.first(4));
        assertEquals(128, w.count(4));
        assertEquals(1, w.region(5));
        assertEquals(2, w.first(5));
        assertEquals(3, w.count(5));
        assertTrue(w.geometry().toString().contains("cluster=256"), w.geometry().toString());
    }

    @Test
    void parse_defaultCluster_is512() {
        assertEquals(512, parse(HEAD + "write a 0 1\n").clusterSlots());
    }

    @Test
    void writeScript_anyWorkload_parsesBackToTheSameRun() {
        final Workload w = Workloads.thpSwapTest(ThpMode.AS, 7, 2);
        final Workload back = parse(w.toScript());
        assertTrue(back.sameRunAs(w));
        assertEquals(w.toScript().replaceAll("(?m)^#.*\n", ""), back.toScript(), "comments aside, the text is stable");
    }

    @Test
    void writeScript_aging_parsesBackToTheSameRun() {
        final Workload w = Workloads.aging(3, 2);
        assertTrue(parse(w.toScript()).sameRunAs(w));
    }

    @Test
    void parse_fromFile_namesTheWorkloadAfterTheFile() throws IOException {
        final Path f = dir.resolve("mine.swl");
        Files.writeString(f, HEAD + "write a 0 1\n", StandardCharsets.UTF_8);
        assertEquals("mine.swl", ScriptParser.parse(f, "x/mine.swl").name());
    }

    @Test
    void parse_notUtf8_reportsLine1() throws IOException {
        final Path f = dir.resolve("bin.swl");
        Files.write(f, new byte[] {(byte) 0xff, (byte) 0xfe, 0x00, 0x41});
        assertEquals("bin.swl:1: encoding: not UTF-8 (expected: a UTF-8 text file)",
                assertThrows(ScriptException.class, () -> ScriptParser.parse(f, "bin.swl")).getMessage());
    }

    /** Every error path: the message is file:line: what, at the offending line. */
    // CHECKSTYLE.OFF: LineLength (a table of inputs and messages, one case per row)
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        empty file              | ''                                                    | t.swl:1: script: empty (expected: the first line "swaplayer-workload 1")
        only comments           | '# nothing\\n\\n'                                      | t.swl:2: script: empty (expected: the first line "swaplayer-workload 1")
        wrong first line        | 'swap 10\\n'                                           | t.swl:1: first line: swap 10 (expected: "swaplayer-workload 1")
        version missing         | 'swaplayer-workload\\n'                                | t.swl:1: version line: 0 arguments (expected: 1, the format version)
        version not a number    | 'swaplayer-workload one\\n'                            | t.swl:1: version: one (expected: ASCII digits 0-9, optionally after a '-'; no '+')
        version 2               | 'swaplayer-workload 2\\n'                              | t.swl:1: version: 2 (expected: 1)
        version repeated        | 'swaplayer-workload 1\\nswaplayer-workload 1\\n'        | t.swl:2: version line: repeated (expected: only as the first line)
        no swap line            | 'swaplayer-workload 1\\n'                              | t.swl:1: swap: missing (expected: swap <pages> [cluster <slots>])
        unknown directive       | 'swaplayer-workload 1\\nmunmap a\\n'                    | t.swl:2: directive: munmap (expected: swap, region, write, dontneed, pageout or phase)
        region before swap      | 'swaplayer-workload 1\\nregion a 4\\n'                  | t.swl:2: region: before the swap line (expected: swap <pages> [cluster <slots>] first)
        write before swap       | 'swaplayer-workload 1\\nwrite a 0 1\\n'                 | t.swl:2: write: before the swap line (expected: swap <pages> [cluster <slots>] first)
        phase before swap       | 'swaplayer-workload 1\\nphase x\\n'                     | t.swl:2: phase: before the swap line (expected: swap <pages> [cluster <slots>] first)
        swap arity              | 'swaplayer-workload 1\\nswap\\n'                        | t.swl:2: swap: 0 arguments (expected: swap <pages> [cluster <slots>])
        swap arity 3            | 'swaplayer-workload 1\\nswap 10 cluster\\n'             | t.swl:2: swap: 2 arguments (expected: swap <pages> [cluster <slots>])
        swap bad keyword        | 'swaplayer-workload 1\\nswap 10 clusters 8\\n'          | t.swl:2: keyword: clusters (expected: cluster)
        swap pages not number   | 'swaplayer-workload 1\\nswap 64M\\n'                    | t.swl:2: swap pages: 64M (expected: ASCII digits 0-9, optionally after a '-'; no '+')
        swap pages too small    | 'swaplayer-workload 1\\nswap 1\\n'                      | t.swl:2: swap pages: 1 (expected: 2..16777216)
        swap pages too large    | 'swaplayer-workload 1\\nswap 16777217\\n'               | t.swl:2: swap pages: 16777217 (expected: 2..16777216)
        cluster not power of 2  | 'swaplayer-workload 1\\nswap 100 cluster 24\\n'         | t.swl:2: cluster: 24 (expected: a power of two, 1..65536)
        cluster not a number    | 'swaplayer-workload 1\\nswap 100 cluster x\\n'          | t.swl:2: cluster: x (expected: ASCII digits 0-9, optionally after a '-'; no '+')
        swap repeated           | 'swaplayer-workload 1\\nswap 100\\nswap 100\\n'          | t.swl:3: swap: repeated (expected: one swap line; a workload has one device)
        region arity            | 'swaplayer-workload 1\\nswap 100\\nregion a\\n'          | t.swl:3: region: 1 arguments (expected: region <name> <pages> [folio-order <k>])
        region arity 4          | 'swaplayer-workload 1\\nswap 100\\nregion a 4 folio-order\\n' | t.swl:3: region: 3 arguments (expected: region <name> <pages> [folio-order <k>])
        region bad keyword      | 'swaplayer-workload 1\\nswap 100\\nregion a 4 order 2\\n' | t.swl:3: keyword: order (expected: folio-order)
        region duplicate        | 'swaplayer-workload 1\\nswap 100\\nregion a 4\\nregion a 8\\n' | t.swl:4: region name: a (expected: a name not declared before)
        region zero pages       | 'swaplayer-workload 1\\nswap 100\\nregion a 0\\n'        | t.swl:3: region pages: 0 (expected: 1..16777216)
        region pages not number | 'swaplayer-workload 1\\nswap 100\\nregion a 4k\\n'       | t.swl:3: region pages: 4k (expected: ASCII digits 0-9, optionally after a '-'; no '+')
        regions too large       | 'swaplayer-workload 1\\nswap 100\\nregion a 16777216\\nregion b 1\\n' | t.swl:4: region pages: 1 (expected: at most 16777216 pages in all regions together; 16777216 already declared)
        folio order too large   | 'swaplayer-workload 1\\nswap 100 cluster 16\\nregion a 64 folio-order 5\\n' | t.swl:3: folio-order: 5 (expected: 0..4)
        folio order negative    | 'swaplayer-workload 1\\nswap 100\\nregion a 64 folio-order -1\\n' | t.swl:3: folio-order: -1 (expected: 0..9)
        write arity             | 'swaplayer-workload 1\\nswap 100\\nregion a 4\\nwrite a 0\\n' | t.swl:4: write: 2 arguments (expected: write <name> <first> <count>)
        dontneed arity          | 'swaplayer-workload 1\\nswap 100\\nregion a 4\\ndontneed a\\n' | t.swl:4: dontneed: 1 arguments (expected: dontneed <name> <first> <count>)
        pageout arity           | 'swaplayer-workload 1\\nswap 100\\nregion a 4\\npageout a 1\\n' | t.swl:4: pageout: 2 arguments (expected: pageout <name> [<first> <count>])
        pageout no region       | 'swaplayer-workload 1\\nswap 100\\nregion a 4\\npageout\\n' | t.swl:4: pageout: 0 arguments (expected: pageout <name> [<first> <count>])
        unknown region          | 'swaplayer-workload 1\\nswap 100\\nregion a 4\\nregion b 4\\nwrite c 0 1\\n' | t.swl:5: region: c (expected: one declared above: a, b)
        no region at all        | 'swaplayer-workload 1\\nswap 100\\nwrite c 0 1\\n'      | t.swl:3: region: c (expected: one declared above; there is none)
        first not a number      | 'swaplayer-workload 1\\nswap 100\\nregion a 4\\nwrite a x 1\\n' | t.swl:4: first: x (expected: ASCII digits 0-9, optionally after a '-'; no '+')
        count not a number      | 'swaplayer-workload 1\\nswap 100\\nregion a 4\\nwrite a 0 1.5\\n' | t.swl:4: count: 1.5 (expected: ASCII digits 0-9, optionally after a '-'; no '+')
        first past the region   | 'swaplayer-workload 1\\nswap 100\\nregion a 4\\nwrite a 4 1\\n' | t.swl:4: first: 4 (expected: 0..3)
        first negative          | 'swaplayer-workload 1\\nswap 100\\nregion a 4\\ndontneed a -1 1\\n' | t.swl:4: first: -1 (expected: 0..3)
        count zero              | 'swaplayer-workload 1\\nswap 100\\nregion a 4\\nwrite a 0 0\\n' | t.swl:4: count: 0 (expected: 1..4)
        range past the end      | 'swaplayer-workload 1\\nswap 100\\nregion a 4\\npageout a 2 3\\n' | t.swl:4: count: 3 (expected: 1..2)
        arabic-indic digit      | 'swaplayer-workload 1\\nswap 100\\nregion r 64\\nwrite r \u0663 64\\n' | t.swl:4: first: \u0663 (expected: ASCII digits 0-9, optionally after a '-'; no '+')
        fullwidth digits        | 'swaplayer-workload 1\\nswap \uFF11\uFF10\uFF10\\n'           | t.swl:2: swap pages: \uFF11\uFF10\uFF10 (expected: ASCII digits 0-9, optionally after a '-'; no '+')
        plus sign               | 'swaplayer-workload 1\\nswap +100\\n'                 | t.swl:2: swap pages: +100 (expected: ASCII digits 0-9, optionally after a '-'; no '+')
        number beyond 64 bits   | 'swaplayer-workload 1\\nswap 99999999999999999999\\n' | t.swl:2: swap pages: 99999999999999999999 (expected: a number of at most 19 digits, below 2^63)
        byte-order mark         | '\uFEFFswaplayer-workload 1\\n'                        | t.swl:1: byte-order mark: U+FEFF at the start of the file (expected: UTF-8 without a BOM; remove the first 3 bytes, EF BB BF)
        ESC in a line           | 'swaplayer-workload 1\\nswap 100\\nphase \u001B[31mred\\n' | t.swl:3: character 7: \\u001B (expected: printable text; a control character other than a tab)
        long directive          | 'swaplayer-workload 1\\nswap 100\\naaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa 1\\n' | t.swl:3: directive: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa... (101 characters) (expected: swap, region, write, dontneed, pageout or phase)
        phase without label     | 'swaplayer-workload 1\\nswap 100\\nphase   \\n'          | t.swl:3: phase label: missing (expected: phase <label>)
        no operations           | 'swaplayer-workload 1\\nswap 100\\nregion a 4\\nphase x\\n' | t.swl:4: operations: none (expected: at least one write, dontneed or pageout)
        """)
    // CHECKSTYLE.ON: LineLength
    void parse_badScript_namesFileLineAndProblem(final String why, final String text, final String message) {
        assertEquals(message, error(text.replace("\\n", "\n")), why);
    }

    @Test
    void parse_nulInALine_isShownEscaped() {
        assertEquals("t.swl:2: character 7: \\u0000 (expected: printable text; a control character other than a tab)",
                error("swaplayer-workload 1\nswap 1\0" + "0\n"));
    }

    @Test
    void parse_badRegionName_namesTheRule() {
        assertEquals("t.swl:3: region name: a/b (expected: 1-64 letters, digits, '_', '.' or '-')",
                error("swaplayer-workload 1\nswap 100\nregion a/b 4\n"));
    }

    @Test
    void parse_badLineAfterGoodOnes_reportsOnlyTheFirstBadLine() {
        assertEquals("t.swl:5: count: 9 (expected: 1..4)", error(HEAD + "write a 60 4\nwrite a 60 9\nwrite a 70 1\n"));
    }
}

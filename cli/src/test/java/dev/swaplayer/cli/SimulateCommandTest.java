package dev.swaplayer.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code ./swaplayer simulate}: its tables and JSON, the data check on a swap file, emitted scripts and their replay,
 * report files, and the arguments refused before a run.
 *
 * <p>Thread safety: each test runs on JUnit's one thread in its own temporary directory; the shared
 * {@code ObjectMapper} is only read with.
 */
class SimulateCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    static CliRun run(final String... args) {
        return CliRun.of(args);
    }

    @Test
    void emptyValuesAndAReportFileThatCannotBeWritten_areRefusedBeforeTheRun() throws Exception {
        run("simulate", "--out", "").assertUsageError("--out: (empty) (expected: a path; . for the current directory)");
        run("verify", "--policy", "buddy", "--out", "").assertUsageError("--out: (empty) (expected: a path;");
        run("simulate", "--policy", "").assertUserError("--policy: (empty) (expected: legacy,");
        final Path out = dir.resolve("o");
        Files.createDirectories(out.resolve("thp-swap-test-none-buddy.csv"));
        run("simulate", "--mode", "none", "--iterations", "1", "--policy", "buddy", "--out", out.toString())
                .assertUserError("thp-swap-test-none-buddy.csv is a directory, where a report file goes)");
        Files.createDirectories(out.resolve("verify-buddy.json"));
        run("verify", "--policy", "buddy", "--out", out.toString())
                .assertUserError("swaplayer verify: --out: " + out + " (expected: a directory where verify-buddy.json"
                        + " can be written; verify-buddy.json is a directory, where a report file goes)");
    }

    @Test
    void simulate_noWorkloadArguments_comparesFourModesOnFourPolicies() {
        final CliRun r = run("simulate", "--iterations", "3");
        r.assertOk();
        assertTrue(r.out().startsWith("thp-swap-test, 3 iterations: fallback % of 64 KiB (order 4) swap-outs;"),
                r.out());
        for (final String mode : List.of("none", "-a", "-s", "-as")) {
            for (final String policy : List.of("legacy", "cluster", "buddy", "compound")) {
                assertEquals(1, r.out().lines().filter(l -> l.matches(mode + " +" + policy + " .*")).count(),
                        mode + " " + policy + "\n" + r.out());
            }
        }
        assertTrue(r.out().lines().allMatch(l -> l.length() <= 100), r.out());
    }

    @Test
    void simulate_oneMode_printsThePhaseTable() {
        final CliRun r = run("simulate", "--mode", "a", "--iterations", "2", "--policy", "cluster,compound",
                "--swapin", "page");
        r.assertOk();
        assertTrue(r.out().startsWith("thp-swap-test -a: 64 KiB (order 4) swap-outs per phase; swap-in page, 1 CPU,"
                + " seed 1"), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches(" +cluster +compound")), r.out());
        assertTrue(r.out().contains("\niteration 2 "), r.out());
    }

    @Test
    void simulate_minOrder_padsSmallFoliosAndSaysHowManySlotsHoldNoPage() throws Exception {
        final CliRun r = run("simulate", "--mode", "s", "--iterations", "2", "--policy", "buddy", "--swapin", "page",
                "--min-order", "2");
        r.assertOk();
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("buddy: slots in use holding no page (rounded up to the"
                + " minimum order): ")), r.out());
        final CliRun j = run("simulate", "--mode", "s", "--iterations", "2", "--policy", "buddy", "--swapin", "page",
                "--min-order", "2", "--json");
        j.assertOk();
        final JsonNode last = JSON.readTree(j.out().lines().findFirst().orElseThrow()).at("/policies/0/phases/2");
        assertTrue(last.get("wasted_slots").asLong() > 0, last.toString());
        final CliRun zero = run("simulate", "--mode", "s", "--iterations", "2", "--policy", "buddy", "--swapin",
                "page", "--json");
        assertEquals(0, JSON.readTree(zero.out().lines().findFirst().orElseThrow()).at("/policies/0/phases/2")
                .get("wasted_slots").asLong(), "no padding at minimum order 0");
    }

    @Test
    void simulate_json_printsOneObjectPerMode() throws Exception {
        final CliRun r = run("simulate", "--iterations", "2", "--json", "--policy", "buddy");
        r.assertOk();
        final List<String> lines = r.out().lines().toList();
        assertEquals(4, lines.size());
        final JsonNode first = JSON.readTree(lines.get(0));
        assertEquals("thp-swap-test", first.get("workload").asText());
        assertEquals("none", first.get("mode").asText());
        assertEquals("folio", first.get("swapin").asText());
        assertEquals("buddy", first.get("policies").get(0).get("policy").asText());
        assertEquals(3, first.get("policies").get(0).get("phases").size());
        assertEquals("as", JSON.readTree(lines.get(3)).get("mode").asText());
    }

    @Test
    void simulate_dataMode_fileDevice_verifiesEveryPageOfThpSwapTest() throws Exception {
        final CliRun r = run("simulate", "--mode", "as", "--iterations", "2", "--policy", "cluster,compound",
                "--device", "file", "--verify-data", "--json");
        r.assertOk();
        assertEquals("page", JSON.readTree(r.out()).get("swapin").asText(), "a swap file is not SWP_SYNCHRONOUS_IO");
        for (final JsonNode p : JSON.readTree(r.out()).get("policies")) {
            final JsonNode d = p.get("data");
            assertEquals(d.get("pages_read").asLong(), d.get("reads").asLong(), "page by page: one read a page");
            assertEquals("file", d.get("device").asText());
            assertTrue(d.get("verify").asBoolean());
            assertTrue(d.get("pages_written").asLong() > 16384, "the warm-up alone writes 60 MiB + 4 MiB: " + d);
            assertTrue(d.get("writes").asLong() < d.get("pages_written").asLong() / 2, "one write per folio: " + d);
            assertEquals(d.get("pages_read").asLong(), d.get("pages_verified").asLong());
            assertTrue(d.get("pages_verified").asLong() > 0);
            assertEquals(0, d.get("mismatches").asLong());
            assertTrue(d.get("mm_stat").isNull());
        }
    }

    @Test
    void simulate_dataMode_fileDevice_folioSwapInWhenAsked_readsWholeFoliosBack() throws Exception {
        final CliRun r = run("simulate", "--mode", "as", "--iterations", "2", "--policy", "compound", "--device",
                "file", "--swapin", "folio", "--verify-data", "--json");
        r.assertOk();
        final JsonNode o = JSON.readTree(r.out());
        assertEquals("folio", o.get("swapin").asText());
        final JsonNode d = o.get("policies").get(0).get("data");
        assertTrue(d.get("reads").asLong() < d.get("pages_read").asLong(), "whole folios, one read a run: " + d);
        assertTrue(d.get("writes").asLong() < d.get("pages_written").asLong() / 8, "one write per folio: " + d);
        assertEquals(0, d.get("mismatches").asLong());
        assertEquals(d.get("pages_read").asLong(), d.get("pages_verified").asLong());
    }

    @Test
    void simulate_sameArgumentsTwice_sameJson() {
        final String[] args = {"simulate", "--workload", "aging", "--iterations", "2", "--seed", "77", "--cpus", "3",
            "--json", "--swapin", "page"};
        assertEquals(run(args).out(), run(args).out());
    }

    @Test
    void simulate_adversarial_reportsNoSeedAndCompoundAvoidsFallback() throws Exception {
        final CliRun r = run("simulate", "--workload", "adversarial", "--iterations", "1", "--json");
        r.assertOk();
        final JsonNode o = JSON.readTree(r.out());
        assertTrue(o.get("seed").isNull());
        assertTrue(o.get("mode").isNull());
        final JsonNode compound = o.get("policies").get(3);
        assertEquals("compound", compound.get("policy").asText());
        assertEquals(0.0, compound.get("totals").get("orders").get("4").get("fallback_ratio").asDouble());
    }

    @Test
    void emitScript_thenReplay_reproducesTheMetrics() throws Exception {
        final Path script = dir.resolve("s.swl");
        final CliRun emitted = run("simulate", "--mode", "s", "--iterations", "2", "--emit-script", script.toString());
        emitted.assertOk();
        assertTrue(emitted.out().startsWith("wrote " + script + ": thp-swap-test -s, "), emitted.out());
        assertTrue(Files.readString(script).startsWith("swaplayer-workload 1\n"));
        final CliRun direct = run("simulate", "--mode", "s", "--iterations", "2", "--json", "--swapin", "page");
        final CliRun replayed = run("replay", "--script", script.toString(), "--json", "--swapin", "page");
        replayed.assertOk();
        assertEquals(JSON.readTree(direct.out()).get("policies"), JSON.readTree(replayed.out()).get("policies"));
        assertEquals("s.swl", JSON.readTree(replayed.out()).get("workload").asText());
    }

    @Test
    void emitScript_replacesAScriptButNoOtherFile() throws Exception {
        final Path script = dir.resolve("s.swl");
        run("simulate", "--mode", "a", "--iterations", "1", "--emit-script", script.toString()).assertOk();
        run("simulate", "--mode", "s", "--iterations", "1", "--emit-script", script.toString()).assertOk();
        assertTrue(Files.readString(script).contains("flags -s,"), "the script was replaced");
        final byte[] image = new byte[8192];
        image[4086] = 'S';
        final Path swap = Files.write(dir.resolve("swap.img"), image);
        run("simulate", "--mode", "a", "--emit-script", swap.toString()).assertUserError("--emit-script: " + swap
                + " (expected: a new file or a workload script to replace; this file exists and does not start with"
                + " 'swaplayer-workload')");
        assertArrayEquals(image, Files.readAllBytes(swap), "nothing lost");
        run("simulate", "--mode", "a", "--emit-script", "/dev/null").assertUserError("--emit-script: /dev/null"
                + " (expected: a file to write; this exists and is not a regular file)");
    }

    @Test
    void simulate_out_writesCsvAndCharts() throws Exception {
        final Path out = dir.resolve("report");
        final CliRun r = run("simulate", "--mode", "as", "--iterations", "2", "--out", out.toString());
        r.assertOk();
        assertTrue(r.out().endsWith("wrote 6 files to " + out + "\n"), r.out());
        for (final String f : List.of("thp-swap-test-as-legacy.csv", "thp-swap-test-as-compound.csv",
                "thp-swap-test-as-fallback.png", "thp-swap-test-as-unusable.png")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
    }

    /**
     * The C program's own lines: per mode and policy a '#' line, then one line per iteration, nothing else, the
     * fallback percentages those the table shows.
     */
    @Test
    void simulate_thpTestLines_printsTheCProgramsLinesPerModeAndPolicy() {
        final CliRun r = run("simulate", "--mode", "none", "--swapin", "page", "--policy", "legacy,buddy",
                "--iterations", "3", "--thp-test-lines", "--quiet");
        r.assertOk();
        final List<String> lines = r.out().lines().toList();
        assertEquals(List.of("# thp-swap-test none, legacy, swap-in page, 1 CPU, seed 1",
                "# thp-swap-test none, buddy, swap-in page, 1 CPU, seed 1"), List.of(lines.get(0), lines.get(4)),
                r.out());
        assertEquals(8, lines.size(), r.out());
        for (final int i : new int[] {1, 2, 3, 5, 6, 7}) {
            assertTrue(lines.get(i).matches("Iteration " + (i % 4) + ": swpout inc: \\d+, swpout fallback inc: \\d+,"
                    + " Fallback percentage: \\d+\\.\\d\\d%"), lines.get(i));
        }
        assertTrue(lines.get(1).endsWith("Fallback percentage: 100.00%"), "legacy, mode none: " + lines.get(1));
    }

    // CHECKSTYLE.OFF: LineLength (a table of inputs and messages, one case per row)
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        --workload fio                      | --workload: fio (expected: thp-swap-test, aging, adversarial)
        --mode x                            | --mode: x (expected: none, a, s, as or all)
        --workload aging --mode a           | --mode: a (expected: no --mode; only thp-swap-test has modes)
        --policy zswap                      | --policy: zswap (expected: legacy, cluster, buddy, compound, bestfit, cluster-612-slots, cluster-72 or all; a plug-in
        --policy buddy,                     | --policy: (empty) (expected: legacy, cluster, buddy, compound, bestfit, cluster-612-slots, cluster-72 or all; a plug-in
        --swapin pages                      | --swapin: pages (expected: page or folio)
        --cpus 0                            | --cpus: 0 (expected: 1..1024)
        --min-order 10                      | --min-order: 10 (expected: 0..9)
        --min-order -1                      | --min-order: -1 (expected: 0..9)
        --min-order 2 --device zram         | --min-order: 2 (expected: 0 with --device; the swap path frees page by page)
        --iterations 0                      | --iterations: 0 (expected: 1..100000)
        --seed -1                           | --seed: -1 (expected: 0..4294967295, an unsigned int)
        --emit-script x.swl                 | --mode: all (the default) (expected: one of none, a, s, as with --emit-script)
        --mode a --emit-script x.swl --json | --emit-script: x.swl (expected: without --json; it writes the workload and runs nothing: give the options of a run to replay)
        --mode a --device zram --emit-script x.swl | --emit-script: x.swl (expected: without --device; it writes the workload and runs nothing: give the options of a run to replay)
        --mode s --swapin page --policy legacy --cpus 2 --emit-script x.swl | --emit-script: x.swl (expected: without --policy, --swapin, --cpus; it writes the workload and runs nothing: give the options of a run to replay)
        --mode s --min-order 2 --metadata-budget 9 --emit-script x.swl | --emit-script: x.swl (expected: without --min-order, --metadata-budget; it writes the workload and runs nothing: give the options of a run to replay)
        --device ssd                        | --device: ssd (expected: none, file or zram)
        --corrupt-write 3                   | --corrupt-write: without a device (expected: with --device file or zram)
        --device zram --algo lzo            | --algo: lzo (expected: one of lz4, zstd, deflate)
        --workload aging --thp-test-lines   | --thp-test-lines: with --workload aging (expected: --workload thp-swap-test, the C program whose lines these are)
        --thp-test-lines --json             | --thp-test-lines: with --json (expected: one of them; --json has the same counts)
        --mode a --emit-script x.swl --thp-test-lines | --emit-script: x.swl (expected: without --thp-test-lines; it writes the workload and runs nothing: give the options of a run to replay)
        """)
    // CHECKSTYLE.ON: LineLength
    void simulate_badArguments_oneLineAndExit2(final String args, final String message) {
        final String[] argv = ("simulate " + args).split(" ");
        run(argv).assertUserError("swaplayer simulate: " + message);
    }

    @Test
    void simulate_theCTestsFlagAsAMode_isNamedInItsOneSpelling() {
        // simulate's table labels the modes -a, -s and -as, the C test's flags; --mode takes them without '-'
        run("simulate", "--mode", "-as").assertUserError("swaplayer simulate: --mode: -as (expected: none, a, s, as"
                + " or all; did you mean as?)");
        run("simulate", "--mode=-a").assertUserError("--mode: -a (expected: none, a, s, as or all; did you mean a?)");
        run("simulate", "--mode", "--all").assertUserError("--mode: --all (expected: none, a, s, as or all; did you"
                + " mean all?)");
        run("simulate", "--mode", "-x").assertUserError("--mode: -x (expected: none, a, s, as or all)");
        run("simulate", "--mode", "sa").assertUserError("--mode: sa (expected: none, a, s, as or all)");
    }

    @Test
    void simulate_outIsAFile_failsBeforeRunning() throws Exception {
        final Path f = Files.writeString(dir.resolve("file"), "x");
        run("simulate", "--mode", "a", "--iterations", "1", "--out", f.toString()).assertUserError("--out: " + f
                + " (expected: a writable directory; " + f + " exists and is not a directory)");
    }

    @Test
    void simulate_notANumber_isAPicocliUsageError() {
        final CliRun r = run("simulate", "--iterations", "many");
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(r.err().startsWith("swaplayer simulate: "), r.err());
    }

    @Test
    void simulate_metadataBudget_countsWhatWasRefusedForPoliciesWithMetadataOnDemandOnly() {
        final CliRun r = run("simulate", "--mode", "a", "--iterations", "2", "--policy", "cluster,buddy",
                "--metadata-budget", "0");
        r.assertOk();
        assertTrue(r.out().contains("metadata budget 0 clusters ("), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("  -a buddy +[0-9,]+ refused, 0 degraded, 1 reserve "
                + "lends, 0 descriptors refused")), r.out());
        assertTrue(r.out().lines().noneMatch(l -> l.startsWith("  -a cluster ")), "the cluster model preallocates");
        assertTrue(r.out().lines().allMatch(l -> l.length() <= 100), r.out());
    }
}

package dev.swaplayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swaplayer.device.Algorithm;
import dev.swaplayer.simulator.DataOptions;
import dev.swaplayer.simulator.Simulator;
import dev.swaplayer.simulator.SwapIn;
import dev.swaplayer.simulator.Workload;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./swaplayer replay}: scripts read from a file or from standard input, the policy table and JSON, the data
 * check on the file and zram devices, and the user errors refused before anything runs.
 *
 * <p>Thread safety: each test runs on JUnit's one thread in its own temporary directory; the one that reads a script
 * from standard input replaces the global {@code System.in} and puts it back before it returns.
 */
class ReplayCommandTest {
    @TempDir
    Path dir;

    private Path script(final String name, final String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void replay_aFileNameWithAnEscapeSequence_isShownEscaped() throws Exception {
        final Path s = script("x\u001b[31m.swl", DATA_SCRIPT);
        final Path out = dir.resolve("o\u001b[31m");
        final CliRun r = SimulateCommandTest.run("replay", "--script", s.toString(), "--out", out.toString());
        r.assertOk();
        assertTrue(r.out().startsWith("x\\u001B[31m.swl: "), r.out());
        assertTrue(r.out().contains("wrote 6 files to " + dir + "/o\\u001B[31m"), r.out());
        assertTrue(r.out().chars().noneMatch(c -> c == 0x1b), "no raw ESC in the output");
    }

    @Test
    void replay_goodScript_printsThePolicyTable() throws Exception {
        final Path s = script("ok.swl", """
                swaplayer-workload 1
                swap 64 cluster 16
                region a 32 folio-order 2   # eight folios of 16 KiB
                phase fill
                write a 0 32
                pageout a
                phase punch
                write a 1 1
                write a 5 1
                dontneed a 8 24
                write a 8 24
                pageout a
                """);
        final CliRun r = SimulateCommandTest.run("replay", "--script", s.toString(), "--swapin",
                "page");
        r.assertOk();
        assertTrue(r.out().startsWith("ok.swl: 16 KiB (order 2) swap-outs per phase; swap-in page, 1 CPU\n"),
                r.out());
        assertTrue(r.out().contains("\nfill "), r.out());
        assertTrue(r.out().contains("\npunch "), r.out());
    }

    @Test
    void replay_badLine_namesFileAndLineAndRunsNothing() throws Exception {
        final Path s = script("bad.swl", "swaplayer-workload 1\nswap 64\nregion a 8\nwrite a 0 9\n");
        SimulateCommandTest.run("replay", "--script", s.toString()).assertUserError("swaplayer replay: " + s
                + ":4: count: 9 (expected: 1..8)");
    }

    @Test
    void replay_missingFile_oneLineAndExit2() {
        final Path s = dir.resolve("none.swl");
        SimulateCommandTest.run("replay", "--script", s.toString()).assertUserError("--script: " + s
                + " (expected: a readable regular file, or - for standard input)");
    }

    @Test
    void replay_directoryAsScript_isNamedAsADirectory() {
        SimulateCommandTest.run("replay", "--script", dir.toString()).assertUserError("swaplayer replay: --script: "
                + dir + " (expected: a workload script file, not a directory)");
    }

    @Test
    void replay_dashReadsTheScriptFromStandardInput_checkedAsAFileIs() throws Exception {
        final InputStream stdin = System.in;
        try {
            System.setIn(new ByteArrayInputStream("swaplayer-workload 1\nswap 64 cluster 1\nregion a 8\nwrite a 0 8\n"
                    .concat("pageout a\n").getBytes(StandardCharsets.UTF_8)));
            final CliRun r = SimulateCommandTest.run("replay", "--script", "-", "--json", "--policy", "buddy");
            r.assertOk();
            assertEquals("stdin", new ObjectMapper().readTree(r.out()).get("workload").asText());
            assertTrue(r.out().contains("\"orders\":{\"0\":{\"swpout\":8,"), r.out());
            System.setIn(new ByteArrayInputStream("swaplayer-workload 1\nswap 64\nregion a 8\nwrite a 0 9\n"
                    .getBytes(StandardCharsets.UTF_8)));
            SimulateCommandTest.run("replay", "--script", "-").assertUserError("swaplayer replay: stdin:4: count: 9"
                    + " (expected: 1..8)");
            System.setIn(new ByteArrayInputStream(new byte[] {'s', (byte) 0xff, '\n'}));
            SimulateCommandTest.run("replay", "--script", "-").assertUserError("stdin:1: encoding: not UTF-8");
        } finally {
            System.setIn(stdin);
        }
    }

    @Test
    void replay_unknownPolicy_oneLineAndExit2() throws Exception {
        final Path s = script("p.swl", "swaplayer-workload 1\nswap 64\nregion a 8\nwrite a 0 8\n");
        SimulateCommandTest.run("replay", "--script", s.toString(), "--policy", "zswap")
                .assertUserError("--policy: zswap");
    }

    @Test
    void replay_smallFoliosOnly_reportsOrderZero() throws Exception {
        final Path s = script("c.swl", "swaplayer-workload 1\nswap 64 cluster 1\nregion a 8\nwrite a 0 8\npageout a\n");
        final CliRun r = SimulateCommandTest.run("replay", "--script", s.toString(), "--json");
        r.assertOk();
        assertTrue(r.out().contains("\"orders\":{\"0\":{\"swpout\":8,"), r.out());
    }

    @Test
    void replay_withoutScript_isAUsageError() {
        final CliRun r = SimulateCommandTest.run("replay");
        assertEquals(ExitCode.USAGE, r.code());
        assertTrue(r.err().contains("--script"), r.err());
    }

    private static final String DATA_SCRIPT = """
            swaplayer-workload 1
            swap 128 cluster 16
            region big 64 folio-order 2
            region pin 32
            phase fill
            write big 0 64
            write pin 0 32
            pageout big
            pageout pin
            phase punch
            write pin 0 1
            write pin 2 1
            write pin 4 1
            write pin 6 1
            write big 5 1
            dontneed big 40 8
            pageout pin
            pageout big
            phase back
            write big 0 64
            write pin 0 32
            """;

    @Test
    void replay_dataMode_everyPolicyBothDevices_verifiesEveryPage() throws Exception {
        final Path s = script("data.swl", DATA_SCRIPT);
        for (final String device : new String[] {"file", "zram"}) {
            for (final String swapin : new String[] {"page", "folio"}) {
                final CliRun r = SimulateCommandTest.run("replay", "--script", s.toString(), "--device", device,
                        "--verify-data", "--swapin", swapin, "--json");
                r.assertOk();
                final var json = new ObjectMapper().readTree(r.out());
                assertEquals(4, json.get("policies").size());
                for (final var p : json.get("policies")) {
                    final var d = p.get("data");
                    final String where = device + " " + swapin + " " + p.get("policy") + ": " + d;
                    assertEquals(device, d.get("device").asText(), where);
                    assertEquals(0, d.get("mismatches").asLong(), where);
                    assertTrue(d.get("first_mismatch").isNull(), where);
                    assertTrue(d.get("pages_verified").asLong() > 64,
                            "most of the 96 pages went out and came back: " + where);
                    assertEquals(d.get("pages_read").asLong(), d.get("pages_verified").asLong(), where);
                    assertEquals(d.get("pages_read").asLong() * 4096, d.get("bytes_read").asLong(), where);
                    assertEquals(device.equals("zram"), d.get("mm_stat").isObject(), where);
                    if (device.equals("zram")) {
                        assertEquals("lz4", d.get("algo").asText());
                        assertEquals(0, d.get("mm_stat").get("orig_data_size").asLong(), "all released: " + where);
                    }
                }
            }
        }
    }

    @Test
    void replay_dataMode_plantedCorruption_exit1NamingPolicyRegionPageVersionSlot() throws Exception {
        final Path s = script("data.swl", DATA_SCRIPT);
        final CliRun r = SimulateCommandTest.run("replay", "--script", s.toString(), "--device", "zram",
                "--algo", "zstd", "--verify-data", "--corrupt-write", "10", "--policy", "compound");
        assertEquals(ExitCode.CHECK_FAILED, r.code(), r.err());
        assertTrue(r.err().matches("swaplayer replay: data check failed: 1 page\\(s\\) read back wrong; first: "
                + "policy compound: region big page \\d+ version \\d+ read from slot \\d+: byte 2048 is "
                + "0x[0-9a-f]{2} \\(expected: 0x[0-9a-f]{2}\\)\\s*"), r.err());
        assertTrue(r.out().contains("data: --device zram (zstd), every page read back compared"), r.out());
        assertTrue(r.out().lines().allMatch(l -> l.length() <= 100 || l.startsWith("first wrong page: ")), r.out());
    }

    @Test
    void replay_dataOptions_badCombinations_exit2() throws Exception {
        final Path s = script("data.swl", DATA_SCRIPT);
        SimulateCommandTest.run("replay", "--script", s.toString(), "--verify-data")
                .assertUserError("--verify-data: without a device (expected: with --device file or zram)");
        SimulateCommandTest.run("replay", "--script", s.toString(), "--device", "nvme")
                .assertUserError("--device: nvme (expected: none, file or zram)");
        SimulateCommandTest.run("replay", "--script", s.toString(), "--device", "file", "--algo", "lz4")
                .assertUserError("--algo: lz4 (expected: only with --device zram)");
    }

    @Test
    void replay_corruptWriteZero_isRefusedLikeANegativeOne() throws Exception {
        final Path s = script("data.swl", DATA_SCRIPT);
        for (final String n : new String[] {"0", "-3"}) {
            SimulateCommandTest.run("replay", "--script", s.toString(), "--device", "zram", "--verify-data",
                    "--corrupt-write", n).assertUserError("--corrupt-write: " + n + " (expected: >= 1, the page write"
                    + " to corrupt)");
        }
    }

    @Test
    void replay_verifyDataWithNothingSwappedBackIn_saysSo() throws Exception {
        final Path s = script("out-only.swl", """
                swaplayer-workload 1
                swap 256
                region r 64
                write r 0 64
                pageout r
                """);
        final CliRun r = SimulateCommandTest.run("replay", "--script", s.toString(), "--device", "zram",
                "--verify-data", "--policy", "buddy");
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertEquals("swaplayer replay: warning: --verify-data: buddy: 0 pages compared (nothing was swapped back in:"
                + " no write, or no page fault, touched a swapped-out page)", r.err().strip());
    }

    @Test
    void replay_corruptWriteTheRunNeverReadsBack_isAWarningAndExitZero() throws Exception {
        // known only once the run is over: the corrupted page's slot is freed by dontneed, never read back
        final Path s = script("dropped.swl", """
                swaplayer-workload 1
                swap 256
                region r 16
                write r 0 16
                pageout r
                dontneed r 0 16
                """);
        final CliRun r = SimulateCommandTest.run("replay", "--script", s.toString(), "--device", "zram",
                "--verify-data", "--corrupt-write", "1", "--policy", "buddy");
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertEquals(List.of(
                "swaplayer replay: warning: --verify-data: buddy: 0 pages compared (nothing was swapped back in: no"
                        + " write, or no page fault, touched a swapped-out page)",
                "swaplayer replay: warning: --corrupt-write: buddy: page write 1: its slot was freed without a read"
                        + " (MADV_DONTNEED); the data check compares only pages read back, so it could not catch this"
                        + " corruption (a later page write, or another workload, is read back)"),
                r.err().lines().toList());
        final CliRun late = SimulateCommandTest.run("replay", "--script", s.toString(), "--device", "zram",
                "--corrupt-write", "100", "--policy", "buddy");
        assertEquals(ExitCode.OK, late.code(), late.err());
        assertEquals("swaplayer replay: warning: --corrupt-write: buddy: page write 100: not reached (the run wrote 16"
                + " pages); the data check compares only pages read back, so it could not catch this corruption (a"
                + " later page write, or another workload, is read back)", late.err().strip());
    }

    @Test
    void replay_outWhereNoFileCanBeCreated_isRefusedBeforeTheRun() throws Exception {
        final Path s = script("data.swl", DATA_SCRIPT);
        final CliRun r = SimulateCommandTest.run("replay", "--script", s.toString(), "--out", "/proc");
        OutputChecksTest.assertNoFileInProc(r, "swaplayer replay: --out: /proc (expected: a writable directory; cannot"
                + " create a file in it: ");
    }

    @Test
    void replay_workloadLargerThanTheHeap_isRefusedWithTheEstimate() {
        final Workload.Builder b = Workload.builder("big",
                Workload.MAX_PAGES, 512);
        final int r = b.region("r", dev.swaplayer.simulator.Workload.MAX_PAGES, 0);
        final Workload w = b.write(r, 0, 1).build();
        final Simulator.Options none = new Simulator.Options(
                SwapIn.FOLIO, 1, false);
        final UserError e = Assertions.assertThrows(UserError.class,
                () -> SimulationOptions.checkResources(w, none, 256L << 20, dir));
        assertEquals("workload: 33554432 pages of swap and regions, about 768 MiB of heap (expected: at most the 256 "
                + "MiB free; a smaller workload, or a larger heap, e.g. JAVA_TOOL_OPTIONS=-Xmx2g)", e.getMessage());
        SimulationOptions.checkResources(w, none, 1L << 30, dir); // fits in 1 GiB: no error
    }

    @Test
    void replay_zramPagesThatCannotFitTheHeap_areRefusedBeforeTheRun_butOnlyPagesThatCanBeSwappedOut() {
        final Simulator.Options zram = new Simulator.Options(SwapIn.FOLIO, 1, false,
                new DataOptions(DataOptions.Device.ZRAM, Algorithm.LZ4, false, 0));
        final Workload.Builder b = Workload.builder("big", 1 << 22, 512);
        final int r = b.region("r", 1 << 22, 9);
        final Workload all = b.write(r, 0, 1 << 22).pageout(r).build(); // 4 Mi pages written and paged out
        assertEquals((1 << 22) - 1, SimulationOptions.pagesStoredAtMost(all), "capped by the device's usable slots");
        final UserError e = Assertions.assertThrows(UserError.class,
                () -> SimulationOptions.checkResources(all, zram, 1L << 30, dir));
        assertEquals("--device: zram for up to 4194303 swapped-out pages, with the workload's own at least 2239 MiB"
                + " of heap (expected: at most the 1024 MiB free; --device none or file, a smaller workload, or a"
                + " larger heap, e.g. JAVA_TOOL_OPTIONS=-Xmx6g)", e.getMessage());
        SimulationOptions.checkResources(all, new Simulator.Options(SwapIn.FOLIO, 1, false), 1L << 30, dir);

        final Workload.Builder few = Workload.builder("few", 1 << 22, 512);
        final int f = few.region("r", 1 << 22, 0);
        final Workload tenWritten = few.write(f, 0, 10).pageout(f).pageout(f).build(); // whole-region pageouts
        assertEquals(10, SimulationOptions.pagesStoredAtMost(tenWritten), "only written pages can be swapped out");
        SimulationOptions.checkResources(tenWritten, zram, 1L << 30, dir);
        final Workload.Builder none = Workload.builder("none", 1 << 22, 512);
        final int n = none.region("r", 1 << 22, 0);
        assertEquals(0, SimulationOptions.pagesStoredAtMost(none.write(n, 0, 1 << 22).build()), "no pageout");
    }

    @Test
    void replay_aFileDeviceWithoutAUsableTemporaryDirectory_isRefusedBeforeTheRun() {
        final Workload.Builder b = Workload.builder("small", 64, 16);
        final Workload w = b.write(b.region("r", 16, 0), 0, 1).build();
        final Simulator.Options file = new Simulator.Options(SwapIn.FOLIO, 1, false,
                new DataOptions(DataOptions.Device.FILE, Algorithm.LZ4, false, 0));
        final Path missing = dir.resolve("no-such-dir");
        final UserError e = Assertions.assertThrows(UserError.class,
                () -> SimulationOptions.checkResources(w, file, 1L << 30, missing));
        assertEquals("java.io.tmpdir: " + missing + " (expected: a writable directory for --device file's temporary"
                + " swap file; another one: TMPDIR=DIR ./swaplayer ..., or JAVA_TOOL_OPTIONS=-Djava.io.tmpdir=DIR)",
                e.getMessage());
        SimulationOptions.checkResources(w, file, 1L << 30, dir); // an existing directory: no error
    }

    @Test
    void replay_defaultDevice_isNone_andTheJsonHasNoData() throws Exception {
        final Path s = script("data.swl", DATA_SCRIPT);
        final CliRun plain = SimulateCommandTest.run("replay", "--script", s.toString(), "--json");
        final CliRun none = SimulateCommandTest.run("replay", "--script", s.toString(), "--json", "--device", "none");
        plain.assertOk();
        assertEquals(plain.out(), none.out());
        assertTrue(!plain.out().contains("\"data\""), plain.out());
    }
}

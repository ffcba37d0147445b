package dev.swaplayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayCommandTest {
    @TempDir
    Path dir;

    private Path script(final String name, final String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
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
                + " (expected: a readable file)");
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
}

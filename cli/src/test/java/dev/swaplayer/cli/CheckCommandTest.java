package dev.swaplayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@code ./swaplayer check}: report, JSON, exit codes, planted faults and bad arguments.
 *
 * <p>Thread safety: each test runs on JUnit's one thread; the exploration a command starts expands states on threads of
 * its own as well, each with its own allocator copies, and stops them before the command returns.
 */
class CheckCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void reportsStatesAndExitsZero() {
        final CliRun r = CliRun.of("check", "--depth", "3");
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertTrue(r.out().contains("level  3:"), r.out());
        assertTrue(r.out().matches("(?s).*states [0-9,]+  transitions [0-9,]+  depth 3  violations 0  seconds .*"),
                r.out());
    }

    @Test
    void jsonIsOneObjectWithTheDocumentedFields() throws Exception {
        final CliRun r = CliRun.of("check", "--depth", "3", "--json", "--bad", "5", "--unaligned");
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertEquals(1, r.out().strip().lines().count(), r.out());
        final JsonNode o = JSON.readTree(r.out());
        for (final String field : new String[] {"states", "transitions", "depth", "violations", "seconds"}) {
            assertTrue(o.has(field), field + " in " + o);
        }
        assertEquals(0, o.get("violations").asInt());
        assertEquals(3, o.get("depth").asInt());
        assertTrue(o.get("states").asLong() > 100);
        assertEquals(false, o.get("config").get("aligned").asBoolean());
        assertEquals("[5]", o.get("config").get("bad").toString());
        assertEquals("none", o.get("config").get("fault").asText());
    }

    @Test
    void jsonConfig_namesEveryOptionThatShapesTheRun_andTheFaultAsTheOptionNamesIt() throws Exception {
        final JsonNode c = JSON.readTree(CliRun.of("check", "--depth", "2", "--bad", "5,9", "--max-count", "3",
                "--metadata-failures", "--inject-fault", "rejected-free", "--json").out()).get("config");
        assertEquals("[5,9]", c.get("bad").toString());
        assertEquals(3, c.get("max_count").asInt());
        assertTrue(c.get("metadata_failures").asBoolean());
        assertEquals("rejected-free", c.get("fault").asText());
        assertEquals(2, c.get("max_depth").asInt());
        final CliRun text = CliRun.of("check", "--depth", "2", "--inject-fault", "retake");
        assertTrue(text.out().contains(", planted fault retake\n"), text.out());
    }

    @Test
    void aPlantedBugExitsOneWithAShortestCounterexample() throws Exception {
        final CliRun r = CliRun.of("check", "--inject-fault", "alignment");
        assertEquals(ExitCode.CHECK_FAILED, r.code());
        assertTrue(r.out().contains("VIOLATION INV-"), r.out());
        assertTrue(r.out().contains("1. allocate(order 2)\n  2. free(slot 5, 2)"), r.out());
        final JsonNode o = JSON.readTree(CliRun.of("check", "--inject-fault", "coalesce", "--json").out());
        assertEquals(1, o.get("violations").asInt());
        assertEquals(3, o.get("counterexample").size());
    }

    @Test
    void aRejectedCallThatChangesTheStateIsReportedAsINV13() {
        final CliRun r = CliRun.of("check", "--inject-fault", "rejected-free");
        assertEquals(ExitCode.CHECK_FAILED, r.code());
        assertTrue(r.out().contains("VIOLATION INV-13 rejection-is-pure: rejected free("), r.out());
    }

    @Test
    void badArgumentsAreOneLineAndExitTwo() {
        CliRun.of("check", "--cluster", "6").assertUserError("--cluster: 6 (expected: a power of two, 1..1024)");
        CliRun.of("check", "--max-order", "3").assertUserError("--max-order: 3 (expected: 0..2 for clusters of 4)");
        CliRun.of("check", "--slots", "1").assertUserError("--slots: 1 (expected: 2..4096)");
        CliRun.of("check", "--min-order", "3").assertUserError("--min-order: 3 (expected: 0..2)");
        CliRun.of("check", "--depth", "-1").assertUserError("--depth: -1 (expected: 0..30)");
        CliRun.of("check", "--bad", "16").assertUserError("--bad: 16 (expected: 1..15)");
        CliRun.of("check", "--bad", "1,1").assertUserError("--bad: 1 (expected: each bad slot listed once)");
        CliRun.of("check", "--inject-fault", "x")
                .assertUserError("--inject-fault: x (expected: coalesce, alignment, retake or rejected-free)");
        final CliRun unknown = CliRun.of("check", "--depht", "3");
        assertEquals(ExitCode.USAGE, unknown.code());
        assertTrue(unknown.err().startsWith("swaplayer check: argument: --depht (expected: one of the options in "
                + "--help; did you mean --depth?)"), unknown.err());
        assertTrue(unknown.err().contains("Try './swaplayer check --help'."), unknown.err());
    }

    /** A planted bug that cannot act on the geometry asked for would pass: refused before anything runs. */
    @Test
    void aPlantedBugThatCannotActOnTheGeometry_isRefused() {
        CliRun.of("check", "--unaligned", "--inject-fault", "retake").assertUserError("--inject-fault: retake on"
                + " Geometry(slots=16, cluster=4, orders=0..2, unaligned) (expected: an aligned geometry; unaligned"
                + " placement holds no freed block back, so none can be retaken)");
        CliRun.of("check", "--max-order", "0", "--inject-fault", "coalesce").assertUserError("--inject-fault: coalesce"
                + " on Geometry(slots=16, cluster=4, orders=0..0) (expected: a maximum order of at least 1; with order"
                + " 0 alone no free slot has a buddy to coalesce with)");
        CliRun.of("check", "--max-order", "0", "--inject-fault", "alignment").assertUserError("--inject-fault:"
                + " alignment on Geometry(slots=16, cluster=4, orders=0..0) (expected: a maximum order of at least 1;");
        CliRun.of("check", "--max-order", "0", "--inject-fault", "rejected-free").assertUserError("--inject-fault:"
                + " rejected-free on Geometry(slots=16, cluster=4, orders=0..0) (expected: a maximum order of at least"
                + " 1; a free of one slot has no in-use prefix to free before it is rejected)");
        final CliRun retakeAtOrderZero = CliRun.of("check", "--max-order", "0", "--depth", "5", "--inject-fault",
                "retake");
        assertEquals(ExitCode.CHECK_FAILED, retakeAtOrderZero.code(), "retake acts at order 0: "
                + retakeAtOrderZero.out());
    }

    @Test
    void aRunAboveTheWorkBound_isRefusedWithItsEstimate_andForceRunsIt() {
        final String[] big = {"check", "--slots", "256", "--cluster", "64", "--max-order", "6", "--depth", "1"};
        CliRun.of(big).assertUserError("--depth: 1 with 15465 operations in the alphabet: 15465 (expected: alphabet x"
                + " depth <= 1024, or --force to run what may not finish)");
        final String[] forced = Arrays.copyOf(big, big.length + 2);
        forced[big.length] = "--force";
        forced[big.length + 1] = "--json";
        final CliRun r = CliRun.of(forced);
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertTrue(r.out().contains("\"depth\":1,\"violations\":0"), r.out());
    }

    @Test
    void everyVerbHasHelpAndNoVerbIsUsage() {
        final CliRun help = CliRun.of("check", "--help");
        assertEquals(ExitCode.OK, help.code());
        assertTrue(help.out().contains("--inject-fault"), help.out());
        final CliRun none = CliRun.of();
        assertEquals(ExitCode.USAGE, none.code());
        assertTrue(none.err().startsWith("swaplayer: missing verb (expected: one of check, device"), none.err());
        assertEquals(ExitCode.OK, CliRun.of("--version").code());
    }
}

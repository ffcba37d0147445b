package dev.swaplayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swaplayer.check.Stress;
import org.junit.jupiter.api.Test;

/**
 * {@code ./swaplayer stress}: its JSON shape, its table, and its argument errors.
 *
 * <p>Thread safety: each test runs on JUnit's one thread; each stress run it starts shares one allocator among its
 * worker threads and joins them before the command returns.
 */
class StressCommandTest {
    @Test
    void onePolicyPrintsOneObjectWithNothingLost() throws Exception {
        final CliRun r = CliRun.of("stress", "--policy", "compound", "--threads", "2", "--ops", "20000", "--json");
        r.assertOk();
        final JsonNode o = new ObjectMapper().readTree(r.out());
        assertEquals("compound", o.get("policy").asText());
        assertEquals(2, o.get("threads").asInt());
        assertEquals(20000, o.get("ops").asLong());
        assertEquals(0, o.get("lost").asLong());
        assertEquals(0, o.get("duplicated").asLong());
        assertEquals("ok", o.get("audit").asText());
        assertTrue(o.get("passed").asBoolean());
        assertTrue(o.get("seconds").asDouble() > 0);
    }

    @Test
    void allPoliciesPrintOneRowEach() {
        final CliRun r = CliRun.of("stress", "--threads", "2", "--ops", "5000");
        r.assertOk();
        for (final String p : new String[] {"buddy", "compound", "cluster"}) {
            assertTrue(r.out().lines().anyMatch(l -> l.startsWith(p + " ") && l.endsWith("ok")), r.out());
        }
    }

    @Test
    void aRunThatLostSomething_failsInItsLastColumn_evenWhenTheAuditPassed() {
        assertEquals("ok", StressCommand.result(new Stress.Result("p", 2, 100, 0, 0, 1.0, null)));
        assertEquals("FAILED: 3 lost, the audit passed",
                StressCommand.result(new Stress.Result("p", 2, 100, 3, 0, 1.0, null)));
        assertEquals("FAILED: 1 lost, 2 duplicated, audit: slot 7 twice",
                StressCommand.result(new Stress.Result("p", 2, 100, 1, 2, 1.0, "audit: slot 7 twice")));
        assertEquals("FAILED: worker failed: boom",
                StressCommand.result(new Stress.Result("p", 2, 100, 0, 0, 1.0, "worker failed: boom")));
    }

    @Test
    void allInAList_leavesOutTheSingleThreadedAsAllAloneDoes() {
        final CliRun r = CliRun.of("stress", "--policy", "all,buddy", "--threads", "2", "--ops", "5000");
        r.assertOk();
        assertTrue(r.out().lines().noneMatch(l -> l.startsWith("legacy ")), r.out());
        for (final String p : new String[] {"buddy", "compound", "cluster"}) {
            assertEquals(1, r.out().lines().filter(l -> l.startsWith(p + " ") && l.endsWith("ok")).count(), r.out());
        }
        final CliRun one = CliRun.of("stress", "--policy", "all,buddy", "--threads", "1", "--ops", "2000");
        one.assertOk();
        assertTrue(one.out().lines().anyMatch(l -> l.startsWith("legacy ") && l.endsWith("ok")), "every policy on one"
                + " thread: " + one.out());
    }

    @Test
    void aSingleThreadedPolicyNamedWithThreads_isRefusedWithWhy() {
        CliRun.of("stress", "--policy", "legacy").assertUserError("swaplayer stress: --threads: 2 (expected: 1; the"
                + " model of 6.10, legacy, is single-threaded)");
        CliRun.of("stress", "--policy", "all,legacy", "--threads", "4").assertUserError("swaplayer stress: --threads:"
                + " 4 (expected: 1; the model of 6.10, legacy, is single-threaded)");
    }

    @Test
    void badArgumentsAreUserErrors() {
        CliRun.of("stress", "--threads", "0").assertUserError("--threads: 0 (expected: 1..1024)");
        CliRun.of("stress", "--ops", "0").assertUserError("--ops: 0 (expected: 1..1000000000)");
        CliRun.of("stress", "--policy",
                "slab").assertUserError("--policy: slab (expected: legacy, cluster, buddy, compound");
    }
}

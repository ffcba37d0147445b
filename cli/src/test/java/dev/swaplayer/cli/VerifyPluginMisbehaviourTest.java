package dev.swaplayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swaplayer.testkit.PluginJar;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a plug-in does outside its allocator's contract must not cost a CI gate its report: its prints stay off the
 * stdout that {@code --json} writes, and an exception from the provider's multi-CPU {@code create}, which only the
 * fragmentation table calls, fails the run as a fault beside the checks' results, not as a stack trace.
 *
 * <p>Thread safety: JUnit runs each test on one thread; each builds its own jar in its own directory.
 */
class VerifyPluginMisbehaviourTest {
    @TempDir
    Path dir;

    /** A provider of the built-in buddy allocator under {@code name}; {@code extra} is added to its class body. */
    private static String buddy(final String name, final String allocator, final String extra) {
        return """
                package demo;

                import dev.swaplayer.allocator.AllocatorProvider;
                import dev.swaplayer.allocator.BuddyAllocator;
                import dev.swaplayer.allocator.ForwardingSlotAllocator;
                import dev.swaplayer.allocator.SlotAllocator;
                import dev.swaplayer.spec.Geometry;

                public final class Provider implements AllocatorProvider {
                    public String name() { return "%s"; }
                    public SlotAllocator create(int type, Geometry geometry) { return %s; }
                    %s
                }
                """.formatted(name, allocator, extra);
    }

    @Test
    void aPluginThatPrintsToStdout_leavesTheJsonAloneOnStdout() throws Exception {
        final Path jar = PluginJar.build(dir, "chatty.jar", Map.of("Provider", buddy("chatty", """
                new ForwardingSlotAllocator<BuddyAllocator>(new BuddyAllocator(type, geometry)) {
                            @Override public long allocate(int order) {
                                System.out.println("chatty: allocate " + order);
                                return super.allocate(order);
                            }
                        }""", "")), List.of("Provider"));
        final CliRun r = CliRun.of("verify", "--json", "--policy", "chatty", "--jar", jar.toString(), "--seed", "1",
                "--check", "exhaustive");
        assertEquals(ExitCode.OK, r.code(), r.err());
        assertFalse(r.out().contains("chatty: allocate"), "the plug-in's prints went to stdout");
        final JsonNode report = new ObjectMapper().readTree(r.out());
        assertEquals("pass", report.get("verdict").asText(), r.out());
    }

    @Test
    void aMultiCpuCreateThatThrows_failsTheRunBesideTheChecks_asOneFault() throws Exception {
        final Path jar = PluginJar.build(dir, "cpus.jar", Map.of("Provider", buddy("cpus",
                "new BuddyAllocator(type, geometry)", "public SlotAllocator create(int type, Geometry g, int cpus) {"
                + " throw new IllegalStateException(\"no CPUs here\"); }")), List.of("Provider"));
        final CliRun r = CliRun.of("verify", "--json", "--policy", "cpus", "--jar", jar.toString(), "--seed", "1");
        assertEquals(ExitCode.CHECK_FAILED, r.code(), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        final JsonNode report = new ObjectMapper().readTree(r.out());
        assertEquals("fail", report.get("verdict").asText(), r.out());
        for (final JsonNode c : report.get("checks")) {
            assertTrue(List.of("pass", "skipped").contains(c.get("result").asText()), c.toString());
        }
        assertEquals("workload thp-swap-test none, page swap-in: --policy: cpus (" + jar + ") (expected: a provider"
                + " that builds an allocator; it threw java.lang.IllegalStateException: no CPUs here)",
                report.get("fragmentation_fault").asText());
    }
}

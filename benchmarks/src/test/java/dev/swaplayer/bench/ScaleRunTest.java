package dev.swaplayer.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * The scale run, the checker's run and the CPU-time churn on small inputs: every figure is there and the
 * devices end empty.
 *
 * <p>Thread safety: each test runs on JUnit's one thread; the checker's run expands states on threads of its own as
 * well, each with its own allocator copies, and stops them before it returns its figures.
 */
class ScaleRunTest {
    @Test
    void eachDeviceIsFilledToHalfChurnedAndEmptiedUnderEveryPolicyOfTheCurve() {
        for (final String policy : new String[] {"buddy", "cluster", "bitmap"}) {
            final JsonNode out = ScaleRun.run(policy, new int[] {13, 14}, 1000, 0);
            assertEquals(policy, out.get("policy").asText());
            assertEquals(2, out.get("points").size());
            for (int i = 0; i < 2; i++) {
                final JsonNode p = out.get("points").get(i);
                final long slots = 1L << (13 + i);
                assertEquals(slots, p.get("slots").asLong());
                final long used = p.get("used_slots").asLong();
                assertTrue(used >= slots / 2 - 16 && used <= slots / 2 + 16, "half full, within one folio: " + p);
                assertTrue(p.get("allocations").asLong() > 0, p.toString());
                assertEquals(1000, p.get("churn_steps").asInt());
                final long warm = p.get("warmup_steps").asLong();
                assertTrue(warm >= ScaleRun.MIN_WARMUP_ROUNDS * 125 && warm % 125 == 0,
                        "whole untimed rounds of the timed rounds' size: " + p);
                assertEquals(0, p.get("churn_fails").asLong(), "a half-full device has room: " + p);
                final double min = p.get("per_op_min_ns").asDouble();
                final double median = p.get("per_op_ns").asDouble();
                assertTrue(min > 0 && min <= median && median <= p.get("per_op_max_ns").asDouble(),
                        "the median round lies between the quickest and the slowest: " + p);
                assertTrue(p.get("per_op_wall_ns").asDouble() > 0, p.toString());
                assertTrue(p.get("jit_ms").asLong() >= 0, "HotSpot measures its compilation time: " + p);
                assertEquals(ScaleRun.Live.CHUNK_BYTES, p.get("bookkeeping_bytes").asLong());
            }
        }
    }

    @Test
    void theLiveSetKeepsHandlesAndOrdersAcrossChunks() {
        final ScaleRun.Live live = new ScaleRun.Live();
        final long n = (1 << 20) + 3;
        for (long i = 0; i < n; i++) {
            live.add(i * 7 + 1, (int) (i % 5));
        }
        assertEquals(n, live.size());
        assertEquals(2 * ScaleRun.Live.CHUNK_BYTES, live.bytes());
        assertEquals((n - 1) * 7 + 1, live.handle(n - 1));
        assertEquals((int) ((n - 1) % 5), live.order(n - 1));
        live.set(1 << 20, 42);
        assertEquals(42, live.handle(1 << 20));
    }

    @Test
    void theCheckersRunReportsTheExplorersCountsAtItsDepth() {
        final JsonNode out = CheckRate.run(3);
        // the same as ./swaplayer check --depth 3 prints for its last level
        assertEquals(171, out.get("states").asLong());
        assertEquals(3332, out.get("transitions").asLong());
        assertEquals(3, out.get("depth").asInt());
        assertEquals(0, out.get("violations").asInt());
        assertTrue(out.get("states_per_s").asDouble() > 0);
    }

    @Test
    void theCpuTimeChurnGivesOneFigurePerPolicyAndStream() {
        final JsonNode out = CpuChurn.run(new String[] {"buddy", "cluster"}, new String[] {"order0", "mixed"}, 1L << 14,
                1000);
        assertEquals(4, out.size());
        assertEquals("order0", out.get(0).get("stream").asText());
        assertEquals("cluster", out.get(1).get("policy").asText());
        assertEquals("mixed", out.get(3).get("stream").asText());
        for (final JsonNode o : out) {
            assertTrue(o.get("cpu_ns_per_step").asDouble() >= 0, o.toString());
            assertEquals(0, o.get("fails").asLong(), "a half-full device has room: " + o);
        }
    }
}

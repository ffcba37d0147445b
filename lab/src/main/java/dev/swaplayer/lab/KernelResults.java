package dev.swaplayer.lab;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swaplayer.simulator.Counters;
import dev.swaplayer.simulator.JsonReport;
import dev.swaplayer.simulator.PhaseStats;
import dev.swaplayer.simulator.PolicyRun;
import dev.swaplayer.simulator.RunResult;
import dev.swaplayer.simulator.SwapIn;
import dev.swaplayer.simulator.Workload;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns a {@link RunnerReport} into the simulator's {@link RunResult}, the kernel's release as the policy
 * name, so that every report of {@code replay} works on a kernel run; and adds the counters the models have
 * no place for to the JSON.
 *
 * <p>Thread safety: stateless.
 *
 * <p>Mapping, per phase, of the kernel's counters (deltas over the phase; mm/huge_memory.c, mm/page_io.c):
 * <ul>
 *   <li>order k &gt; 0: {@code swpout} and {@code swpout_fallback} of {@code hugepages-<4*2^k>kB/stats}.</li>
 *   <li>order 0: {@code pswpout} (pages written, mm/page_io.c count_swpout_vm_event()) less the pages of the
 *       large folios counted above: order-0 folios and the pieces of split folios, as the models count them.</li>
 *   <li>{@code swpout_compound} and {@code failed}: 0, the kernel has no such counters.</li>
 *   <li>{@code used_slots}: the Used column of /proc/swaps, in pages.</li>
 *   <li>free blocks: none ({@link PhaseStats#hasFreeBlocks()} false), so {@code free_blocks} is null,
 *       {@code unusable_index} empty and {@code unusable_onset} null in the JSON, the CSV's cells empty, the text's
 *       {@code unus} a dash and the unusable chart without the kernel: the kernel exposes no free-block view of a
 *       swap device.</li>
 * </ul>
 */
public final class KernelResults {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private KernelResults() {
    }

    /**
     * Returns the kernel's run, one policy named after {@link RunnerReport#release()}.
     *
     * @param w the workload the runner performed
     * @param mode the thp-swap-test mode, or null
     * @param seed the workload's seed, or null
     * @param swapIn the swap-in granularity the kernel was set up for
     * @param report what the runner printed
     * @param seconds wall-clock seconds of the boot
     * @throws IllegalArgumentException when the report does not match the workload (phases, geometry)
     */
    public static RunResult toRunResult(final Workload w, final String mode, final Long seed, final SwapIn swapIn,
            final RunnerReport report, final double seconds) {
        check(w, report);
        final int maxOrder = w.geometry().maxOrder();
        final int[] orders = w.reportedOrders();
        final List<PhaseStats> phases = new ArrayList<>();
        final Counters totals = Counters.measured(new long[maxOrder + 1], new long[maxOrder + 1]);
        Map<String, Long> before = report.baseline();
        for (final RunnerReport.Snapshot s : report.phases()) {
            final Counters c = counters(before, s.counters(), orders, maxOrder);
            totals.add(c);
            phases.add(new PhaseStats(s.label(), c, null, s.counters().getOrDefault("swap.used_kib", 0L) / 4));
            before = s.counters();
        }
        return new RunResult(w.name(), mode, swapIn, 1, seed, w.swapPages(), w.clusterSlots(), orders,
                List.of(new PolicyRun(report.release(), phases, totals, seconds)));
    }

    private static void check(final Workload w, final RunnerReport report) {
        if (report.swapPages() != w.swapPages() || report.clusterSlots() != w.clusterSlots()) {
            throw new IllegalArgumentException("runner report geometry: swap " + report.swapPages() + " cluster "
                    + report.clusterSlots() + " (expected: swap " + w.swapPages() + " cluster " + w.clusterSlots()
                    + ", the script's)");
        }
        final List<String> labels = report.phases().stream().map(RunnerReport.Snapshot::label).toList();
        if (!labels.equals(w.labels())) {
            throw new IllegalArgumentException("runner report phases: " + labels.size() + " (expected: the "
                    + w.labels().size() + " phases of the script, same labels in the same order)");
        }
    }

    private static Counters counters(final Map<String, Long> before, final Map<String, Long> after,
            final int[] orders, final int maxOrder) {
        final long[] swpout = new long[maxOrder + 1];
        final long[] fallback = new long[maxOrder + 1];
        long largePages = 0;
        for (final Map.Entry<Integer, Map<String, Long>> e : perSize(before, after).entrySet()) {
            final long pages = e.getKey() / 4;
            final long out = e.getValue().getOrDefault("swpout", 0L);
            largePages += out * pages;
            final int k = Long.numberOfTrailingZeros(pages);
            if (k <= maxOrder && contains(orders, k)) {
                swpout[k] = out;
                fallback[k] = e.getValue().getOrDefault("swpout_fallback", 0L);
            }
        }
        final long pswpout = delta(before, after, "vmstat.pswpout");
        if (pswpout < largePages) {
            throw new IllegalArgumentException("pswpout: " + pswpout + " (expected: at least the " + largePages
                    + " pages of the large folios swapped out)");
        }
        swpout[0] = pswpout - largePages;
        return Counters.measured(swpout, fallback);
    }

    private static boolean contains(final int[] orders, final int k) {
        for (final int o : orders) {
            if (o == k) {
                return true;
            }
        }
        return false;
    }

    /** Deltas of the per-size mTHP stats: size in kB, then stat name. */
    static Map<Integer, Map<String, Long>> perSize(final Map<String, Long> before, final Map<String, Long> after) {
        final Map<Integer, Map<String, Long>> sizes = new TreeMap<>();
        for (final String key : after.keySet()) {
            if (key.startsWith("mthp.")) {
                final String[] p = key.split("\\.", 3);
                sizes.computeIfAbsent(Integer.parseInt(p[1]), kb -> new TreeMap<>()).put(p[2],
                        delta(before, after, key));
            }
        }
        return sizes;
    }

    static long delta(final Map<String, Long> before, final Map<String, Long> after, final String key) {
        final long d = after.getOrDefault(key, 0L) - before.getOrDefault(key, 0L);
        if (d < 0) {
            throw new IllegalArgumentException(key + ": went down by " + -d + " (expected: counters that only grow "
                    + "within one boot)");
        }
        return d;
    }

    /**
     * Checks that the kernel swapped in as asked. {@code page}: no large folio may have been swapped in.
     * Where the kernel has a per-size {@code swpin} counter, every one must stay put. Where it has none (6.12),
     * a bound: a large folio is swapped out whole or split at most once, so with order-0 swap-in
     * {@code swpout + swpout_fallback <= anon_fault_alloc} at every size; more can only come from folios
     * swapped in whole (mm/memory.c alloc_swap_folio()). {@code folio}: no check, the kernel swaps in whole
     * folios only when it can.
     *
     * @param swapIn the granularity asked for
     * @param report the run
     * @return null when it took effect (as far as the counters tell), else why not
     */
    public static String swapInProblem(final SwapIn swapIn, final RunnerReport report) {
        if (swapIn != SwapIn.PAGE || report.phases().isEmpty()) {
            return null;
        }
        final Map<String, Long> end = report.phases().get(report.phases().size() - 1).counters();
        for (final Map.Entry<Integer, Map<String, Long>> e : perSize(report.baseline(), end).entrySet()) {
            final Map<String, Long> s = e.getValue();
            final String size = "hugepages-" + e.getKey() + "kB";
            if (s.getOrDefault("swpin", 0L) > 0) {
                return "--swapin page: did not take effect, " + size + "/stats/swpin grew by " + s.get("swpin")
                        + " (expected: 0; zswap enabled then disabled before swapon)";
            }
            final long out = s.getOrDefault("swpout", 0L) + s.getOrDefault("swpout_fallback", 0L);
            final long faulted = s.getOrDefault("anon_fault_alloc", 0L);
            if (s.containsKey("anon_fault_alloc") && out > faulted) {
                return "--swapin page: did not take effect, " + size + " swapped out or split " + out
                        + " folios but only " + faulted + " were faulted in fresh (expected: at most that many "
                        + "without large-folio swap-in)";
            }
        }
        return null;
    }

    /**
     * Returns what the counters say about swap-in, one line: per size, swpin where counted, and swpout +
     * swpout_fallback against anon_fault_alloc.
     *
     * @param report the run
     */
    public static String swapInEvidence(final RunnerReport report) {
        if (report.phases().isEmpty()) {
            return "";
        }
        final Map<String, Long> end = report.phases().get(report.phases().size() - 1).counters();
        final StringBuilder sb = new StringBuilder("pswpin +" + delta(report.baseline(), end, "vmstat.pswpin"));
        perSize(report.baseline(), end).forEach((kb, s) -> {
            final long out = s.getOrDefault("swpout", 0L) + s.getOrDefault("swpout_fallback", 0L);
            if (out > 0 || s.getOrDefault("swpin", 0L) > 0) {
                sb.append("; ").append(kb).append("kB: ");
                if (s.containsKey("swpin")) {
                    sb.append("swpin +").append(s.get("swpin")).append(", ");
                }
                sb.append("swpout+swpout_fallback ").append(out).append(" vs anon_fault_alloc ")
                        .append(s.getOrDefault("anon_fault_alloc", 0L));
            }
        });
        return sb.toString();
    }

    /**
     * The JSON of {@code replay --json} for a kernel run, with the kernel's own counters added: a
     * {@code kernel} object in the kernel's policy entry and in each of its phases (see lab/README.md).
     *
     * @param r the merged run (the kernel's policy and, with --compare, the models')
     * @param kernel the kernel run's facts, keyed by the kernel's policy name
     * @return the object
     */
    public static ObjectNode toJson(final RunResult r, final Map<String, KernelFacts> kernel) {
        final ObjectNode o = JsonReport.toJson(r);
        for (final JsonNode p : o.get("policies")) {
            final KernelFacts f = kernel.get(p.get("policy").asText());
            if (f == null) {
                continue;
            }
            final ObjectNode k = ((ObjectNode) p).putObject("kernel");
            k.put("release", f.report().release());
            k.put("source", f.source());
            k.put("command", f.command());
            k.put("accel", f.accel());
            k.put("boot_seconds", Math.round(f.seconds() * 10) / 10.0);
            k.put("runner_seconds", Math.round(f.report().seconds() * 10) / 10.0);
            final ObjectNode mthp = k.putObject("mthp_enabled");
            f.report().mthp().forEach((kb, v) -> mthp.put(kb + "kB", v));
            k.put("swapin_evidence", swapInEvidence(f.report()));
            if (f.swapInProblem() == null) {
                k.putNull("swapin_problem");
            } else {
                k.put("swapin_problem", f.swapInProblem());
            }
            final List<RunnerReport.Snapshot> snaps = f.report().phases();
            counters(k.putObject("totals"), f.report().baseline(), snaps.get(snaps.size() - 1).counters());
            final ArrayNode phases = (ArrayNode) p.get("phases");
            Map<String, Long> before = f.report().baseline();
            for (int i = 0; i < snaps.size(); i++) {
                final ObjectNode ph = (ObjectNode) phases.get(i);
                counters(ph.putObject("kernel"), before, snaps.get(i).counters());
                before = snaps.get(i).counters();
            }
        }
        return o;
    }

    private static void counters(final ObjectNode o, final Map<String, Long> before, final Map<String, Long> after) {
        final ObjectNode mthp = o.putObject("mthp");
        perSize(before, after).forEach((kb, stats) -> {
            final ObjectNode s = mthp.putObject(kb + "kB");
            stats.forEach(s::put);
        });
        final ObjectNode vm = o.putObject("vmstat");
        final Map<String, Long> sorted = new LinkedHashMap<>();
        after.keySet().stream().filter(key -> key.startsWith("vmstat.")).forEach(key ->
                sorted.put(key.substring("vmstat.".length()), delta(before, after, key)));
        sorted.forEach(vm::put);
        o.put("swap_used_kib", after.getOrDefault("swap.used_kib", 0L));
    }

    /**
     * Returns one JSON line.
     *
     * @param r the run
     * @param kernel the kernel facts
     */
    public static String toJsonLine(final RunResult r, final Map<String, KernelFacts> kernel) {
        try {
            return MAPPER.writeValueAsString(toJson(r, kernel));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

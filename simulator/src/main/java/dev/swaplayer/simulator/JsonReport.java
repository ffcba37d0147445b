package dev.swaplayer.simulator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The {@code --json} report: one object per run, schema in {@code simulator/README.md}.
 *
 * <p>Thread safety: stateless.
 *
 * <pre>
 * {"workload":"thp-swap-test","mode":"a","swapin":"folio","cpus":1,"seed":1,
 *  "device":{"pages":16384,"cluster":512},
 *  "policies":[{"policy":"buddy",
 *     "phases":[{"label":"warm-up",
 *                "orders":{"4":{"swpout":960,"swpout_fallback":0,"swpout_compound":0,"failed":0,
 *                               "fallback_ratio":0.0},
 *                          "0":{...}},
 *                "unusable_index":{"4":0.0},
 *                "free_blocks":[n0,...,n9],
 *                "used_slots":15360,
 *                "wasted_slots":0,
 *                "extents":{"max":0,"mean":null}}, ...],
 *     "totals":{"orders":{...},"extents":{...}},
 *     "unusable_onset":{"order":4,"threshold":0.9,"crossed":true,"phase":"hour 25","index":0.932,
 *                       "used_slots":28672,"usable_slots":65535,"occupancy":0.4375},
 *     "fallback_onset":{"order":4,"threshold":1.0,"crossed":true,"phase":"hour 10","fallback_ratio":9.1483,
 *                       "used_slots":28672,"usable_slots":65535,"occupancy":0.4375},
 *     "data":{...}}]}
 * </pre>
 * {@code unusable_onset} is {@link UnusableOnset}: the first phase whose unusable index at the largest order
 * went above the threshold, or with {@code "crossed":false} the phase of the highest index; the index reads the
 * free space as aligned blocks, whatever the policy can reach. {@code fallback_onset} is {@link FallbackOnset}:
 * the first phase whose fallback ratio at that order went above its threshold (a percentage), or the phase of the
 * highest ratio ({@code "phase":null} when no phase swapped out a folio of that order). A run whose free
 * blocks are not known (a kernel run, {@link PhaseStats#hasFreeBlocks()}) has {@code "free_blocks":null}, an
 * empty {@code unusable_index} and {@code "unusable_onset":null}.
 * {@code data} (data mode's figures, {@link DataStats}) is present only when the run had a device.
 * Ratios are percentages rounded to 4 decimals, null when nothing of that order was swapped out; the
 * unusable index is in [0, 1], in thousandths as the kernel prints it. Nothing in the object depends on the
 * machine or the clock: the same command gives the same bytes.
 */
public final class JsonReport {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonReport() {
    }

    /**
     * Returns its JSON object.
     *
     * @param r a run
     */
    public static ObjectNode toJson(final RunResult r) {
        final ObjectNode o = MAPPER.createObjectNode();
        o.put("workload", r.workload());
        if (r.mode() == null) {
            o.putNull("mode");
        } else {
            o.put("mode", r.mode());
        }
        o.put("swapin", r.swapIn().label());
        o.put("cpus", r.cpus());
        if (r.seed() == null) {
            o.putNull("seed");
        } else {
            o.put("seed", r.seed());
        }
        final ObjectNode device = o.putObject("device");
        device.put("pages", r.device());
        device.put("cluster", r.clusterSlots());
        final ArrayNode policies = o.putArray("policies");
        for (final PolicyRun run : r.runs()) {
            final ObjectNode p = policies.addObject();
            p.put("policy", run.policy());
            final ArrayNode phases = p.putArray("phases");
            for (final PhaseStats ph : run.phases()) {
                phase(phases.addObject(), ph, r.orders());
            }
            final ObjectNode totals = p.putObject("totals");
            orders(totals.putObject("orders"), run.totals(), r.orders());
            extents(totals.putObject("extents"), run.totals());
            final UnusableOnset onset = UnusableOnset.of(r, run);
            if (onset == null) {
                p.putNull("unusable_onset");
            } else {
                onset(p.putObject("unusable_onset"), onset);
            }
            fallbackOnset(p.putObject("fallback_onset"), FallbackOnset.of(r, run));
            if (run.data() != null) {
                data(p.putObject("data"), run.data());
            }
            if (run.metadata() != null) {
                final MetadataStats m = run.metadata();
                final ObjectNode md = p.putObject("metadata_budget");
                md.put("clusters", m.clusterLimit());
                md.put("degraded", m.degraded());
                md.put("refused_clusters", m.refusedClusters());
                md.put("refused_descriptors", m.refusedDescriptors());
                md.put("reserve_lends", m.reserveLends());
            }
        }
        return o;
    }

    /**
     * Returns its JSON text, one line.
     *
     * @param r a run
     */
    public static String toJsonLine(final RunResult r) {
        return toJson(r).toString();
    }

    private static void phase(final ObjectNode o, final PhaseStats ph, final int[] orders) {
        o.put("label", ph.label());
        orders(o.putObject("orders"), ph.counters(), orders);
        final ObjectNode unusable = o.putObject("unusable_index");
        if (ph.hasFreeBlocks()) {
            for (final int k : orders) {
                if (k > 0) {
                    unusable.put(Integer.toString(k), ph.unusableIndex(k));
                }
            }
            final ArrayNode blocks = o.putArray("free_blocks");
            for (final long n : ph.fragmentation().toArray()) {
                blocks.add(n);
            }
        } else {
            o.putNull("free_blocks");
        }
        o.put("used_slots", ph.usedSlots());
        o.put("wasted_slots", ph.wastedSlots());
        extents(o.putObject("extents"), ph.counters());
    }

    private static void onset(final ObjectNode o, final UnusableOnset u) {
        o.put("order", u.order());
        o.put("threshold", UnusableOnset.THRESHOLD);
        o.put("crossed", u.crossed());
        o.put("phase", u.label()); // null when no phase measured: JSON null
        o.put("index", u.index());
        o.put("used_slots", u.usedSlots());
        o.put("usable_slots", u.usableSlots());
        putRounded(o, "occupancy", u.occupancy());
    }

    private static void fallbackOnset(final ObjectNode o, final FallbackOnset f) {
        o.put("order", f.order());
        o.put("threshold", FallbackOnset.THRESHOLD);
        o.put("crossed", f.crossed());
        o.put("phase", f.label()); // null when no phase measured: JSON null
        putRounded(o, "fallback_ratio", f.ratio());
        o.put("used_slots", f.usedSlots());
        o.put("usable_slots", f.usableSlots());
        putRounded(o, "occupancy", f.occupancy());
    }

    private static void orders(final ObjectNode o, final Counters c, final int[] orders) {
        for (final int k : orders) {
            final ObjectNode s = o.putObject(Integer.toString(k));
            s.put("swpout", c.swpout(k));
            s.put("swpout_fallback", c.swpoutFallback(k));
            s.put("swpout_compound", c.swpoutCompound(k));
            s.put("failed", c.failed(k));
            putRounded(s, "fallback_ratio", c.fallbackRatio(k));
        }
    }

    /** Data mode's figures; present only with a device, so the default output is unchanged. */
    private static void data(final ObjectNode o, final DataStats d) {
        o.put("device", d.device().label());
        if (d.algorithm() == null) {
            o.putNull("algo");
        } else {
            o.put("algo", d.algorithm());
        }
        o.put("verify", d.verified());
        o.put("pages_written", d.pagesWritten());
        o.put("pages_read", d.pagesRead());
        o.put("pages_verified", d.pagesVerified());
        o.put("writes", d.writes());
        o.put("reads", d.reads());
        o.put("bytes_written", d.bytesWritten());
        o.put("bytes_read", d.bytesRead());
        o.put("discarded_slots", d.discardedSlots());
        o.put("mismatches", d.mismatches());
        if (d.firstMismatch() == null) {
            o.putNull("first_mismatch");
        } else {
            o.put("first_mismatch", d.firstMismatch());
        }
        if (d.unreadCorruption() != null) {
            o.put("unread_corruption", d.unreadCorruption());
        }
        if (d.mmStat() == null) {
            o.putNull("mm_stat");
        } else {
            final ObjectNode m = o.putObject("mm_stat");
            m.put("orig_data_size", d.mmStat().origDataSize());
            m.put("compr_data_size", d.mmStat().comprDataSize());
            m.put("mem_used_total", d.mmStat().memUsedTotal());
            m.put("mem_used_max", d.mmStat().memUsedMax());
            m.put("same_pages", d.mmStat().samePages());
            m.put("huge_pages", d.mmStat().hugePages());
        }
    }

    private static void extents(final ObjectNode o, final Counters c) {
        o.put("max", c.extentsMax());
        putRounded(o, "mean", c.extentsMean());
    }

    private static void putRounded(final ObjectNode o, final String field, final double v) {
        if (Double.isNaN(v)) {
            o.putNull(field);
        } else {
            o.put(field, Math.round(v * 10_000) / 10_000.0);
        }
    }
}

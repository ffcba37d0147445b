package dev.swaplayer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.Fault;
import dev.swaplayer.check.Explorer;
import dev.swaplayer.device.UserInput;
import dev.swaplayer.spec.Geometry;
import java.io.PrintWriter;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./swaplayer check}: bounded exhaustive exploration of the real buddy allocator against the spec.
 *
 * <p>Thread safety: runs on the calling thread.
 */
@Command(name = "check", header = "Bounded exhaustive check of the buddy allocator against the spec.",
        mixinStandardHelpOptions = true,
        description = {
            "Explore every operation sequence up to --depth on a small device, breadth first, with "
                    + "the real buddy allocator next to the specification. Every new state is checked against "
                    + "every invariant (spec/SPEC.md) and every transition for refinement; the first violation "
                    + "is printed with the shortest operation sequence that reaches it.",
            "The default run (127 operations in the alphabet, depth 7: 271,040 states) takes about 15 s "
                    + "on a quiet 2-core machine; each extra level multiplies that by about 7 to 8 (depth 8: about "
                    + "a minute; depth 9: 14.6 million states in about 8.5 minutes and 3.3 GB). A run whose "
                    + "alphabet times depth exceeds 1024 (depth 9 and beyond by default) is refused (exit 2) "
                    + "unless --force.",
            "Exit 0: no violation. Exit 1: a violation. Exit 2: bad arguments, or a run too large "
                    + "without --force."},
        sortOptions = false)
final class CheckCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--slots", paramLabel = "N", description = "device size in slots, header included "
            + "(default: ${DEFAULT-VALUE}; 2..4096; the alphabet holds about 8 operations per slot at the default"
            + " orders, so beyond about 128 slots even --depth 1 needs --force)")
    private long slots = Explorer.DEFAULT_SLOTS;

    @Option(names = "--cluster", paramLabel = "N", description = "slots per cluster, a power of two "
            + "(default: ${DEFAULT-VALUE})")
    private int cluster = Explorer.DEFAULT_CLUSTER;

    @Option(names = "--max-order", paramLabel = "K", description = "largest order (default: ${DEFAULT-VALUE}; "
            + "at most log2 of the cluster)")
    private int maxOrder = Explorer.DEFAULT_MAX_ORDER;

    @Option(names = "--min-order", paramLabel = "K", description = "allocation granularity (default: 0)")
    private int minOrder;

    @Option(names = "--unaligned", description = "let contiguous runs start at any chunk, not only at a multiple "
            + "of their size")
    private boolean unaligned;

    @Option(names = "--bad", paramLabel = "SLOT", split = ",", description = "bad slots, comma-separated")
    private long[] bad = new long[0];

    @Option(names = "--depth", paramLabel = "D", description = "longest operation sequence "
            + "(default: ${DEFAULT-VALUE}; 0..30)")
    private int depth = Explorer.DEFAULT_DEPTH;

    @Option(names = "--max-count", paramLabel = "C", description = "explore dup only below this swap count "
            + "(default: ${DEFAULT-VALUE})")
    private int maxCount = Explorer.DEFAULT_MAX_COUNT;

    @Option(names = "--inject-fault", paramLabel = "BUG", description = "plant a bug to watch the check catch it: "
            + "coalesce (coalescing stops one order short), alignment (freed runs cut without regard to "
            + "alignment), retake (a freed block handed to the next allocation of its order whether or not the "
            + "placement rule names it) or rejected-free (a free rejected for a slot not in use first frees the "
            + "in-use slots before it)")
    private String injectFault;

    @Option(names = "--metadata-failures", description = "also explore allocate and allocateFolio of every order "
            + "from 1 with their first metadata request refused: the degraded placement (clusters that have "
            + "metadata, a compound, or nothing) against the spec's (INV-24); at the default depth about twice "
            + "the states (583,268) and two to three times the time")
    private boolean metadataFailures;

    @Option(names = "--json", description = "print one JSON object instead of the report")
    private boolean json;

    @Option(names = "--force", description = "run even when the alphabet times the depth exceeds "
            + MAX_WORK + " (a run that may not finish)")
    private boolean force;

    /**
     * The largest alphabet x depth run without --force: the default, 127 x 7 = 889, takes about 15 s; depth 8 (1016)
     * about a minute; depth 9 (1143), about 8 times that and 3.3 GB, is refused.
     */
    static final long MAX_WORK = 1_024;

    /** The planted faults by the names --inject-fault takes. */
    private static final Map<String, Fault> FAULTS = Map.of("coalesce", Fault.SKIP_TOP_COALESCE, "alignment",
            Fault.IGNORE_ALIGNMENT, "retake", Fault.RETAKE_UNCHECKED, "rejected-free", Fault.PARTIAL_REJECTED_FREE);

    @Override
    public Integer call() throws Exception {
        final Geometry geometry = geometry();
        final Fault fault = fault();
        final String inert = fault.inertOn(geometry);
        if (inert != null) {
            throw new UserError("--inject-fault: " + nameOf(fault) + " on " + geometry + " (expected: " + inert + ")");
        }
        final Explorer explorer = new Explorer(geometry, depth, maxCount, Explorer.MAX_DESCRIPTORS,
                g -> BuddyAllocator.withFault(0, g, fault), metadataFailures);
        final long work = (long) explorer.alphabetSize() * depth;
        if (work > MAX_WORK && !force) {
            throw new UserError("--depth: " + depth + " with " + explorer.alphabetSize() + " operations in the "
                    + "alphabet: " + work + " (expected: alphabet x depth <= " + MAX_WORK + ", or --force to run what"
                    + " may not finish)");
        }
        final PrintWriter out = spec.commandLine().getOut();
        if (!json) {
            out.printf("exhaustive check: %s, depth %d, %d operations in the alphabet%s%n", geometry, depth,
                    explorer.alphabetSize(), fault == Fault.NONE ? "" : ", planted fault " + nameOf(fault));
        }
        final Explorer.Result r = explorer.run((level, states, transitions) -> {
            if (!json) {
                out.printf("  level %2d: %,d states, %,d transitions%n", level, states, transitions);
                out.flush();
            }
        });
        if (json) {
            out.println(toJson(geometry, fault, r));
        } else {
            report(out, r);
        }
        return r.violations() == 0 ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }

    private Geometry geometry() {
        if (slots < 2 || slots > 4096) {
            throw new UserError("--slots: " + slots + " (expected: 2..4096)");
        }
        if (cluster < 1 || Integer.bitCount(cluster) != 1 || cluster > 1024) {
            throw new UserError("--cluster: " + cluster + " (expected: a power of two, 1..1024)");
        }
        final int clusterOrder = Integer.numberOfTrailingZeros(cluster);
        if (maxOrder < 0 || maxOrder > clusterOrder) {
            throw new UserError("--max-order: " + maxOrder + " (expected: 0.." + clusterOrder + " for clusters of "
                    + cluster + ")");
        }
        if (minOrder < 0 || minOrder > maxOrder) {
            throw new UserError("--min-order: " + minOrder + " (expected: 0.." + maxOrder + ")");
        }
        if (depth < 0 || depth > 30) {
            throw new UserError("--depth: " + depth + " (expected: 0..30)");
        }
        if (maxCount < 1) {
            throw new UserError("--max-count: " + maxCount + " (expected: >= 1)");
        }
        final Set<Long> seen = new HashSet<>();
        for (final long b : bad) {
            if (b < 1 || b >= slots) {
                throw new UserError("--bad: " + b + " (expected: 1.." + (slots - 1) + ")");
            }
            if (!seen.add(b)) {
                throw new UserError("--bad: " + b + " (expected: each bad slot listed once)");
            }
        }
        try {
            return Geometry.builder(slots).clusterSlots(cluster).maxOrder(maxOrder).minOrder(minOrder)
                    .aligned(!unaligned).badSlots(bad).build();
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage());
        }
    }

    private Fault fault() {
        if (injectFault == null) {
            return Fault.NONE;
        }
        final Fault f = FAULTS.get(injectFault.toLowerCase(Locale.ROOT));
        if (f == null) {
            throw new UserError("--inject-fault: " + UserInput.show(injectFault)
                    + " (expected: coalesce, alignment, retake or rejected-free)");
        }
        return f;
    }

    /** The name --inject-fault takes for a planted fault, and "none": what the report and the JSON call it. */
    static String nameOf(final Fault fault) {
        return FAULTS.entrySet().stream().filter(e -> e.getValue() == fault).map(Map.Entry::getKey).findFirst()
                .orElse("none");
    }

    private static void report(final PrintWriter out, final Explorer.Result r) {
        out.printf("states %,d  transitions %,d  depth %d  violations %d  seconds %.1f%n", r.states(),
                r.transitions(), r.depth(), r.violations(), r.seconds());
        if (r.violations() > 0) {
            out.println("VIOLATION " + r.violation());
            out.println("shortest counterexample (" + r.counterexample().size() + " steps from the empty device):");
            for (int i = 0; i < r.counterexample().size(); i++) {
                out.printf("  %d. %s%n", i + 1, r.counterexample().get(i));
            }
        }
    }

    private String toJson(final Geometry g, final Fault fault, final Explorer.Result r) {
        final ObjectMapper mapper = new ObjectMapper();
        final ObjectNode o = mapper.createObjectNode();
        o.put("states", r.states());
        o.put("transitions", r.transitions());
        o.put("depth", r.depth());
        o.put("violations", r.violations());
        o.put("seconds", Math.round(r.seconds() * 1000) / 1000.0);
        final ObjectNode config = o.putObject("config");
        config.put("slots", g.totalSlots());
        config.put("cluster", g.clusterSlots());
        config.put("min_order", g.minOrder());
        config.put("max_order", g.maxOrder());
        config.put("aligned", g.aligned());
        final ArrayNode badSlots = config.putArray("bad");
        for (final long b : g.badSlots()) {
            badSlots.add(b);
        }
        config.put("max_depth", depth);
        config.put("max_count", maxCount);
        config.put("metadata_failures", metadataFailures);
        config.put("fault", nameOf(fault));
        if (r.violation() != null) {
            o.put("violation", r.violation());
            r.counterexample().forEach(o.putArray("counterexample")::add);
        }
        return o.toString();
    }
}

package dev.swaplayer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.allocator.policy.ProviderFailure;
import dev.swaplayer.device.UserInput;
import dev.swaplayer.simulator.OutputDirectory;
import dev.swaplayer.verify.Depth;
import dev.swaplayer.verify.Verdict;
import dev.swaplayer.verify.Verifier;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./swaplayer verify}: a verdict on any allocation policy, built-in or a plug-in.
 *
 * <p>Thread safety: runs on the calling thread; the checks start and join their own threads.
 */
@Command(name = "verify", header = "Verify an allocation policy, built-in or your own, against the specification.",
        mixinStandardHelpOptions = true,
        description = {
            "Runs, against the named policy: stateful properties (random operation sequences on "
                    + "several geometries, checked against the policy-agnostic specification after every step, "
                    + "shrunk on failure); completeness (NONE only while no legal run is free: reported, "
                    + "required only with --require complete); the bounded exhaustive check on small devices; "
                    + "for a provider that says it is thread-safe, a multi-thread stress run and a "
                    + "linearizability check; the swap path (folios written and read back through a faulty "
                    + "device, every byte checked); and a fragmentation table beside the built-in policies.",
            "A plug-in is a jar with an AllocatorProvider and its service file: give it with --jar (without "
                    + "--policy, the jar's policies are verified, not the built-in ones). README.md, "
                    + "section \"Verify your own allocator\", builds one in four commands; the examples module has "
                    + "six more, five of them with a planted defect, and a corpus of 14 one-line races "
                    + "(docs/VERIFY-RACES.md).",
            "--quick (the default) takes about a minute per policy on a 2-core machine, fragmentation "
                    + "table included. --full does ten times the random sequences, twice as long, exhaustive "
                    + "depth 5, 5 times the stress operations and 10 times the histories, and takes one slot's swap "
                    + "count to its limit, 2^31 - 1 (about 20 s): about 8 minutes per "
                    + "built-in policy (buddy, fragmentation table included: 5 min 11 s on one 2-core machine, 8 min "
                    + "0 s on a slower one); a plug-in's own speed decides its time.",
            "--check runs only the named checks, without the fragmentation table: a failed check's re-run "
                    + "command names it, so that fixing one failure costs one check. Naming only stress and "
                    + "linearizability for a policy that is not thread-safe is refused (exit 2): nothing would run. "
                    + "Each check draws from the seed "
                    + "on its own: properties, completeness, exhaustive and swap-path, run alone, fail again the "
                    + "same way; stress and linearizability depend on how the threads interleave, and may take a "
                    + "few tries or another seed: --repeat N runs those two up to N times each within one command "
                    + "and stops at the first failure. (Without the launcher, java -jar swaplayer.jar verify takes the "
                    + "same options.)",
            "Exit 0: every safety check passed. Exit 1: one failed (its counterexample and re-run "
                    + "command are printed). Exit 2: bad usage (unknown policy, unreadable jar, a provider that "
                    + "throws)."},
        sortOptions = false)
final class VerifyCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private PolicyOptions policies = new PolicyOptions();

    @ArgGroup(exclusive = true)
    private DepthChoice depth = new DepthChoice();

    @Option(names = "--seed", paramLabel = "N", description = "the seed of every random check (default: a fresh "
            + "one, printed in the first line of the report and in every re-run command)")
    private Long seed;

    @Option(names = "--require", paramLabel = "complete", description = "complete: make completeness part of "
            + "the verdict")
    private String require;

    @Option(names = "--check", paramLabel = "C", description = "run only these checks: a comma-separated list of "
            + "properties, completeness, exhaustive, stress, linearizability, swap-path (default: all of them and the "
            + "fragmentation table)")
    private String check;

    @Option(names = "--repeat", paramLabel = "N", description = "run stress and linearizability up to N times each"
            + " (default: 1), stopping at the first failure: their outcome depends on how the threads interleave;"
            + " the other checks run once, since they repeat their run exactly")
    private int repeat = 1;

    /** The checks {@code --check} names, parsed once the command runs; empty for all. */
    private Set<String> checks = Set.of();

    @Option(names = "--no-fragmentation", description = "skip the fragmentation table")
    private boolean noFragmentation;

    @Option(names = "--json", description = "print one JSON object per policy (an array for several)")
    private boolean json;

    @Option(names = "--out", paramLabel = "DIR", description = "also write verify-POLICY.json and verify-POLICY.txt "
            + "to DIR")
    private Path out;

    /** --quick or --full. */
    static final class DepthChoice {
        @Option(names = "--quick", description = "about a minute: for CI gates (the default)")
        boolean quick;

        @Option(names = "--full", description = "ten times the sequences, twice as long, exhaustive depth 5: "
                + "about 8 minutes per built-in policy")
        boolean full;

        Depth depth() {
            return full ? Depth.FULL : Depth.QUICK;
        }
    }

    /**
     * Verifies; while it runs, {@code System.out} is stderr: what a plug-in prints (from its static initializer, its
     * provider or its allocator) goes there, and stdout carries the report alone, which {@code --json} needs.
     */
    @Override
    public Integer call() {
        final PrintStream stdout = System.out;
        System.setOut(System.err);
        try {
            return verify();
        } finally {
            System.setOut(stdout);
        }
    }

    private Integer verify() {
        if (require != null && !require.equals("complete")) {
            throw new UserError("--require: " + UserInput.show(require) + " (expected: complete)");
        }
        checks = checks();
        if (repeat < 1 || repeat > Verifier.MAX_REPEAT) {
            throw new UserError("--repeat: " + repeat + " (expected: 1.." + Verifier.MAX_REPEAT + ")");
        }
        if (repeat > 1 && !checks.isEmpty() && checks.stream().noneMatch(Verifier.RACY::contains)) {
            throw new UserError("--repeat: " + repeat + " (expected: 1 with --check " + UserInput.show(check)
                    + "; --repeat runs " + String.join(" and ", Verifier.CHECKS.stream().filter(Verifier.RACY::contains)
                    .toList()) + " again, and the other checks repeat their run exactly)");
        }
        final PolicyRegistry registry = policies.registry();
        final List<String> names = policyNames(registry);
        for (final String n : names) {
            Verifier.probe(registry.provider(n));
            if (!checks.isEmpty() && Verifier.RACY.containsAll(checks) && !registry.provider(n).threadSafe()) {
                throw new UserError("--check: " + UserInput.show(check) + " (expected: a check that runs on " + n
                        + "; " + String.join(" and ", checks) + (checks.size() == 1 ? " runs" : " run") + " only for a"
                        + " provider whose threadSafe() answers true, and " + n + "'s does not: nothing would be"
                        + " checked)");
            }
        }
        prepareOut(names);
        final long s = seed != null ? seed : new SecureRandom().nextLong();
        final PrintWriter w = spec.commandLine().getOut();
        final List<VerifyReport.Run> runs = new ArrayList<>();
        try {
            verifyEach(registry, names, s, w, runs);
        } finally {
            PluginExitGuard.during(null);
        }
        if (json) {
            final ObjectMapper m = new ObjectMapper();
            final ArrayNode all = m.createArrayNode();
            runs.forEach(r -> all.add(VerifyReport.json(m, r, depth.depth().label(), s, rerun(r.verdict().policy(),
                    s))));
            w.println(all.size() == 1 ? all.get(0).toString() : all.toString());
        }
        w.flush();
        return runs.stream().allMatch(VerifyReport.Run::pass) ? ExitCode.OK : ExitCode.CHECK_FAILED;
    }

    /**
     * Verifies each policy in turn and prints, unless {@code --json}, its header, its checks' rows as they end, the
     * fragmentation table and the summary; a plug-in's {@code System.exit} meanwhile is reported with the policy, the
     * seed and the re-run ({@link PluginExitGuard#during}).
     */
    private void verifyEach(final PolicyRegistry registry, final List<String> names, final long s,
            final PrintWriter w, final List<VerifyReport.Run> runs) {
        for (final String n : names) {
            PluginExitGuard.during("while verifying " + n + " at seed " + s + " (re-run: " + rerun(n, s) + ")");
            final long start = System.nanoTime();
            final Verifier v = new Verifier(new Verifier.Options(registry, n, depth.depth(), s,
                    require != null, c -> rerun(n, s, c), checks, repeat));
            if (!json) {
                VerifyReport.printHeader(w, n, depth.depth().label(), s, headerNote());
            }
            final Verdict verdict = v.run(r -> {
                if (!json) {
                    VerifyReport.printRow(w, r);
                }
            });
            final VerifyReport.Run run = withTable(registry, v, verdict, start);
            runs.add(run);
            if (!json) {
                VerifyReport.printFragmentation(w, run.table());
                VerifyReport.printSummary(w, run);
            }
            writeOut(run, s);
        }
    }

    /**
     * The checks {@code --check} names, each once, in the order they run; empty without the option.
     *
     * @throws UserError for an empty or unknown name, with the nearest known one
     */
    private Set<String> checks() {
        if (check == null) {
            return Set.of();
        }
        final Set<String> out = new LinkedHashSet<>();
        for (final String raw : check.split(",", -1)) {
            final String c = raw.strip();
            if (!Verifier.CHECKS.contains(c)) {
                throw new UserError("--check: " + UserInput.show(check) + " (expected: a comma-separated list of "
                        + String.join(", ", Verifier.CHECKS) + Suggestions.clause(Suggestions.near(c,
                        Verifier.CHECKS)) + ")");
            }
            out.add(c);
        }
        final Set<String> inOrder = new LinkedHashSet<>(Verifier.CHECKS);
        inOrder.retainAll(out);
        return inOrder;
    }

    /**
     * The run of one policy: its verdict and, unless left out or after a check in which the allocator did not return
     * (its thread is still inside the allocator), the fragmentation table, measured as a check is run
     * ({@link Verifier#runBeside}: on its own thread, within one check's time limit, a deadlock failing it at once).
     * A plug-in that throws inside the table's simulations (an {@link Error} too), hangs or deadlocks there fails
     * the run with that fault in place of the table, so that the text, the JSON and the files of {@code --out} still
     * carry the verdict.
     */
    private VerifyReport.Run withTable(final PolicyRegistry registry, final Verifier v, final Verdict verdict,
            final long start) {
        FragmentationTable table = null;
        String fault = null;
        if (!noFragmentation && check == null && verdict.hung() == null) {
            try {
                table = v.runBeside(() -> FragmentationTable.measure(registry, verdict.policy(), depth.depth()));
            } catch (Verifier.Unfinished e) {
                fault = "the fragmentation table " + e.getMessage();
            } catch (ExecutionException e) {
                final Throwable cause = e.getCause();
                final String plugin = cause.getCause() instanceof ProviderFailure p
                        && p.policy().equals(verdict.policy()) ? p.getMessage() : PluginFault.describe(cause);
                if (plugin == null) {
                    if (cause instanceof Error err) {
                        throw err;
                    }
                    throw cause instanceof RuntimeException r ? r : new IllegalStateException(cause);
                }
                fault = (cause instanceof FragmentationTable.Fault f ? f.where : "the fragmentation table") + ": "
                        + plugin;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fault = "the fragmentation table: interrupted";
            }
        }
        return new VerifyReport.Run(verdict, table, (System.nanoTime() - start) / 1e9, fault);
    }

    /** What the header adds after the depth and seed: the checks selected, the repetitions, a full run's time. */
    private String headerNote() {
        final List<String> notes = new ArrayList<>();
        if (check != null) {
            notes.add("only " + String.join(", ", checks));
        }
        final List<String> racy = Verifier.CHECKS.stream().filter(c -> Verifier.RACY.contains(c)
                && (checks.isEmpty() || checks.contains(c))).toList();
        if (repeat > 1 && !racy.isEmpty()) {
            notes.add(String.join(" and ", racy) + " up to " + repeat + " runs " + (racy.size() > 1 ? "each, " : "")
                    + "until one fails");
        }
        if (depth.full && check == null) {
            notes.add("expect about 8 minutes for a built-in policy (each check prints its line as it ends)");
        }
        return notes.isEmpty() ? "" : ": " + String.join("; ", notes);
    }

    private String rerun(final String name, final long s) {
        return rerun(name, s, checks.isEmpty() ? null : String.join(",", checks));
    }

    /**
     * The policies to verify: those {@code --policy} names; without it, the plug-ins' when a {@code --jar} was given
     * (a user who brings an allocator came to verify it, not the built-in ones beside it), else every policy.
     */
    private List<String> policyNames(final PolicyRegistry registry) {
        final boolean named = spec.commandLine().getParseResult().hasMatchedOption("--policy");
        return named || registry.pluginNames().isEmpty() ? policies.names() : registry.pluginNames();
    }

    /** The command that repeats the run on one policy, limited to {@code only} (a --check value) unless null. */
    private String rerun(final String name, final long s, final String only) {
        final StringBuilder b = new StringBuilder(Launcher.command()).append(" verify --policy ")
                .append(UserInput.shellWord(name));
        policies.jars.forEach(j -> b.append(" --jar ").append(UserInput.shellWord(j.toString())));
        b.append(depth.full ? " --full" : " --quick").append(" --seed ").append(s);
        if (require != null) {
            b.append(" --require complete");
        }
        if (repeat > 1) {
            b.append(" --repeat ").append(repeat);
        }
        if (only != null) {
            b.append(" --check ").append(only);
        } else if (noFragmentation) {
            b.append(" --no-fragmentation");
        }
        return b.toString();
    }

    /**
     * Creates the directory, proves a file can be created in it, and checks every file a verdict will be written
     * to, before any check runs.
     */
    private void prepareOut(final List<String> names) {
        if (out == null) {
            return;
        }
        UserError.requireWritableDirectory("--out", out);
        for (final String n : names) {
            for (final Path f : List.of(outFile(n, ".json"), outFile(n, ".txt"))) {
                final String why = OutputDirectory.unwritable(f);
                if (why != null) {
                    final String name = UserInput.show(f.getFileName().toString());
                    throw new UserError("--out: " + UserInput.escape(out.toString()) + " (expected: a directory where "
                            + name + " can be written; " + name + " " + why + ")");
                }
            }
        }
    }

    private Path outFile(final String policy, final String suffix) {
        return out.resolve("verify-" + policy + suffix);
    }

    private void writeOut(final VerifyReport.Run run, final long s) {
        if (out == null) {
            return;
        }
        final Verdict v = run.verdict();
        try {
            Files.writeString(outFile(v.policy(), ".json"), VerifyReport.json(new ObjectMapper(), run,
                    depth.depth().label(), s, rerun(v.policy(), s)).toPrettyString() + System.lineSeparator());
            final StringWriter text = new StringWriter();
            final PrintWriter tw = new PrintWriter(text);
            VerifyReport.printHeader(tw, v.policy(), depth.depth().label(), s, "");
            v.checks().forEach(r -> VerifyReport.printRow(tw, r));
            VerifyReport.printFragmentation(tw, run.table());
            VerifyReport.printSummary(tw, run);
            tw.flush();
            Files.writeString(outFile(v.policy(), ".txt"), text.toString());
        } catch (IOException e) {
            throw UserError.outDirectory(out, e);
        }
    }
}

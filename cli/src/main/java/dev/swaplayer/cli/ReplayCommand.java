package dev.swaplayer.cli;

import dev.swaplayer.simulator.RunResult;
import dev.swaplayer.simulator.ScriptException;
import dev.swaplayer.simulator.ScriptParser;
import dev.swaplayer.simulator.Simulator;
import dev.swaplayer.simulator.Workload;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ./swaplayer replay}: runs a workload script (format v1, see simulator/README.md) on the allocation
 * policies. The whole script is checked before anything runs: a bad line is one stderr line,
 * {@code file:line: what is wrong}, and exit 2.
 *
 * <p>Thread safety: runs on the calling thread.
 */
@Command(name = "replay", header = "Replay a workload script against the allocation policies.",
        mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Replay a workload script (format 'swaplayer-workload 1': swap, region, write,",
            "dontneed, pageout, phase) against the allocation policies and compare them,",
            "as 'simulate' does for the built-ins. 'simulate --emit-script FILE' writes a",
            "built-in as such a script; the whole script is checked before anything runs.",
            "Exit 0: done. Exit 2: bad arguments or a bad script line (nothing was run)."})
final class ReplayCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--script", paramLabel = "FILE", required = true, description = "the workload script")
    private Path script;

    @Option(names = "--policy", paramLabel = "P", description = "legacy, cluster, buddy, compound, a comma-"
            + "separated list, or all (default: ${DEFAULT-VALUE})")
    private String policy = "all";

    @Option(names = "--swapin", paramLabel = "G", description = "page or folio (default: ${DEFAULT-VALUE})")
    private String swapin = "folio";

    @Option(names = "--cpus", paramLabel = "N", description = "simulated CPUs (default: ${DEFAULT-VALUE})")
    private int cpus = 1;

    @Option(names = "--json", description = "print one JSON object instead of the table")
    private boolean json;

    @Option(names = "--out", paramLabel = "DIR", description = "also write a CSV per policy and PNG charts to DIR")
    private Path out;

    @Option(names = "--quiet", description = "no progress bar")
    private boolean quiet;

    @Override
    public Integer call() {
        final List<String> policies = SimulateCommand.policies(policy);
        final Simulator.Options options = SimulateCommand.options(swapin, cpus);
        final Workload w = parse();
        final List<RunResult> results = SimulateCommand.run(spec, List.of(w), Collections.singletonList(null), null,
                policies, options, out, quiet);
        SimulateCommand.report(spec, results, json, out);
        return ExitCode.OK;
    }

    private Workload parse() {
        if (!Files.isRegularFile(script) || !Files.isReadable(script)) {
            throw new UserError("--script: " + script + " (expected: a readable file)");
        }
        try {
            return ScriptParser.parse(script, script.toString());
        } catch (ScriptException e) {
            throw new UserError(e.getMessage());
        } catch (UncheckedIOException e) {
            throw new UserError("--script: " + script + " (expected: a readable file; " + e.getCause().getMessage()
                    + ")");
        }
    }
}

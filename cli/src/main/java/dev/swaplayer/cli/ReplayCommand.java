package dev.swaplayer.cli;

import dev.swaplayer.device.UserInput;
import dev.swaplayer.simulator.ScriptException;
import dev.swaplayer.simulator.ScriptParser;
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
            "Replay a workload script (format 'swaplayer-workload 1': swap, region, write, dontneed, "
                    + "pageout, phase) against the allocation policies and compare them, as 'simulate' does for "
                    + "the built-ins. 'simulate --emit-script FILE' writes a built-in as such a script; the "
                    + "whole script is checked before anything runs.",
            "A thp-swap-test script (one mode: 76,902 operations for -a, 486,604 for -s) takes 2 to 4 seconds on"
                    + " all four policies on a 2-core machine.",
            "Exit 0: done; a warning line on stderr (swaplayer replay: warning: ...) does not change it: "
                    + "--verify-data that compared no page, or a --corrupt-write page the run never read back, "
                    + "which no data check can catch and only the run can tell. Exit 1: --verify-data found a "
                    + "page read back wrong, or the device failed. Exit 2: bad arguments or a bad script line "
                    + "(nothing was run)."})
final class ReplayCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--script", paramLabel = "FILE", required = true, description = "the workload script; - reads it"
            + " from standard input (a generator's output, piped)")
    private Path script;

    @CommandLine.Mixin
    private SimulationOptions shared;

    @Override
    public Integer call() {
        shared.policies();
        shared.options();
        final Workload w = parse();
        return shared.runAndReport(spec, List.of(w), Collections.singletonList(null), null);
    }

    private Workload parse() {
        if (script.toString().equals("-")) {
            return parseStandardInput();
        }
        UserError.refuseDirectory("--script", script, "a workload script file");
        if (!Files.isRegularFile(script) || !Files.isReadable(script)) {
            throw new UserError("--script: " + UserInput.escape(script.toString()) + " (expected: a readable regular "
                    + "file, or - for standard input)");
        }
        try {
            return ScriptParser.parse(script, script.toString());
        } catch (ScriptException e) {
            throw new UserError(e.getMessage());
        } catch (UncheckedIOException e) {
            throw new UserError("--script: " + UserInput.escape(script.toString()) + " (expected: a readable file; "
                    + e.getCause().getMessage() + ")");
        }
    }

    /** The script piped in: read whole and checked as a file is, named "stdin" in messages and reports. */
    private static Workload parseStandardInput() {
        try {
            return ScriptParser.parse(System.in, "stdin", "stdin");
        } catch (ScriptException e) {
            throw new UserError(e.getMessage());
        } catch (UncheckedIOException e) {
            throw new UserError("--script: - (expected: a script on standard input; " + e.getCause().getMessage()
                    + ")");
        }
    }
}

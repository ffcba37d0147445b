package dev.swaplayer.cli;

import static dev.swaplayer.cli.DeviceCommand.JSON;
import static dev.swaplayer.cli.DeviceCommand.PAGE;
import static dev.swaplayer.cli.DeviceCommand.checkReadableFile;
import static dev.swaplayer.cli.DeviceCommand.human;
import static dev.swaplayer.cli.DeviceCommand.reason;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.swaplayer.device.Algorithm;
import dev.swaplayer.device.MmStat;
import dev.swaplayer.device.UserInput;
import dev.swaplayer.simulator.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code device compress-stats FILE [--unit 4K|16K|64K] [--algo lz4|zstd|deflate] [--json]}: how a file's pages
 * compress in the zram-like {@link dev.swaplayer.device.CompressedRamDevice}, and whether every page reads back
 * identical ({@link CompressionMeasurement}). Thread safety: runs on the main thread.
 *
 * <p>A subcommand of {@link DeviceCommand}; a user mistake is a {@link UserError} as there.
 */
@Command(name = "compress-stats", mixinStandardHelpOptions = true,
        description = {"Store a file's pages in the compressed RAM device, report zram's mm_stat figures and "
                + "CPU time, and verify that every page reads back identical; a 64M file takes about 3 "
                + "seconds on a 2-core machine, a 1G one about 10.",
            "Exit 0: every page read back identical. Exit 1: one did not. Exit 2: bad arguments, or a file "
                + "that is missing, empty, or larger than the heap can hold."})
final class CompressStatsCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "Treated as memory pages of 4096 bytes; the last partial page is padded with zeros. "
                    + "Its compressed form is kept on the heap: a file larger than the heap can hold is "
                    + "refused before it is read.")
    private Path file;

    @Option(names = "--input", paramLabel = "FILE", description = "The same as FILE (an older spelling).")
    private Path inputOption;

    private Path input;

    @Option(names = "--unit", paramLabel = "UNIT", defaultValue = "4K", converter = Converters.Size.class,
            description = "Compression unit: 4K, 16K or 64K (default: ${DEFAULT-VALUE}).")
    private long unit;

    @Option(names = "--algo", paramLabel = "ALGO", defaultValue = "lz4",
            description = "lz4, zstd or deflate (default: ${DEFAULT-VALUE}).")
    private String algo;

    @Option(names = "--json", description = "Print one JSON object.")
    private boolean json;

    @Override
    public Integer call() throws JsonProcessingException {
        if (file != null && inputOption != null && !DeviceCommand.sameFile(file, inputOption)) {
            throw new UserError("--input: " + UserInput.escape(inputOption.toString()) + " (expected: the same as"
                    + " FILE " + UserInput.escape(file.toString()) + ", or only one of them)");
        }
        input = file != null ? file : inputOption;
        if (input == null) {
            throw new UserError("FILE: missing (expected: the file to measure, e.g. device compress-stats "
                    + "swap.img)");
        }
        checkReadableFile("FILE", input);
        final long unitBytes = unit;
        if (unitBytes != 4096 && unitBytes != 16384 && unitBytes != 65536) {
            throw new UserError("--unit: " + unitBytes + " bytes (expected: 4K, 16K or 64K)");
        }
        final Algorithm algorithm;
        try {
            algorithm = Algorithm.fromKernelName(algo);
        } catch (final IllegalArgumentException e) {
            throw new UserError("--algo: " + UserInput.show(algo) + " (expected: lz4, zstd or deflate)");
        }
        final CompressionMeasurement m;
        try (Progress progress = Progress.onStderr("swaplayer device compress-stats",
                2 * CompressionMeasurement.pagesOf(input),
                "pages (stored, then read back)", false)) {
            m = CompressionMeasurement.measure(input, algorithm, (int) unitBytes, progress);
        } catch (final IOException e) {
            throw new UserError("FILE: " + UserInput.escape(input.toString()) + " (expected: a readable file; "
                    + reason(e) + ")");
        }
        print(m, algorithm, (int) unitBytes);
        if (m.mismatchPage >= 0) {
            spec.commandLine().getErr().println("swaplayer compress-stats: verify: page " + m.mismatchPage
                    + " of " + UserInput.escape(input.toString())
                            + " read back different (expected: identical bytes)");
            spec.commandLine().getErr().flush();
            return ExitCode.CHECK_FAILED;
        }
        return ExitCode.OK;
    }

    private void print(final CompressionMeasurement m, final Algorithm algorithm, final int unitBytes)
            throws JsonProcessingException {
        final PrintWriter out = spec.commandLine().getOut();
        final MmStat s = m.stat;
        final double ratio = s.compressionRatio();
        if (json) {
            final Map<String, Object> o = new LinkedHashMap<>();
            o.put("unit", unitBytes);
            o.put("algo", algorithm.kernelName());
            o.put("pages", m.pages);
            o.put("orig_bytes", s.origDataSize());
            o.put("compressed_bytes", s.comprDataSize());
            o.put("ratio", ratio);
            o.put("same_pages", s.samePages());
            o.put("huge_pages", s.hugePages());
            o.put("compress_cpu_ms", m.compressCpuMs);
            o.put("decompress_cpu_ms", m.decompressCpuMs);
            o.put("input_bytes", m.inputBytes);
            o.put("mem_used_total", s.memUsedTotal());
            o.put("space_efficiency", s.spaceEfficiency());
            o.put("verified", m.mismatchPage < 0);
            out.println(JSON.writeValueAsString(o));
        } else {
            out.printf(Locale.ROOT, "input:       %s (%d bytes, %d pages of %d bytes)%n",
                    UserInput.escape(input.toString()), m.inputBytes,
                    m.pages, PAGE);
            out.printf(Locale.ROOT, "unit:        %s (%s), algorithm %s%n", human(unitBytes),
                    UserInput.count(unitBytes / PAGE, "page", "pages"), algorithm.kernelName());
            out.printf(Locale.ROOT, "compressed:  %d of %d bytes (ratio %.4f)%n", s.comprDataSize(),
                    s.origDataSize(), ratio);
            out.printf(Locale.ROOT, "same pages:  %d%nhuge pages:  %d%n", s.samePages(), s.hugePages());
            out.printf(Locale.ROOT, "memory used: %d bytes (space efficiency %.4f)%n", s.memUsedTotal(),
                    s.spaceEfficiency());
            out.printf(Locale.ROOT, "cpu:         compress %s ms, decompress %s ms%n", m.compressCpuMs,
                    m.decompressCpuMs);
            out.printf(Locale.ROOT, "verify:      %s%n", m.mismatchPage < 0 ? "OK, every page read back identical"
                    : "FAILED at page " + m.mismatchPage);
        }
        out.flush();
    }
}

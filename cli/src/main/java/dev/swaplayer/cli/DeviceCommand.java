package dev.swaplayer.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swaplayer.device.Algorithm;
import dev.swaplayer.device.CompressedRamDevice;
import dev.swaplayer.device.FileSwapDevice;
import dev.swaplayer.device.MmStat;
import dev.swaplayer.device.SwapDevice;
import dev.swaplayer.device.TempFiles;
import dev.swaplayer.device.UserInput;
import dev.swaplayer.device.header.SwapHeader;
import dev.swaplayer.device.header.SwapHeaderDescriptor;
import dev.swaplayer.device.header.SwapHeaderException;
import dev.swaplayer.simulator.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./swaplayer device ...}: create and inspect Linux swap files, and measure how a file's pages
 * compress in the zram-like {@link CompressedRamDevice}. Thread safety: runs on the main thread.
 *
 * <p>Every user mistake (a missing, unreadable or directory file, a bad size, label or UUID, a file that
 * is not a valid swap area) is a {@link UserError}: one line on stderr, exit {@link ExitCode#USAGE}.
 */
@Command(name = "device",
        mixinStandardHelpOptions = true,
        description = {"Swap devices: Linux swap files and the compressed RAM device.",
            "Exit 0: done. Exit 1: compress-stats read a page back different. Exit 2: bad arguments, or a file "
                    + "that is missing, unreadable or not a valid swap area (nothing was written)."},
        subcommands = {
            DeviceCommand.Create.class,
            DeviceCommand.Inspect.class,
            DeviceCommand.CompressStats.class,
        })
public final class DeviceCommand implements Runnable {
    private static final int PAGE = SwapDevice.DEFAULT_PAGE_SIZE;
    /** util-linux's MIN_GOODPAGES (disk-utils/mkswap.c): mkswap refuses an area of fewer pages, header included. */
    static final int MIN_GOODPAGES = 10;
    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final ObjectMapper JSON = new ObjectMapper();

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing subcommand (expected: one of "
                + String.join(", ", spec.subcommands().keySet()) + ")");
    }

    /** {@code device create FILE --size SIZE [--label L] [--uuid U]}. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Create a Linux swap file (format v1, little-endian, 4 KiB pages), like mkswap: every page "
                    + "is written, so the file has no holes; a 1G file takes about 9 seconds on a 2-core machine.",
                "Exit 0: created. Exit 2: bad arguments, an existing file, or not enough free space (checked "
                    + "before writing; nothing is left behind)."})
    static final class Create implements Callable<Integer> {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "The file to create; it must not exist.")
        private Path file;

        @Option(names = "--size", required = true, paramLabel = "SIZE", converter = Converters.Size.class,
                description = "Size in bytes with an optional K, M, G or T suffix (e.g. 64M): a multiple of 4096, "
                        + "at least " + MIN_GOODPAGES + " pages (40K), as mkswap requires, at most 2^32 pages (16T).")
        private long size;

        @Option(names = "--label", paramLabel = "L", description = "Volume label, at most 16 bytes of UTF-8.")
        private String label = "";

        @Option(names = "--uuid", paramLabel = "U", description = "UUID (random if absent).")
        private String uuid;

        @Override
        public Integer call() {
            final long bytes = size;
            if (bytes % PAGE != 0) {
                throw new UserError("--size: " + bytes + " (expected: a multiple of the page size " + PAGE + ")");
            }
            final long pages = bytes / PAGE;
            if (pages < MIN_GOODPAGES) {
                throw new UserError("--size: " + bytes + " (expected: at least " + MIN_GOODPAGES * PAGE + " bytes, "
                        + MIN_GOODPAGES + " pages: mkswap, blkid and swaplabel refuse a smaller area)");
            }
            if (pages > SwapHeader.MAX_LAST_PAGE + 1) {
                throw new UserError("--size: " + bytes + " (expected: at most 2^32 pages of " + PAGE + " bytes, 16T)");
            }
            try {
                SwapHeader.checkLabel(label);
            } catch (final IllegalArgumentException e) {
                throw new UserError(e.getMessage());
            }
            final UUID id = uuid == null ? UUID.randomUUID() : parseUuid(uuid);
            final String shown = UserInput.escape(file.toString());
            if (Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new UserError("FILE: " + shown + " (expected: a path that does not exist yet)");
            }
            final Path parent = file.toAbsolutePath().getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new UserError("FILE: " + shown + " (expected: a path in an existing directory)");
            }
            checkFreeSpace(parent, bytes);
            // Written under a temporary name beside the target and renamed into place when complete, so that
            // an interrupted run leaves no headerless file behind (TempFiles deletes the temporary one).
            final Path temp = TempFiles.sibling(file);
            final SwapHeader header;
            try {
                try (Progress progress = Progress.onStderr("swaplayer device create", pages, "pages", false);
                        FileSwapDevice d = FileSwapDevice.create(temp, SwapHeader.create(PAGE, pages, label, id),
                                progress)) {
                    header = d.header();
                }
                TempFiles.publish(temp, file);
            } catch (final FileAlreadyExistsException e) {
                throw new UserError("FILE: " + shown + " (expected: a path that does not exist yet)");
            } catch (final IOException e) {
                throw new UserError("FILE: " + shown + " (expected: a writable path; " + reason(e) + ")");
            } finally {
                TempFiles.delete(temp);
            }
            final PrintWriter out = spec.commandLine().getOut();
            out.printf(Locale.ROOT, "created %s: Linux swap v1, %d pages of %d bytes (%s), %d usable, label \"%s\","
                    + " UUID %s%n", shown, header.pages(), header.pageSize(), human(bytes), header.usablePages(),
                    UserInput.escape(header.label()), header.uuid());
            out.flush();
            return ExitCode.OK;
        }
    }

    /** {@code device inspect FILE [--json] [--page-size N]}. */
    @Command(name = "inspect", mixinStandardHelpOptions = true,
            description = {"Validate a swap file's header as swapon would and print it; about a second (the JVM's "
                    + "start) whatever the file's size.",
                "Exit 0: a valid swap area. Exit 2: bad arguments, or a file swapon would refuse (the message "
                    + "says why, in swapon's words)."})
    static final class Inspect implements Callable<Integer> {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Parameters(index = "0", paramLabel = "FILE", description = "A swap file (e.g. made by mkswap).")
        private Path file;

        @Option(names = "--json", description = "Print one JSON object.")
        private boolean json;

        @Option(names = "--page-size", paramLabel = "SIZE", converter = Converters.Size.class,
                description = "Page size the file was made for: 4K, 16K or 64K, or any power of two in "
                        + "between, in bytes or with a K suffix (default: ${DEFAULT-VALUE}).", defaultValue = "4096")
        private long pageSize;

        @Override
        public Integer call() throws JsonProcessingException {
            checkReadableFile("FILE", file);
            if (pageSize > 65536 || !SwapHeaderDescriptor.isValidPageSize((int) pageSize)) {
                throw new UserError("--page-size: " + pageSize + " (expected: a power of two in 4096..65536)");
            }
            final SwapHeader h;
            try {
                h = FileSwapDevice.readHeader(file, (int) pageSize);
            } catch (final SwapHeaderException e) {
                throw new UserError(UserInput.escape(file.toString()) + ": " + e.getMessage());
            } catch (final IOException e) {
                throw new UserError("FILE: " + UserInput.escape(file.toString()) + " (expected: a readable file; "
                        + reason(e) + ")");
            }
            final PrintWriter out = spec.commandLine().getOut();
            final String endianness = h.byteOrder() == ByteOrder.LITTLE_ENDIAN ? "little" : "big";
            if (json) {
                final Map<String, Object> o = new LinkedHashMap<>();
                o.put("version", h.version());
                o.put("pages", h.pages());
                o.put("last_page", h.lastPage());
                o.put("label", h.label());
                o.put("uuid", h.uuid().toString());
                o.put("bad_pages", h.badPages());
                o.put("swapon_pages", h.swaponPages());
                o.put("endianness", endianness);
                o.put("page_size", h.pageSize());
                o.put("usable_pages", h.usablePages());
                out.println(JSON.writeValueAsString(o));
            } else {
                out.printf(Locale.ROOT, "file:        %s%n", UserInput.escape(file.toString()));
                out.printf(Locale.ROOT, "format:      Linux swap, version %d, %s-endian%n", h.version(), endianness);
                out.printf(Locale.ROOT, "page size:   %d%n", h.pageSize());
                out.printf(Locale.ROOT, "pages:       %d (last_page %d), %d usable (%s)%n", h.pages(), h.lastPage(),
                        h.usablePages(), human(h.usablePages() * h.pageSize()));
                out.printf(Locale.ROOT, "label:       %s%n", h.label().isEmpty() ? "(none)"
                        : UserInput.escape(h.label()));
                out.printf(Locale.ROOT, "uuid:        %s%n", h.uuid());
                out.printf(Locale.ROOT, "bad pages:   %d %s%s%n", h.nrBadPages(), Arrays.toString(h.badPages()),
                        h.swaponPages() == h.usablePages() ? "" : "; " + (h.usablePages() - h.swaponPages())
                        + " repeated: swapon counts each entry, so it reports " + h.swaponPages() + " pages");
            }
            out.flush();
            return ExitCode.OK;
        }
    }

    /** {@code device compress-stats FILE [--unit 4K|16K|64K] [--algo lz4|zstd|deflate] [--json]}. */
    @Command(name = "compress-stats", mixinStandardHelpOptions = true,
            description = {"Store a file's pages in the compressed RAM device, report zram's mm_stat figures and "
                    + "CPU time, and verify that every page reads back identical; a 64M file takes about 3 "
                    + "seconds on a 2-core machine, a 1G one about 10.",
                "Exit 0: every page read back identical. Exit 1: one did not. Exit 2: bad arguments, or a file "
                    + "that is missing, empty, or larger than the heap can hold."})
    static final class CompressStats implements Callable<Integer> {
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
            if (file != null && inputOption != null && !file.equals(inputOption)) {
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
            final Measurement m;
            try (Progress progress = Progress.onStderr("swaplayer device compress-stats", 2 * pagesOf(input),
                    "pages (stored, then read back)", false)) {
                m = measure(input, algorithm, (int) unitBytes, progress);
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

        private void print(final Measurement m, final Algorithm algorithm, final int unitBytes)
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
                out.printf(Locale.ROOT, "unit:        %s (%d pages), algorithm %s%n", human(unitBytes),
                        unitBytes / PAGE, algorithm.kernelName());
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

    /** What {@code compress-stats} measured. CPU times are {@code null} when the JVM cannot measure them. */
    private static final class Measurement {
        long inputBytes;
        long pages;
        MmStat stat;
        Double compressCpuMs;
        Double decompressCpuMs;
        long mismatchPage = -1;
    }

    /** Turns on the thread CPU clock when the JVM has one; returns whether it has. */
    private static boolean cpuTimeOn(final ThreadMXBean cpu) {
        final boolean timed = cpu.isCurrentThreadCpuTimeSupported();
        if (timed && !cpu.isThreadCpuTimeEnabled()) {
            cpu.setThreadCpuTimeEnabled(true);
        }
        return timed;
    }

    /**
     * Stores the file unit by unit (data page {@code i} in slot {@code k + i}, so units stay aligned and unit
     * 0, which holds slot 0, is unused), then reads every unit back and compares. Whole units go through
     * {@code writeUnit}; the pages of a final partial unit are written one by one and sealed by a flush.
     * Only the device calls are timed.
     */
    private static Measurement measure(final Path input, final Algorithm algorithm, final int unitBytes,
            final LongConsumer progress) throws IOException {
        final Measurement m = new Measurement();
        final ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        final boolean timed = cpuTimeOn(cpu);
        final int k = unitBytes / PAGE;
        try (FileChannel ch = FileChannel.open(input, StandardOpenOption.READ)) {
            m.inputBytes = ch.size();
            if (m.inputBytes == 0) {
                throw new UserError("FILE: " + UserInput.escape(input.toString()) + " is empty (expected: at least"
                        + " one byte)");
            }
            checkHeap(m.inputBytes);
            m.pages = (m.inputBytes + PAGE - 1) / PAGE;
            final long units = (m.pages + k - 1) / k;
            final long capacity = (units + 1) * k;
            if (capacity > CompressedRamDevice.MAX_CAPACITY) {
                throw new UserError("FILE: " + m.inputBytes + " bytes (expected: at most 2^32 - " + k + " pages)");
            }
            try (CompressedRamDevice d = CompressedRamDevice.builder(capacity).algorithm(algorithm)
                    .unitBytes(unitBytes).build()) {
                final ByteBuffer buf = ByteBuffer.allocate(unitBytes);
                long compressNs = 0;
                for (long u = 0; u < units; u++) {
                    final int dataPages = readUnit(ch, buf, u, m.pages, k);
                    final long firstSlot = (u + 1) * k;
                    final long t0 = timed ? cpu.getCurrentThreadCpuTime() : 0;
                    if (dataPages == k) {
                        d.writeUnit(firstSlot, buf);
                    } else {
                        for (int i = 0; i < dataPages; i++) {
                            d.write(firstSlot + i, buf.slice(i * PAGE, PAGE));
                        }
                        d.flush();
                    }
                    compressNs += timed ? cpu.getCurrentThreadCpuTime() - t0 : 0;
                    progress.accept(dataPages);
                }
                m.stat = d.mmStat();
                final ByteBuffer expected = ByteBuffer.allocate(unitBytes);
                final ByteBuffer actual = ByteBuffer.allocate(unitBytes);
                long decompressNs = 0;
                for (long u = 0; u < units && m.mismatchPage < 0; u++) {
                    progress.accept(readUnit(ch, expected, u, m.pages, k));
                    actual.clear();
                    final long t0 = timed ? cpu.getCurrentThreadCpuTime() : 0;
                    d.readUnit((u + 1) * k, actual);
                    decompressNs += timed ? cpu.getCurrentThreadCpuTime() - t0 : 0;
                    final int at = Arrays.mismatch(expected.array(), actual.array());
                    if (at >= 0) {
                        m.mismatchPage = u * k + at / PAGE;
                    }
                }
                m.compressCpuMs = timed ? nanosToMillis(compressNs) : null;
                m.decompressCpuMs = timed ? nanosToMillis(decompressNs) : null;
            }
        }
        return m;
    }

    /** @return the file's pages of {@value #PAGE} bytes, the last one partial (0 when it cannot be read) */
    private static long pagesOf(final Path input) {
        try {
            return (Files.size(input) + PAGE - 1) / PAGE;
        } catch (final IOException e) {
            return 0;
        }
    }

    /** Fills {@code buf} with unit {@code u} of the file, zero-padded; returns how many data pages it holds. */
    private static int readUnit(final FileChannel ch, final ByteBuffer buf, final long u, final long pages, final int k)
            throws IOException {
        buf.clear();
        Arrays.fill(buf.array(), buf.arrayOffset(), buf.arrayOffset() + buf.capacity(), (byte) 0);
        final long pos = u * k * (long) PAGE;
        while (buf.hasRemaining()) {
            if (ch.read(buf, pos + buf.position()) < 0) {
                break;
            }
        }
        buf.clear();
        return (int) Math.min(k, pages - u * k);
    }

    private static double nanosToMillis(final long nanos) {
        return Math.round(nanos / 1000.0) / 1000.0;
    }

    /**
     * Refuses a file of {@code bytes} whose compressed form might not fit in the heap: in the worst case (pages
     * that do not compress, stored whole as zram's huge pages) it takes as much heap as the file.
     */
    static void checkHeap(final long bytes) {
        final Runtime rt = Runtime.getRuntime();
        final long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (bytes > free - (free >> 3)) {
            throw new UserError("FILE: " + bytes + " bytes (expected: at most " + (free - (free >> 3)) + " bytes, "
                    + "7/8 of the free heap, since pages that do not compress are kept whole; use a larger heap, "
                    + "e.g. JAVA_TOOL_OPTIONS=-Xmx" + Math.max(2, (bytes >> 30) * 2 + 2) + "g, or a part of the file)");
        }
    }

    /** Refuses to start writing a file that the file system has no room for. */
    private static void checkFreeSpace(final Path dir, final long bytes) {
        final long usable;
        try {
            usable = Files.getFileStore(dir).getUsableSpace();
        } catch (final IOException e) {
            return; // the write itself will say what is wrong
        }
        if (bytes > usable) {
            throw new UserError("--size: " + bytes + " bytes (expected: at most the " + usable + " bytes free in "
                    + UserInput.escape(dir.toString()) + ")");
        }
    }

    /** Returns what went wrong, without the exception's class name. */
    static String reason(final IOException e) {
        final String m = e.getMessage();
        return m == null || m.isBlank() ? "an I/O error" : UserInput.escape(m);
    }

    private static UUID parseUuid(final String text) {
        if (!UUID_TEXT.matcher(text).matches()) {
            throw new UserError("--uuid: " + UserInput.show(text) + " (expected: 8-4-4-4-12 hex digits, e.g. "
                    + "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9)");
        }
        return UUID.fromString(text);
    }

    private static void checkReadableFile(final String what, final Path file) {
        if (Files.isDirectory(file)) {
            throw new UserError(what + ": " + UserInput.escape(file.toString())
                    + " (expected: a regular file, not a directory)");
        }
        if (!Files.exists(file)) {
            throw new UserError(what + ": " + UserInput.escape(file.toString()) + " (expected: an existing file)");
        }
        if (!Files.isReadable(file)) {
            throw new UserError(what + ": " + UserInput.escape(file.toString()) + " (expected: a readable file)");
        }
        try {
            FileChannel.open(file, StandardOpenOption.READ).close();
        } catch (final NoSuchFileException e) {
            throw new UserError(what + ": " + UserInput.escape(file.toString()) + " (expected: an existing file)");
        } catch (final IOException e) {
            throw new UserError(what + ": " + UserInput.escape(file.toString()) + " (expected: a readable file; "
                    + reason(e) + ")");
        }
    }

    /** 67108864 -> "64 MiB"; exact multiples only, else bytes. */
    private static String human(final long bytes) {
        final String[] units = {"TiB", "GiB", "MiB", "KiB"};
        final int[] shifts = {40, 30, 20, 10};
        for (int i = 0; i < units.length; i++) {
            if (bytes >= (1L << shifts[i]) && bytes % (1L << shifts[i]) == 0) {
                return (bytes >> shifts[i]) + " " + units[i];
            }
        }
        return bytes + " bytes";
    }
}

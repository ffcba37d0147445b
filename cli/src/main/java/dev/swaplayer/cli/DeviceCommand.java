package dev.swaplayer.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.swaplayer.device.CompressedRamDevice;
import dev.swaplayer.device.FileSwapDevice;
import dev.swaplayer.device.SwapDevice;
import dev.swaplayer.device.TempFiles;
import dev.swaplayer.device.UserInput;
import dev.swaplayer.device.header.SwapHeader;
import dev.swaplayer.device.header.SwapHeaderDescriptor;
import dev.swaplayer.device.header.SwapHeaderException;
import dev.swaplayer.simulator.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code ./swaplayer device ...}: create and inspect Linux swap files, and measure how a file's pages
 * compress in the zram-like {@link CompressedRamDevice} ({@link CompressStatsCommand}). Thread safety: runs on
 * the main thread.
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
            CompressStatsCommand.class,
        })
public final class DeviceCommand implements Runnable {
    /** The page size of every file these commands make or read. */
    static final int PAGE = SwapDevice.DEFAULT_PAGE_SIZE;
    /** util-linux's MIN_GOODPAGES (disk-utils/mkswap.c): mkswap refuses an area of fewer pages, header included. */
    static final int MIN_GOODPAGES = 10;
    /** The file type bits of {@code st_mode} and the types other than a regular file or a block device. */
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFSOCK = 0140000;

    private static final Pattern UUID_TEXT = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    static final ObjectMapper JSON = new ObjectMapper();

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
            checkWritableDirectory(shown, parent);
            checkFreeSpace(parent, bytes);
            // Written under a temporary name beside the target and renamed into place when complete, so that
            // an interrupted run leaves no headerless file behind (TempFiles deletes the temporary one).
            final SwapHeader header;
            try (TempFiles.Staged temp = TempFiles.stage(file)) {
                try (Progress progress = Progress.onStderr("swaplayer device create", pages, "pages", false);
                        FileSwapDevice d = FileSwapDevice.create(temp.file(), SwapHeader.create(PAGE, pages, label,
                                id), progress)) {
                    header = d.header();
                }
                temp.publish();
            } catch (final FileAlreadyExistsException e) {
                throw new UserError("FILE: " + shown + " (expected: a path that does not exist yet)");
            } catch (final IOException e) {
                throw new UserError("FILE: " + shown + " (expected: a writable path; " + reason(e) + ")");
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

        @Option(names = "--partition", description = "Validate FILE as the image of a swap partition (e.g. a dd "
                + "copy): swapon accepts bad pages on a block device and refuses them in a regular file.")
        private boolean partition;

        @Override
        public Integer call() throws JsonProcessingException {
            checkReadableFile("FILE", file);
            if (pageSize > 65536 || !SwapHeaderDescriptor.isValidPageSize((int) pageSize)) {
                throw new UserError("--page-size: " + pageSize + " (expected: a power of two in 4096..65536)");
            }
            final SwapHeader h;
            try { // swapon's rule for a regular file (no bad pages), unless it is a partition's image
                h = FileSwapDevice.readHeader(file, (int) pageSize, !partition && Files.isRegularFile(file));
            } catch (final SwapHeaderException e) {
                final String m = e.getMessage();
                throw new UserError(UserInput.escape(file.toString()) + ": " + UserError.amended(m, e.problem()
                        == SwapHeaderException.Problem.BAD_PAGES_IN_FILE ? "; --partition validates a swap partition's"
                        + " image" : ""));
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
                o.put("label_hex", HexFormat.of().formatHex(h.labelBytes()));
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
                        : UserInput.escapeBytes(h.labelBytes()));
                out.printf(Locale.ROOT, "uuid:        %s%n", h.uuid());
                out.printf(Locale.ROOT, "bad pages:   %d %s%s%n", h.nrBadPages(), Arrays.toString(h.badPages()),
                        h.swaponPages() == h.usablePages() ? "" : "; " + (h.usablePages() - h.swaponPages())
                        + " repeated: swapon counts each entry, so it reports "
                        + UserInput.count(h.swaponPages(), "page", "pages"));
            }
            out.flush();
            return ExitCode.OK;
        }
    }

    /**
     * Refuses a directory no file can be created in ({@link UserError#probe}: as root {@link Files#isWritable} says
     * yes for /proc and /sys, where creating fails). Checked before the free space, which procfs and sysfs report
     * as 0.
     */
    private static void checkWritableDirectory(final String shown, final Path dir) {
        final IOException refused = TempFiles.probe(dir);
        if (refused != null) {
            throw new UserError("FILE: " + shown + " (expected: a file in a writable directory; cannot create a file"
                    + " in " + UserInput.escape(dir.toString()) + ": " + UserError.words(refused) + ")");
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

    /**
     * Returns what went wrong, without the exception's class name: the system's words ({@link UserError#words}),
     * or the exception's own message when it has no reason to give.
     */
    static String reason(final IOException e) {
        final String words = UserError.words(e);
        final String m = e.getMessage();
        return !words.equals(UserError.NO_REASON) || m == null || m.isBlank() ? words : UserInput.escape(m);
    }

    private static UUID parseUuid(final String text) {
        if (!UUID_TEXT.matcher(text).matches()) {
            throw new UserError("--uuid: " + UserInput.show(text) + " (expected: 8-4-4-4-12 hex digits, e.g. "
                    + "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9)");
        }
        return UUID.fromString(text);
    }

    /**
     * Refuses a path that is not an existing, readable regular file or block device (a swap partition), naming it
     * as {@code what}. A character device, a FIFO or a socket has no size to read up to ({@code /dev/zero} would
     * read as empty), so it is named for what it is.
     */
    static void checkReadableFile(final String what, final Path file) {
        UserError.refuseDirectory(what, file, "a regular file");
        if (!Files.exists(file)) {
            throw new UserError(what + ": " + UserInput.escape(file.toString()) + " (expected: an existing file)");
        }
        final String special = specialKind(file);
        if (special != null) {
            throw new UserError(what + ": " + UserInput.escape(file.toString()) + " (expected: a regular file or a"
                    + " block device, not a " + special + ")");
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

    /**
     * Returns what kind of special file {@code file} is ("character device", "FIFO", "socket"), or null for a
     * regular file, a block device, or a file system that does not say ({@code unix:mode} not supported).
     */
    static String specialKind(final Path file) {
        final int type;
        try {
            type = (Integer) Files.getAttribute(file, "unix:mode") & S_IFMT;
        } catch (final IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return null; // the read that follows reports what is wrong with it
        }
        return type == S_IFCHR ? "character device" : type == S_IFIFO ? "FIFO" : type == S_IFSOCK ? "socket" : null;
    }

    /**
     * Whether two paths name one file: the same text, the same path once made absolute and normalized
     * ({@code ./x} and {@code x}), or the same file by its file system ({@link Files#isSameFile}: a link).
     */
    static boolean sameFile(final Path a, final Path b) {
        if (a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize())) {
            return true;
        }
        try {
            return Files.isSameFile(a, b);
        } catch (final IOException e) {
            return false; // one of them cannot be read: not the same file as far as anyone can tell
        }
    }

    /** 67108864 -> "64 MiB"; exact multiples only, else bytes. */
    static String human(final long bytes) {
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

package dev.swaplayer.lab;

import dev.swaplayer.device.UserInput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which kernel to boot: a Debian suite's {@code linux-image-amd64} ({@code debian:trixie}, {@code debian:sid},
 * ...), or a user's own bzImage, with its module directory when zram is a module.
 *
 * <p>Thread safety: immutable.
 *
 * @param suite the Debian suite, or null for a file
 * @param image the bzImage, or null for a Debian suite
 * @param modules the module directory ({@code lib/modules/<release>}) of a file kernel, or null
 */
public record KernelSpec(String suite, Path image, Path modules) {
    private static final Pattern SUITE = Pattern.compile("[a-z][a-z0-9-]{1,31}");
    private static final String EXPECTED = "debian:SUITE (e.g. debian:trixie, debian:sid) or a bzImage file";
    /** The x86 boot protocol's setup-header magic and where it lies. */
    private static final byte[] HDRS = {'H', 'd', 'r', 'S'};
    private static final long HDRS_OFFSET = 0x202;
    private static final int STATS_MAJOR = 6;
    private static final int STATS_MINOR = 10;
    /**
     * The first release with the per-size mTHP swap counters the lab reads,
     * {@code /sys/kernel/mm/transparent_hugepage/hugepages-*kB/stats/swpout} and {@code swpout_fallback}: an
     * older kernel has none, and its runs would read as no swap-out and no fallback at all.
     */
    static final String FIRST_WITH_STATS = STATS_MAJOR + "." + STATS_MINOR;
    /**
     * The kernel series of Debian's released suites, fixed for a suite's life: refused at once, before apt runs.
     * Any other suite's version is known once apt names its package ({@link DebianKernels}).
     */
    private static final Map<String, String> SUITE_SERIES = Map.of("jessie", "3.16", "stretch", "4.9",
            "buster", "4.19", "bullseye", "5.10", "bookworm", "6.1");
    /** The series at the start of a kernel package's name: 6.1 of {@code linux-image-6.1.0-28-amd64}. */
    private static final Pattern SERIES = Pattern.compile("^linux-image-([0-9]{1,4})\\.([0-9]{1,4})");
    /** The series at the start of a release: 6.12 of {@code 6.12.117+deb13-amd64 (debian-kernel@...) #1 SMP}. */
    private static final Pattern RELEASE_SERIES = Pattern.compile("^([0-9]{1,4})\\.([0-9]{1,4})");
    /**
     * Where the setup header keeps {@code kernel_version}, the 16-bit pointer to the NUL-terminated version string
     * (boot protocol 2.00 and later), which counts from {@link #SETUP_BASE}.
     */
    private static final long VERSION_POINTER_OFFSET = 0x20E;
    private static final long SETUP_BASE = 0x200;
    /** The most of the version string read: {@code uname -v}'s line is well under it. */
    private static final int MAX_VERSION = 256;

    /**
     * Returns the spec.
     *
     * @param value the {@code --kernel} value
     * @param modules the {@code --modules} value, or null
     * @throws LabException for a bad value, a missing file or directory, or a kernel older than
     *     {@value #FIRST_WITH_STATS} (a Debian release's known series, or a bzImage's release in its boot header)
     */
    public static KernelSpec parse(final String value, final Path modules) {
        if (value == null || value.isBlank()) {
            throw new LabException("--kernel: '' (expected: " + EXPECTED + ")");
        }
        if (value.startsWith("debian:")) {
            final String suite = value.substring("debian:".length());
            if (!SUITE.matcher(suite).matches()) {
                throw new LabException("--kernel: " + UserInput.show(value) + " (expected: " + EXPECTED + ")");
            }
            if (modules != null) {
                throw new LabException("--modules: " + modules + " (expected: only with a bzImage; a Debian "
                        + "kernel brings its modules)");
            }
            final String series = SUITE_SERIES.get(suite);
            if (series != null) {
                throw tooOld(value, suite + "'s kernel is " + series);
            }
            return new KernelSpec(suite, null, null);
        }
        if (value.contains(":") && !Files.exists(Path.of(value))) {
            throw new LabException("--kernel: " + UserInput.show(value) + " (expected: " + EXPECTED + ")");
        }
        final Path image = Path.of(value);
        if (!Files.isRegularFile(image) || !Files.isReadable(image)) {
            throw new LabException("--kernel: " + UserInput.show(value) + " (expected: " + EXPECTED
                    + "; no such readable file)");
        }
        if (!isBzImage(image)) {
            throw new LabException("--kernel: " + UserInput.show(value) + " (expected: " + EXPECTED + "; no x86 boot"
                    + " header, 'HdrS' at offset 0x202, as arch/x86/boot/bzImage has)");
        }
        final String release = releaseOf(image);
        final Matcher m = release == null ? null : RELEASE_SERIES.matcher(release);
        if (m != null && m.find() && !atLeast(m)) {
            throw tooOld(value, "its boot header names release " + release.split(" ", 2)[0] + ", " + m.group(1) + "."
                    + m.group(2));
        }
        if (modules != null && !Files.isDirectory(modules)) {
            throw new LabException("--modules: " + modules + " (expected: the kernel's module directory, "
                    + "lib/modules/<release>)");
        }
        return new KernelSpec(null, image, modules);
    }

    /**
     * Whether a file starts as an x86 kernel image does: the boot protocol's setup header carries the magic
     * {@code HdrS} at offset 0x202 ({@code Documentation/arch/x86/boot.rst}), which QEMU's {@code -kernel} needs.
     */
    static boolean isBzImage(final Path file) {
        try (SeekableByteChannel ch = Files.newByteChannel(file)) {
            final ByteBuffer magic = ByteBuffer.allocate(HDRS.length);
            ch.position(HDRS_OFFSET);
            while (magic.hasRemaining() && ch.read(magic) > 0) {
                // read the four bytes
            }
            return !magic.hasRemaining() && Arrays.equals(magic.array(), HDRS);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Refuses a Debian suite whose kernel package, as apt names it, is older than {@value #FIRST_WITH_STATS};
     * a name without a version passes (the boot shows what it has).
     *
     * @param suite the suite
     * @param imagePackage the versioned package its {@code linux-image-amd64} depends on, e.g.
     *     {@code linux-image-6.1.0-28-amd64}
     * @throws LabException for a kernel without the per-size counters
     */
    static void checkSeries(final String suite, final String imagePackage) {
        final Matcher m = SERIES.matcher(imagePackage);
        if (m.find() && !atLeast(m)) {
            throw tooOld("debian:" + suite, "its linux-image-amd64 is " + imagePackage + ", " + m.group(1) + "."
                    + m.group(2));
        }
    }

    /** Whether the series a pattern found (major in group 1, minor in group 2) has the per-size counters. */
    private static boolean atLeast(final Matcher series) {
        final int major = Integer.parseInt(series.group(1));
        final int minor = Integer.parseInt(series.group(2));
        return major > STATS_MAJOR || (major == STATS_MAJOR && minor >= STATS_MINOR);
    }

    /**
     * Returns the version string a bzImage's setup header points to ({@code kernel_version},
     * {@code Documentation/arch/x86/boot.rst}), e.g. {@code 6.12.117+deb13-amd64 (debian-kernel@lists.debian.org)
     * #1 SMP ...}; null when the pointer is 0, leads outside the file, or to no printable text.
     */
    static String releaseOf(final Path image) {
        try (SeekableByteChannel ch = Files.newByteChannel(image)) {
            final ByteBuffer pointer = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN);
            ch.position(VERSION_POINTER_OFFSET);
            while (pointer.hasRemaining() && ch.read(pointer) > 0) {
                // read the two bytes
            }
            final int at = pointer.hasRemaining() ? 0 : Short.toUnsignedInt(pointer.getShort(0));
            if (at == 0 || SETUP_BASE + at >= ch.size()) {
                return null;
            }
            final ByteBuffer text = ByteBuffer.allocate(MAX_VERSION);
            ch.position(SETUP_BASE + at);
            while (text.hasRemaining() && ch.read(text) > 0) {
                // read up to MAX_VERSION bytes
            }
            int end = 0;
            while (end < text.position() && text.get(end) >= ' ' && text.get(end) < 0x7f) {
                end++;
            }
            return end == 0 ? null : new String(text.array(), 0, end, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return null;
        }
    }

    /** The error of a kernel older than the per-size counters: {@code which} says what it is. */
    private static LabException tooOld(final String kernel, final String which) {
        return new LabException("--kernel: " + UserInput.show(kernel) + " (expected: Linux " + FIRST_WITH_STATS
                + " or later, e.g. debian:trixie; " + which + ": the per-size swpout and swpout_fallback counters,"
                + " hugepages-*kB/stats, appeared in " + FIRST_WITH_STATS + ")");
    }

    /** Returns whether the kernel comes from Debian's archive. */
    public boolean debian() {
        return suite != null;
    }

    @Override
    public String toString() {
        return debian() ? "debian:" + suite : image.toString();
    }
}

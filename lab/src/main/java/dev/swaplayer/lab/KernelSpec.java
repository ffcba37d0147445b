package dev.swaplayer.lab;

import dev.swaplayer.device.UserInput;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
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

    /**
     * Returns the spec.
     *
     * @param value the {@code --kernel} value
     * @param modules the {@code --modules} value, or null
     * @throws LabException for a bad value, a missing file or directory
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

    /** Returns whether the kernel comes from Debian's archive. */
    public boolean debian() {
        return suite != null;
    }

    @Override
    public String toString() {
        return debian() ? "debian:" + suite : image.toString();
    }
}

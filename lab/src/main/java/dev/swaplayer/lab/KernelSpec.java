package dev.swaplayer.lab;

import dev.swaplayer.device.UserInput;
import java.nio.file.Files;
import java.nio.file.Path;
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
        if (modules != null && !Files.isDirectory(modules)) {
            throw new LabException("--modules: " + modules + " (expected: the kernel's module directory, "
                    + "lib/modules/<release>)");
        }
        return new KernelSpec(null, image, modules);
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

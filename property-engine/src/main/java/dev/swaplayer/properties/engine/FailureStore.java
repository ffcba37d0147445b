package dev.swaplayer.properties.engine;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Immutable handle on the directory remembering the seed of each property's last failure, so
 * the next run replays it first; IO errors are ignored.
 *
 * <p>Thread safety: immutable; each save writes its own property's file, and two runs of one
 * property at once may overwrite each other's seed.
 */
final class FailureStore {

    /** {@code target/swaplayer-failing-seeds} under the working directory. */
    static final FailureStore DEFAULT = new FailureStore(Path.of("target", "swaplayer-failing-seeds"));

    /** A store that remembers nothing. */
    static final FailureStore NONE = new FailureStore(null);

    private final Path directory;

    FailureStore(final Path directory) {
        this.directory = directory;
    }

    OptionalLong load(final String property) {
        if (directory == null) {
            return OptionalLong.empty();
        }
        try {
            Path file = file(property);
            if (!Files.isRegularFile(file)) {
                return OptionalLong.empty();
            }
            return OptionalLong.of(Long.parseLong(Files.readString(file, StandardCharsets.UTF_8).trim()));
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }

    void save(final String property, final long seed) {
        if (directory == null) {
            return;
        }
        try {
            Files.createDirectories(directory);
            Files.writeString(file(property), seed + System.lineSeparator(), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            // best effort: replaying the last failure first is a convenience
        }
    }

    void delete(final String property) {
        if (directory == null) {
            return;
        }
        try {
            Files.deleteIfExists(file(property));
        } catch (IOException | RuntimeException e) {
            // best effort
        }
    }

    Path file(final String property) {
        return directory.resolve(sanitise(property));
    }

    static String sanitise(final String property) {
        String name = property.replaceAll("[^A-Za-z0-9._-]", "_");
        if (name.isEmpty() || name.startsWith(".")) {
            name = "_" + name;
        }
        return name.length() <= 120 ? name : name.substring(0, 120);
    }
}

package dev.swaplayer.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Picks kernel modules from a module directory with their dependencies, in load order, uncompressed (the
 * initramfs loads them with busybox insmod). A package's modules.dep is made by depmod at install time, so
 * the dependencies are read from each module's own {@code .modinfo} ({@code depends=}).
 *
 * <p>Thread safety: stateless.
 */
public final class KernelModules {
    private static final String[] SUFFIXES = {".ko", ".ko.xz", ".ko.zst", ".ko.gz"};

    private KernelModules() {
    }

    /**
     * One module, uncompressed.
     *
     * @param name its name (dashes as underscores)
     * @param bytes the .ko
     */
    // The bytes are shared, not copied: equals and hashCode compare them by identity.
    @SuppressWarnings("ArrayRecordComponent")
    public record Module(String name, byte[] bytes) {
    }

    /**
     * Returns the modules and their dependencies, each after its dependencies.
     *
     * @param dir the module directory ({@code lib/modules/<release>})
     * @param wanted module names; a name not found is skipped when built in (in modules.builtin) or absent
     * @param tools where xz, zstd and gzip are found, for compressed modules
     * @throws LabException when a dependency is missing or a module cannot be read
     */
    public static List<Module> resolve(final Path dir, final List<String> wanted, final Tools tools) {
        final Map<String, Path> index = index(dir);
        final Map<String, Module> loaded = new LinkedHashMap<>();
        for (final String w : wanted) {
            final String name = normal(w);
            if (index.containsKey(name)) {
                visit(name, index, tools, loaded, new ArrayList<>());
            }
        }
        return List.copyOf(loaded.values());
    }

    private static void visit(final String name, final Map<String, Path> index, final Tools tools,
            final Map<String, Module> loaded, final List<String> stack) {
        if (loaded.containsKey(name)) {
            return;
        }
        if (stack.contains(name)) {
            throw new LabException("module dependencies: a cycle through " + name + " (expected: none)");
        }
        final Path file = index.get(name);
        if (file == null) {
            throw new LabException("module " + name + ": not in the module directory (expected: a dependency of "
                    + stack.get(stack.size() - 1) + ")");
        }
        final byte[] ko = uncompressed(file, tools);
        stack.add(name);
        for (final String dep : depends(ko)) {
            visit(dep, index, tools, loaded, stack);
        }
        stack.remove(stack.size() - 1);
        loaded.put(name, new Module(name, ko));
    }

    /**
     * Returns the names in its {@code depends=} modinfo string, normalised.
     *
     * @param ko an uncompressed module
     */
    static List<String> depends(final byte[] ko) {
        final byte[] key = "depends=".getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = 0; i + key.length <= ko.length; i++) {
            if (i > 0 && ko[i - 1] != 0) {
                continue;
            }
            for (int j = 0; j < key.length; j++) {
                if (ko[i + j] != key[j]) {
                    continue outer;
                }
            }
            int end = i + key.length;
            while (end < ko.length && ko[end] != 0) {
                end++;
            }
            final String v = new String(ko, i + key.length, end - i - key.length, StandardCharsets.US_ASCII);
            final List<String> out = new ArrayList<>();
            for (final String d : v.split(",", -1)) {
                if (!d.isBlank()) {
                    out.add(normal(d.strip()));
                }
            }
            return out;
        }
        return List.of();
    }

    static String normal(final String name) {
        return name.replace('-', '_');
    }

    private static Map<String, Path> index(final Path dir) {
        final Map<String, Path> index = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).forEach(p -> stem(p.getFileName().toString())
                    .ifPresent(n -> index.putIfAbsent(normal(n), p)));
        } catch (IOException e) {
            throw new LabException("modules: " + dir + ": " + e.getMessage() + " (expected: a readable directory)");
        }
        return index;
    }

    private static Optional<String> stem(final String file) {
        for (final String s : SUFFIXES) {
            if (file.endsWith(s)) {
                return Optional.of(file.substring(0, file.length() - s.length()));
            }
        }
        return Optional.empty();
    }

    private static byte[] uncompressed(final Path file, final Tools tools) {
        final String n = file.getFileName().toString();
        final String tool = n.endsWith(".xz") ? "xz" : n.endsWith(".zst") ? "zstd" : n.endsWith(".gz") ? "gzip" : null;
        try {
            if (tool == null) {
                return Files.readAllBytes(file);
            }
            final Path exe = tools.require(tool, tool.equals("xz") ? "xz-utils" : tool);
            final Process p = new ProcessBuilder(exe.toString(), "-dc", file.toString())
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            final byte[] out = p.getInputStream().readAllBytes();
            if (p.waitFor() != 0) {
                throw new LabException("module " + file + ": " + tool + " -dc failed (expected: a valid " + tool
                        + " file)");
            }
            return out;
        } catch (IOException e) {
            throw new LabException("module " + file + ": " + e.getMessage() + " (expected: a readable file)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LabException("module " + file + ": interrupted (expected: to be read)");
        }
    }
}

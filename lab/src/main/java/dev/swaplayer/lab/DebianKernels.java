package dev.swaplayer.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Fetches a Debian suite's kernel with apt, without touching the host's apt state: a private sources list
 * (the archive the host's apt configuration already names), state and cache directories under the lab's
 * cache. {@code linux-image-amd64}'s dependency names the versioned package; it is downloaded and unpacked
 * with {@code dpkg-deb -x} once, then reused. A package older than {@value KernelSpec#FIRST_WITH_STATS}, which has
 * no per-size swap counters, is refused before it is downloaded.
 *
 * <p>Thread safety: not thread-safe; one fetch at a time per cache directory.
 */
public final class DebianKernels {
    static final String DEFAULT_ARCHIVE = "http://deb.debian.org/debian";
    private static final Path KEYRING = Path.of("/usr/share/keyrings/debian-archive-keyring.gpg");
    private static final Pattern DEPENDS = Pattern.compile("Depends: (linux-image-[0-9][^\\s]*)");
    private static final Pattern URI_LINE = Pattern.compile("(?m)^\\s*URIs:\\s*(\\S+)");
    private static final Pattern DEB_LINE = Pattern.compile("(?m)^\\s*deb\\s+(?:\\[[^]]*]\\s+)?(\\S+)\\s");

    private final Tools tools;
    private final Path cache;
    private final Consumer<String> progress;

    /**
     * @param tools where apt-get, apt-cache and dpkg-deb are found
     * @param cache the lab's cache directory (apt state and unpacked kernels go below it)
     * @param progress hears one line per step
     */
    public DebianKernels(final Tools tools, final Path cache, final Consumer<String> progress) {
        this.tools = tools;
        this.cache = cache;
        this.progress = progress;
    }

    /**
     * A kernel ready to boot.
     *
     * @param packageName the versioned package, e.g. {@code linux-image-6.12.117+deb13-amd64}
     * @param image the vmlinuz
     * @param modules the module directory, {@code usr/lib/modules/<release>}
     */
    public record Kernel(String packageName, Path image, Path modules) {
    }

    /**
     * Returns the unpacked kernel.
     *
     * @param suite the Debian suite (trixie, sid, ...)
     * @throws LabException when apt or dpkg-deb is missing or fails, or the suite's kernel is older than
     *     {@value KernelSpec#FIRST_WITH_STATS}
     */
    public Kernel fetch(final String suite) {
        final Path aptGet = tools.require("apt-get", "apt");
        final Path aptCache = tools.require("apt-cache", "apt");
        final Path dpkgDeb = tools.require("dpkg-deb", "dpkg");
        final Path root = cache.resolve("apt").resolve(suite);
        final List<String> options = aptOptions(root, suite);
        progress.accept("apt: updating the package lists of " + suite + " (" + archive() + ")");
        final List<String> update = new ArrayList<>(List.of(aptGet.toString(), "-q"));
        update.addAll(options);
        update.add("update");
        Tools.run(null, update);
        final List<String> depends = new ArrayList<>(List.of(aptCache.toString()));
        depends.addAll(options);
        depends.addAll(List.of("depends", "linux-image-amd64"));
        final String pkg = imagePackage(Tools.run(null, depends), suite);
        KernelSpec.checkSeries(suite, pkg); // before the download: a kernel without the counters is not fetched
        final Path unpacked = cache.resolve("kernels").resolve(pkg);
        final Path done = unpacked.resolve(".unpacked");
        if (!Files.exists(done)) {
            // 7.x packaging splits the image: linux-image-<abi> depends on linux-binary-<abi> (vmlinuz) and
            // linux-modules-<abi>; 6.12's linux-image-<abi> holds both itself
            final List<String> parts = new ArrayList<>(List.of(pkg));
            final List<String> more = new ArrayList<>(List.of(aptCache.toString()));
            more.addAll(options);
            more.addAll(List.of("depends", pkg));
            parts.addAll(splitParts(Tools.run(null, more), pkg));
            mkdirs(unpacked);
            final Path dl = mkdirs(cache.resolve("downloads"));
            for (final String part : parts) {
                progress.accept("apt: downloading " + part);
                final List<String> download = new ArrayList<>(List.of(aptGet.toString(), "-q"));
                download.addAll(options);
                download.addAll(List.of("download", part));
                Tools.run(dl, download);
                final Path deb = single(dl, part + "_");
                progress.accept("dpkg-deb: unpacking " + deb.getFileName());
                Tools.run(null, List.of(dpkgDeb.toString(), "-x", deb.toString(), unpacked.toString()));
                try {
                    Files.delete(deb);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            try {
                Files.writeString(done, String.join("\n", parts) + "\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return locate(unpacked, pkg);
    }

    static String imagePackage(final String apt, final String suite) {
        final Matcher m = DEPENDS.matcher(apt);
        if (!m.find()) {
            throw new LabException("linux-image-amd64 in " + suite + ": no versioned dependency (expected: "
                    + "'Depends: linux-image-<version>' from apt-cache depends)");
        }
        return m.group(1);
    }

    /**
     * Returns the packages of the same ABI it depends on that carry the kernel or its modules
     * ({@code linux-binary-<abi>}, {@code linux-modules-<abi>}), empty when it holds them itself.
     *
     * @param apt {@code apt-cache depends} of the versioned image package
     * @param pkg that package, {@code linux-image-<abi>}
     */
    static List<String> splitParts(final String apt, final String pkg) {
        final String abi = pkg.substring("linux-image-".length());
        final Matcher m = Pattern.compile("Depends: (linux-(?:binary|modules)-" + Pattern.quote(abi) + ")\\s")
                .matcher(apt + "\n");
        final List<String> parts = new ArrayList<>();
        while (m.find()) {
            if (!parts.contains(m.group(1))) {
                parts.add(m.group(1));
            }
        }
        return parts;
    }

    private List<String> aptOptions(final Path root, final String suite) {
        final Path sources = root.resolve("sources.list");
        final Path parts = mkdirs(root.resolve("sources.list.d"));
        final Path state = mkdirs(root.resolve("state"));
        mkdirs(state.resolve("lists").resolve("partial"));
        final Path apt = mkdirs(root.resolve("cache"));
        mkdirs(apt.resolve("archives").resolve("partial"));
        try {
            final String signed = Files.isReadable(KEYRING) ? "[signed-by=" + KEYRING + "] " : "";
            Files.writeString(sources, "deb " + signed + archive() + " " + suite + " main\n");
            if (!Files.exists(state.resolve("status"))) {
                Files.writeString(state.resolve("status"), "");
            }
        } catch (IOException e) {
            throw new LabException("cache: " + root + ": " + e.getMessage() + " (expected: a writable directory)");
        }
        final List<String> o = new ArrayList<>(List.of(
                "-o", "Dir::Etc::sourcelist=" + sources, "-o", "Dir::Etc::sourceparts=" + parts,
                "-o", "Dir::State=" + state, "-o", "Dir::State::status=" + state.resolve("status"),
                "-o", "Dir::Cache=" + apt));
        if ("root".equals(System.getProperty("user.name"))) {
            o.addAll(List.of("-o", "APT::Sandbox::User=root")); // _apt cannot write into root's cache
        }
        return o;
    }

    /** Returns the Debian archive the host's apt configuration names, else deb.debian.org. */
    static String archive() {
        final List<Path> files = new ArrayList<>();
        files.add(Path.of("/etc/apt/sources.list"));
        try (Stream<Path> s = Files.list(Path.of("/etc/apt/sources.list.d"))) {
            s.sorted().forEach(files::add);
        } catch (IOException | UncheckedIOException e) {
            // no sources.list.d: the main list alone
        }
        for (final Path f : files) {
            try {
                final String uri = archiveIn(Files.readString(f, StandardCharsets.UTF_8));
                if (uri != null) {
                    return uri;
                }
            } catch (IOException | UncheckedIOException e) {
                // unreadable: try the next
            }
        }
        return DEFAULT_ARCHIVE;
    }

    static String archiveIn(final String text) {
        for (final Pattern p : List.of(URI_LINE, DEB_LINE)) {
            final Matcher m = p.matcher(text);
            while (m.find()) {
                final String uri = m.group(1).replaceAll("/+$", "");
                if (uri.endsWith("/debian")) {
                    return uri;
                }
            }
        }
        return null;
    }

    /** The image is {@code boot/vmlinuz-<release>} (6.12) or {@code usr/lib/modules/<release>/vmlinuz} (7.x). */
    static Kernel locate(final Path unpacked, final String pkg) {
        if (Files.isDirectory(unpacked.resolve("boot"))) {
            final Path image = single(unpacked.resolve("boot"), "vmlinuz-");
            final String release = image.getFileName().toString().substring("vmlinuz-".length());
            for (final String base : List.of("usr/lib/modules", "lib/modules")) {
                final Path modules = unpacked.resolve(base).resolve(release);
                if (Files.isDirectory(modules)) {
                    return new Kernel(pkg, image, modules);
                }
            }
            throw new LabException(pkg + ": no module directory for " + release + " (expected: usr/lib/modules/"
                    + release + " in the package)");
        }
        for (final String base : List.of("usr/lib/modules", "lib/modules")) {
            final Path dir = unpacked.resolve(base);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    final List<Path> found = s.filter(d -> Files.isRegularFile(d.resolve("vmlinuz"))).toList();
                    if (found.size() == 1) {
                        return new Kernel(pkg, found.get(0).resolve("vmlinuz"), found.get(0));
                    }
                } catch (IOException e) {
                    throw new LabException(dir + ": " + e.getMessage() + " (expected: a readable directory)");
                }
            }
        }
        throw new LabException(pkg + ": no kernel image (expected: boot/vmlinuz-<release> or "
                + "usr/lib/modules/<release>/vmlinuz in the unpacked packages)");
    }

    private static Path single(final Path dir, final String prefix) {
        try (Stream<Path> s = Files.list(dir)) {
            final List<Path> found = s.filter(p -> p.getFileName().toString().startsWith(prefix)).toList();
            if (found.size() != 1) {
                throw new LabException(dir + ": " + found.size() + " files named " + prefix + "* (expected: 1)");
            }
            return found.get(0);
        } catch (IOException e) {
            throw new LabException(dir + ": " + e.getMessage() + " (expected: a readable directory)");
        }
    }

    static Path mkdirs(final Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new LabException("cache: " + dir + ": " + e.getMessage() + " (expected: a writable directory)");
        }
    }
}

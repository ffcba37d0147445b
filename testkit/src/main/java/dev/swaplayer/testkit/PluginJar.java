package dev.swaplayer.testkit;

import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.spec.Geometry;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds plug-in jars at test time, as a user would: Java sources compiled against swaplayer's allocator API
 * only, a {@code META-INF/services/dev.swaplayer.allocator.AllocatorProvider} file, and {@code java.util.jar}.
 * For tests of whatever loads plug-ins with {@code --jar} (the command line, the benchmarks). Needs a JDK
 * ({@link ToolProvider#getSystemJavaCompiler()}).
 *
 * <p>Thread safety: stateless.
 */
public final class PluginJar {
    /** The service file that names a jar's {@code AllocatorProvider}s. */
    public static final String SERVICE = "META-INF/services/dev.swaplayer.allocator.AllocatorProvider";

    private PluginJar() {
    }

    /**
     * A first-fit allocator that implements exactly the seven methods of {@link SlotAllocator} and nothing
     * else (no audit, no swap counts, no per-CPU state): what the plug-in interface requires at the least.
     */
    public static final String FIRST_FIT = """
            package demo;

            import dev.swaplayer.allocator.SlotAllocator;
            import dev.swaplayer.entry.SwapEntry;
            import dev.swaplayer.spec.Fragmentation;
            import dev.swaplayer.spec.Geometry;
            import java.util.BitSet;

            public final class FirstFit implements SlotAllocator {
                private final int type;
                private final Geometry geometry;
                private final BitSet used = new BitSet();
                private long inUse;

                public FirstFit(int type, Geometry geometry) {
                    this.type = type;
                    this.geometry = geometry;
                    used.set(0);
                }

                public int type() { return type; }
                public Geometry geometry() { return geometry; }

                public synchronized long allocate(int order) {
                    int n = 1 << order;
                    for (int s = 0; s + n <= geometry.totalSlots(); s += n) {
                        if (used.get(s, s + n).isEmpty()) {
                            used.set(s, s + n);
                            inUse += n;
                            return SwapEntry.of(type, s);
                        }
                    }
                    return NONE;
                }

                public synchronized void free(long entry, long nrSlots) {
                    int from = (int) SwapEntry.offset(entry);
                    if (used.get(from, from + (int) nrSlots).cardinality() != nrSlots) {
                        throw new IllegalStateException("free: a slot is not in use");
                    }
                    used.clear(from, from + (int) nrSlots);
                    inUse -= nrSlots;
                }

                public synchronized long freeSlots() { return geometry.totalSlots() - 1 - inUse; }
                public synchronized long usedSlots() { return inUse; }

                public synchronized Fragmentation fragmentation() {
                    long[] blocks = new long[geometry.maxOrder() + 1];
                    for (int k = 0; k <= geometry.maxOrder(); k++) {
                        int n = 1 << k;
                        for (int s = 0; s + n <= geometry.totalSlots(); s += n) {
                            if (used.get(s, s + n).isEmpty() && (k == geometry.maxOrder()
                                    || !used.get(s & -(2 * n), (s & -(2 * n)) + 2 * n).isEmpty())) {
                                blocks[k]++;
                            }
                        }
                    }
                    return new Fragmentation(blocks);
                }
            }
            """;

    /**
     * Returns a provider of {@link #FIRST_FIT} under that name.
     *
     * @param className the provider's class name, in package {@code demo}
     * @param name the policy name
     * @param threadSafe what threadSafe() answers
     * @return a provider of {@link #FIRST_FIT} under that name
     */
    public static String provider(final String className, final String name, final boolean threadSafe) {
        return """
                package demo;

                import dev.swaplayer.allocator.AllocatorProvider;
                import dev.swaplayer.allocator.SlotAllocator;
                import dev.swaplayer.spec.Geometry;

                public final class %s implements AllocatorProvider {
                    public String name() { return "%s"; }
                    public SlotAllocator create(int type, Geometry geometry) { return new FirstFit(type, geometry); }
                    public String description() { return "first fit over a bitmap, a test plug-in"; }
                    public boolean threadSafe() { return %b; }
                }
                """.formatted(className, name, threadSafe);
    }

    /**
     * Compiles the sources and jars them with a service file naming the providers.
     *
     * @param dir a scratch directory; the jar is written there
     * @param jarName the jar's file name
     * @param sources class name (in package {@code demo}) to its source
     * @param providers the provider class names (in package {@code demo}) for the service file
     * @return the jar
     * @throws IOException when a file cannot be written
     * @throws IllegalStateException when the sources do not compile (with javac's diagnostics)
     */
    public static Path build(final Path dir, final String jarName, final Map<String, String> sources,
            final List<String> providers) throws IOException {
        final Path src = Files.createDirectories(dir.resolve(jarName + "-src/demo"));
        final Path classes = Files.createDirectories(dir.resolve(jarName + "-classes"));
        final List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-classpath", classPath(),
                "--release", "17"));
        for (final Map.Entry<String, String> e : sources.entrySet()) {
            args.add(Files.writeString(src.resolve(e.getKey() + ".java"), e.getValue()).toString());
        }
        final JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        final StringWriter diagnostics = new StringWriter();
        final int rc = javac.run(null, null, new OutputStream() {
            @Override
            public void write(final int b) {
                diagnostics.write(b);
            }
        }, args.toArray(String[]::new));
        if (rc != 0) {
            throw new IllegalStateException("javac: " + rc + "\n" + diagnostics);
        }
        final Path jar = dir.resolve(jarName);
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry(SERVICE));
            out.write(providers.stream().map(p -> "demo." + p + "\n").reduce("", String::concat)
                    .getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
            try (Stream<Path> files = Files.walk(classes)) {
                for (final Path f : files.filter(Files::isRegularFile).toList()) {
                    out.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                    out.write(Files.readAllBytes(f));
                    out.closeEntry();
                }
            }
        }
        return jar;
    }

    /** Returns the allocator and spec classes: all a plug-in compiles against. */
    private static String classPath() {
        return location(SlotAllocator.class) + File.pathSeparator + location(Geometry.class);
    }

    private static String location(final Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}

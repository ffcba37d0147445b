package dev.swaplayer.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.Enumeration;

/**
 * A class loader that defines its own copy of every {@code dev.swaplayer} class (read from the parent's class
 * path, or from another build's bench jar) and asks the parent for everything else. Two of them give two copies
 * of the allocator in one JVM: separate classes, so the JIT profiles and compiles each on its own, as if each ran
 * in a JVM of its own. {@link PairBench} runs an allocator with its locks and without them side by side this way,
 * or this build's allocator beside another build's ({@link #ofJar}).
 *
 * <p>Read from a jar, the swaplayer classes and the service files that name them ({@code
 * META-INF/services/dev.swaplayer.*}, which the policy registry reads) are the jar's; the libraries (Eclipse
 * Collections, the JDK) stay the parent's, so both builds must use compatible versions of them.
 *
 * <p>Thread safety: a {@link ClassLoader}, parallel capable like its base class's default.
 */
final class IsolatingLoader extends ClassLoader {
    private static final String OWN = "dev.swaplayer.";
    /** The resources that belong to a build: its class files and the service files naming its classes. */
    private static final String[] OWN_RESOURCES = {"dev/swaplayer/", "META-INF/services/dev.swaplayer."};
    /** Where the swaplayer class files and service files are read: the parent, or a jar alone. */
    private final ClassLoader source;

    /** @param parent where the class files are read from, and where every other class comes from */
    IsolatingLoader(final ClassLoader parent) {
        this("swaplayer-isolated", parent, parent);
    }

    private IsolatingLoader(final String name, final ClassLoader parent, final ClassLoader source) {
        super(name, parent);
        this.source = source;
    }

    /**
     * A loader of another build's swaplayer classes.
     *
     * @param parent where every other class comes from
     * @param jar a bench jar ({@code benchmarks/target/swaplayer-bench.jar}) of that build
     */
    static IsolatingLoader ofJar(final ClassLoader parent, final Path jar) {
        final URL url;
        try {
            url = jar.toUri().toURL();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("jar: " + jar + " (expected: a file path)", e);
        }
        // the platform loader as parent: the jar's own classes, and nothing of this build's class path
        final URLClassLoader jarOnly = new URLClassLoader("swaplayer-jar", new URL[] {url},
                ClassLoader.getPlatformClassLoader());
        return new IsolatingLoader("swaplayer-isolated:" + jar.getFileName(), parent, jarOnly);
    }

    @Override
    protected Class<?> loadClass(final String name, final boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(OWN)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                final byte[] bytes = classFile(name);
                c = defineClass(name, bytes, 0, bytes.length);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    @Override
    public URL getResource(final String name) {
        return isOwn(name) ? source.getResource(name) : super.getResource(name);
    }

    @Override
    public Enumeration<URL> getResources(final String name) throws IOException {
        return isOwn(name) ? source.getResources(name) : super.getResources(name);
    }

    private static boolean isOwn(final String resource) {
        for (final String prefix : OWN_RESOURCES) {
            if (resource.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private byte[] classFile(final String name) throws ClassNotFoundException {
        try (InputStream in = source.getResourceAsStream(name.replace('.', '/') + ".class")) {
            if (in == null) {
                throw new ClassNotFoundException(name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the class file of " + name, e);
        }
    }
}

package dev.swaplayer.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A class loader that defines its own copy of every {@code dev.swaplayer} class (read from the parent's class
 * path) and asks the parent for everything else. Two of them give two copies of the allocator in one JVM:
 * separate classes, so the JIT profiles and compiles each on its own, as if each ran in a JVM of its own.
 * {@link PairBench} runs an allocator with its locks and without them side by side this way.
 *
 * <p>Thread safety: a {@link ClassLoader}, parallel capable like its base class's default.
 */
final class IsolatingLoader extends ClassLoader {
    private static final String OWN = "dev.swaplayer.";

    /** @param parent where the class files are read from, and where every other class comes from */
    IsolatingLoader(final ClassLoader parent) {
        super("swaplayer-isolated", parent);
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

    private byte[] classFile(final String name) throws ClassNotFoundException {
        try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
            if (in == null) {
                throw new ClassNotFoundException(name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading the class file of " + name, e);
        }
    }
}

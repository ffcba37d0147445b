package dev.swaplayer.allocator.policy;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.FolioAllocator;
import dev.swaplayer.allocator.FolioPolicy;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.spec.Checks;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.MetadataBudget;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.regex.Pattern;

/**
 * The one place that maps a {@code --policy} name to its {@link AllocatorProvider}: the built-in policies
 * and any plug-in found in the jars given with {@code --jar}, all through {@link ServiceLoader}.
 *
 * <p>Thread safety: immutable once built.
 *
 * <p>Report order: the kernel baselines first ({@code legacy}, {@code cluster}), then this project's
 * policies ({@code buddy}, {@code compound}, then any other built-in by name), then plug-ins by name. A name
 * may be registered once: a plug-in that reuses a built-in name is refused, not allowed to shadow it.
 */
public final class PolicyRegistry {
    /** swaplayer's own packages: no user's frame is in them. */
    private static final String OWN_PACKAGES = "dev.swaplayer.";
    /**
     * The name of each plug-in jar's class loader is this prefix and the jar's file name, so that a stack frame
     * of a plug-in's own code can be told apart ({@link StackTraceElement#getClassLoaderName()}).
     */
    public static final String PLUGIN_LOADER = "plugin:";

    /** The built-in policies that lead the report order, when present. */
    static final List<String> LEADING = List.of("legacy", "cluster", "buddy", "compound");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    private final Map<String, Entry> entries;

    /**
     * One registered policy.
     *
     * @param provider the provider
     * @param origin where it came from: {@code built-in}, or the jar's path
     */
    public record Entry(AllocatorProvider provider, String origin) {
        /** Returns whether it ships with swaplayer. */
        public boolean builtIn() {
            return origin.equals(BUILT_IN);
        }
    }

    private static final String BUILT_IN = "built-in";

    private PolicyRegistry(final Map<String, Entry> entries) {
        this.entries = Collections.unmodifiableMap(entries);
    }

    /**
     * Returns the built-in policies only (those on swaplayer's own class path).
     */
    public static PolicyRegistry builtIn() {
        return withJars(List.of());
    }

    /**
     * Loads the built-in policies and every provider in the given jars.
     *
     * @param jars plug-in jars, each with a {@code META-INF/services/dev.swaplayer.allocator.AllocatorProvider}
     * @return the registry
     * @throws IllegalArgumentException for an unreadable jar, a jar without a provider, a provider that cannot
     *     be loaded or built, a bad or duplicate name
     */
    public static PolicyRegistry withJars(final List<Path> jars) {
        final Map<String, Entry> found = new LinkedHashMap<>();
        final ClassLoader own = PolicyRegistry.class.getClassLoader();
        for (final AllocatorProvider p : load(ServiceLoader.load(AllocatorProvider.class, own), "built-in")) {
            add(found, p, BUILT_IN);
        }
        final Set<Path> seen = new HashSet<>();
        for (final Path jar : jars) {
            if (!seen.add(jar.toAbsolutePath().normalize())) {
                continue; // the same jar given twice: its policies once
            }
            checkJar(jar);
            final URLClassLoader loader = new URLClassLoader(PLUGIN_LOADER + jar.getFileName(), new URL[] {url(jar)},
                    own);
            int added = 0;
            for (final AllocatorProvider p : load(ServiceLoader.load(AllocatorProvider.class, loader), jar)) {
                if (p.getClass().getClassLoader() == loader) {
                    add(found, p, jar.toString());
                    added++;
                }
            }
            if (added == 0) {
                throw Checks.badArgument("--jar", jar, "a jar that names an AllocatorProvider in "
                        + "META-INF/services/" + AllocatorProvider.class.getName());
            }
        }
        return new PolicyRegistry(ordered(found));
    }

    /**
     * A registry with one more provider, given in-process rather than from a jar: how a user's own test hands
     * its allocator to the checks that look policies up by name.
     *
     * @param provider the provider to add
     * @return a new registry, or this one when a provider of the same class is already registered under that
     *     name (it was on the class path); this one is unchanged
     * @throws IllegalArgumentException for a bad or taken name
     */
    public PolicyRegistry with(final AllocatorProvider provider) {
        final Entry same = entries.get(provider.name());
        if (same != null && same.provider().getClass() == provider.getClass()) {
            return this;
        }
        final Map<String, Entry> found = new LinkedHashMap<>(entries);
        add(found, provider, "in-process (" + provider.getClass().getName() + ")");
        return new PolicyRegistry(ordered(found));
    }

    /** Returns every policy name, in report order. */
    public List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /**
     * Returns what {@code --policy all} means: every policy whose provider is {@linkplain AllocatorProvider#inAll() in
     * all}, in report order (the reference variants, such as {@code bestfit}, are left to be named).
     */
    public List<String> all() {
        return entries.values().stream().filter(e -> e.provider().inAll()).map(e -> e.provider().name()).toList();
    }

    /** Returns the built-in policy names, in report order. */
    public List<String> builtInNames() {
        return entries.values().stream().filter(Entry::builtIn).map(e -> e.provider().name()).toList();
    }

    /** Returns the plug-in policy names, in report order. */
    public List<String> pluginNames() {
        return entries.values().stream().filter(e -> !e.builtIn()).map(e -> e.provider().name()).toList();
    }

    /**
     * Returns its registration.
     *
     * @param name a policy name
     * @throws IllegalArgumentException for an unknown name
     */
    public Entry entry(final String name) {
        final Entry e = entries.get(name);
        if (e == null) {
            throw unknown("--policy", name, true);
        }
        return e;
    }

    /**
     * Returns its provider.
     *
     * @param name a policy name
     * @throws IllegalArgumentException for an unknown name
     */
    public AllocatorProvider provider(final String name) {
        return entry(name).provider();
    }

    /**
     * Builds a fresh allocator of the named policy for {@code cpus} simulated CPUs, and checks what the
     * provider returned, so that a plug-in's mistake is one clear {@code what: value (expected: ...)} line
     * rather than a failure deep inside a run.
     *
     * @param name a policy name
     * @param type the device type
     * @param geometry the device's shape
     * @param cpus simulated CPUs, at least 1
     * @return the allocator: not null, a {@link FolioAllocator} when the policy's folio policy is
     *     {@link FolioPolicy#COMPOUND}
     * @throws IllegalArgumentException for an unknown name; when a built-in allocator rejects the geometry (its
     *     own message); when a plug-in's create throws, returns null or returns an allocator its folio policy
     *     cannot drive
     */
    public SlotAllocator create(final String name, final int type, final Geometry geometry, final int cpus) {
        return create(name, type, geometry, cpus, null);
    }

    /**
     * Builds a fresh device of the named policy whose on-demand metadata is held to a budget (see
     * {@link AllocatorProvider#create(int, Geometry, int, MetadataBudget)}; a policy that preallocates ignores it).
     *
     * @param name the policy's name
     * @param type the device type
     * @param geometry the device's shape
     * @param cpus simulated CPUs, at least 1
     * @param budget a fresh budget for this device alone, or null for none
     * @return the allocator
     * @throws IllegalArgumentException as {@link #create(String, int, Geometry, int)}
     */
    public SlotAllocator create(final String name, final int type, final Geometry geometry, final int cpus,
            final MetadataBudget budget) {
        final Entry e = entry(name);
        Checks.checkInRange("cpus", cpus, 1, Integer.MAX_VALUE);
        final SlotAllocator a;
        final FolioPolicy folios;
        try {
            a = budget == null ? e.provider().create(type, geometry, cpus)
                    : e.provider().create(type, geometry, cpus, budget);
            folios = e.provider().folioPolicy();
        } catch (IllegalArgumentException ex) {
            if (e.builtIn()) {
                throw ex;
            }
            throw failed(e, "it threw " + oneLine(ex));
        } catch (RuntimeException | LinkageError ex) {
            throw failed(e, "it threw " + oneLine(ex));
        }
        if (a == null || folios == null) {
            throw failed(e, (a == null ? "create" : "folioPolicy()") + " returned null");
        }
        if (folios == FolioPolicy.COMPOUND && !(a instanceof FolioAllocator)) {
            throw failed(e, "folio policy COMPOUND but " + a.getClass().getName() + " is no FolioAllocator");
        }
        return a;
    }

    private static ProviderFailure failed(final Entry e, final String what) {
        return new ProviderFailure(e.provider().name(), Checks.badArgument("--policy", e.provider().name() + " ("
                + e.origin() + ")", "a provider that builds an allocator; " + what).getMessage());
    }


    private static String oneLine(final Throwable t) {
        return oneLine(t.toString());
    }

    /** @return the text up to its first line break */
    private static String oneLine(final String s) {
        final int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /**
     * Resolves a {@code --policy} value.
     *
     * @param value a policy name, a comma-separated list of them, or {@code all} (every built-in policy and
     *     every plug-in)
     * @return the names, in the order given (all: report order), each once
     * @throws IllegalArgumentException for an unknown or empty name
     */
    public List<String> resolve(final String value) {
        return resolve("--policy", value);
    }

    /**
     * Resolves a list of policies given to another option, as {@link #resolve(String)} does; an unknown name is
     * reported under that option.
     *
     * @param option the option the value was given to, e.g. {@code --compare}
     * @param value a policy name, a comma-separated list of them, or {@code all}
     * @return the names, in the order given (all: report order), each once
     * @throws IllegalArgumentException for an unknown or empty name
     */
    public List<String> resolve(final String option, final String value) {
        return resolve(option, value, true);
    }

    /**
     * Resolves a list of policies as {@link #resolve(String, String)} does, for a verb that may have no
     * {@code --jar}: its message for an unknown name then names no option the verb lacks.
     *
     * @param option the option the value was given to, e.g. {@code --compare}
     * @param value a policy name, a comma-separated list of them, or {@code all}
     * @param jarHint whether an unknown name's message adds that a plug-in's name needs its {@code --jar}
     * @return the names, in the order given (all: report order), each once
     * @throws IllegalArgumentException for an unknown or empty name
     */
    public List<String> resolve(final String option, final String value, final boolean jarHint) {
        if (value.strip().equals("all")) {
            return all();
        }
        final LinkedHashSet<String> names = new LinkedHashSet<>();
        for (final String raw : value.split(",", -1)) {
            final String n = raw.strip();
            if (n.equals("all")) {
                names.addAll(all());
            } else {
                if (!entries.containsKey(n)) {
                    throw unknown(option, n, jarHint);
                }
                names.add(n);
            }
        }
        return List.copyOf(names);
    }

    /** The error of a policy name given to {@code option} that names no registered policy: lists the names. */
    private IllegalArgumentException unknown(final String option, final String name, final boolean jarHint) {
        return Checks.badArgument(option, name, String.join(", ", entries.keySet()) + " or all"
                + (jarHint ? "; a plug-in's name needs its --jar" : ""));
    }

    private static void add(final Map<String, Entry> found, final AllocatorProvider p, final String origin) {
        final String name = nameOf(p, origin);
        final Entry earlier = found.get(name);
        if (earlier != null) {
            throw Checks.badArgument("policy name", name + " from " + origin, "a name not already taken; " + name
                    + (earlier.builtIn() ? " is a built-in policy" : " comes from " + earlier.origin()));
        }
        found.put(name, new Entry(p, origin));
    }

    private static String nameOf(final AllocatorProvider p, final String origin) {
        final String name;
        try {
            name = p.name();
        } catch (RuntimeException | LinkageError e) {
            throw Checks.badArgument("provider", p.getClass().getName() + " (" + origin + ")",
                    "a name() that returns; it threw " + oneLine(e));
        }
        if (name == null || !NAME.matcher(name).matches() || name.equals("all")) {
            throw Checks.badArgument("policy name of " + p.getClass().getName(), name,
                    "1-32 of a-z, 0-9, '-', '_', starting with a letter, and not 'all'");
        }
        return name;
    }

    private static List<AllocatorProvider> load(final ServiceLoader<AllocatorProvider> loader, final Object origin) {
        final List<AllocatorProvider> out = new ArrayList<>();
        try {
            for (final AllocatorProvider p : loader) {
                out.add(p);
            }
        } catch (ServiceConfigurationError | LinkageError e) {
            throw Checks.badArgument("--jar", origin, "providers that load; " + whyNotLoaded(e));
        }
        return out;
    }

    /** Why a provider did not load, on one line: a missing no-argument constructor in words, else as thrown. */
    private static String whyNotLoaded(final Throwable e) {
        final Throwable t = root(e);
        final String m = t.getMessage();
        if (t instanceof NoSuchMethodException && m != null && m.endsWith(".<init>()")) {
            return m.substring(0, m.length() - ".<init>()".length()) + " has no public constructor without"
                    + " arguments, which the service loader needs to make a provider";
        }
        return rootMessage(e);
    }

    /** @return the error's message and its root cause's, on one line (a CLI error is one line) */
    private static String rootMessage(final Throwable e) {
        final Throwable t = root(e);
        final String m = t == e ? e.getMessage() : e.getMessage() + ": " + t;
        return oneLine(m == null ? e.getClass().getSimpleName() : m);
    }

    /** The last cause in the error's chain: the error itself when it has none. */
    private static Throwable root(final Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    private static void checkJar(final Path jar) {
        if (Files.isDirectory(jar)) {
            throw Checks.badArgument("--jar", jar, "a readable jar file, not a directory");
        }
        if (!Files.isRegularFile(jar) || !Files.isReadable(jar)) {
            throw Checks.badArgument("--jar", jar, "a readable jar file");
        }
        try {
            new JarFile(jar.toFile()).close();
        } catch (IOException e) {
            throw Checks.badArgument("--jar", jar, "a jar (zip) file");
        }
    }

    private static URL url(final Path jar) {
        try {
            return jar.toAbsolutePath().toUri().toURL();
        } catch (MalformedURLException e) {
            throw Checks.badArgument("--jar", jar, "a local file path");
        }
    }

    private static Map<String, Entry> ordered(final Map<String, Entry> found) {
        final Map<String, Entry> out = new LinkedHashMap<>();
        for (final String name : LEADING) {
            final Entry e = found.get(name);
            if (e != null && e.builtIn()) {
                out.put(name, e);
            }
        }
        found.entrySet().stream().filter(e -> e.getValue().builtIn()).map(Map.Entry::getKey).sorted()
                .forEach(n -> out.putIfAbsent(n, found.get(n)));
        found.keySet().stream().sorted().forEach(n -> out.putIfAbsent(n, found.get(n)));
        return out;
    }

    /**
     * Returns the first stack frame of {@code t}, or else of its causes, that belongs to a plug-in's own code
     * (its class loader is named {@link #PLUGIN_LOADER} and the jar), or null when none does: where a plug-in's
     * bug shows itself, for the one-line reports of the command line, the simulator and the verifier.
     *
     * @param t what was thrown
     * @return the plug-in's frame, or null
     */
    public static StackTraceElement pluginFrame(final Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            final StackTraceElement f = pluginFrame(c.getStackTrace(), 0);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    /**
     * Returns where a provider's own code threw {@code t}: its {@link #pluginFrame plug-in frame} when it came from
     * a jar; else, for a provider on the class path (a user's Maven build, through the test kit), the first frame of
     * {@code t} or its causes in the provider's package (never one of swaplayer's own packages); else null.
     *
     * @param t what was thrown
     * @param provider the provider whose allocator ran, or null
     * @return the frame, or null
     */
    public static StackTraceElement userFrame(final Throwable t, final Object provider) {
        final StackTraceElement jar = pluginFrame(t);
        if (jar != null || provider == null) {
            return jar;
        }
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            final StackTraceElement f = userFrame(c.getStackTrace(), provider);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    /**
     * {@link #userFrame(Throwable, Object)} over one stack, innermost frame first: a plug-in frame, else the first
     * frame in the provider's package when that is not one of swaplayer's, else null.
     *
     * @param stack a stack
     * @param provider the provider whose allocator ran
     * @return the frame, or null
     */
    public static StackTraceElement userFrame(final StackTraceElement[] stack, final Object provider) {
        final StackTraceElement jar = pluginFrame(stack, 0);
        final String pkg = provider.getClass().getPackageName();
        if (jar != null || pkg.startsWith(OWN_PACKAGES)) {
            return jar;
        }
        for (final StackTraceElement f : stack) {
            final String cls = f.getClassName();
            final int dot = cls.lastIndexOf('.');
            if ((dot < 0 ? "" : cls.substring(0, dot)).equals(pkg)) {
                return f;
            }
        }
        return null;
    }

    /**
     * Returns the innermost frame of {@code stack}, from index {@code from} outwards, that belongs to a plug-in's
     * own code ({@link #isPluginFrame}), or null: the one walk over a stack that every report of a plug-in's
     * failure, hang or exit shares.
     *
     * @param stack a stack, innermost frame first (as {@link Throwable#getStackTrace} and
     *        {@link Thread#getStackTrace} give it)
     * @param from the first index to look at
     * @return the plug-in's frame, or null
     */
    public static StackTraceElement pluginFrame(final StackTraceElement[] stack, final int from) {
        for (int i = Math.max(0, from); i < stack.length; i++) {
            if (isPluginFrame(stack[i])) {
                return stack[i];
            }
        }
        return null;
    }

    /**
     * Returns whether a stack frame belongs to a plug-in's own code: its class loader is one this registry made
     * for a jar.
     *
     * @param f a stack frame
     * @return whether a plug-in's class runs in it
     */
    public static boolean isPluginFrame(final StackTraceElement f) {
        final String loader = f.getClassLoaderName();
        return loader != null && loader.startsWith(PLUGIN_LOADER);
    }

    /**
     * Returns a plug-in frame as {@code Class.method(File.java:line)}, without the loader and module that
     * {@link StackTraceElement#toString()} puts first.
     *
     * @param f a stack frame
     * @return its class, method, file and line
     */
    public static String where(final StackTraceElement f) {
        return f.getClassName() + "." + f.getMethodName() + "(" + f.getFileName() + ":" + f.getLineNumber() + ")";
    }

    /**
     * Returns the jar's file name of a plug-in frame ({@link #pluginFrame}).
     *
     * @param f a frame of a plug-in's code
     * @return the jar's file name
     */
    public static String jarOf(final StackTraceElement f) {
        return f.getClassLoaderName().substring(PLUGIN_LOADER.length());
    }
}

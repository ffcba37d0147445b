package dev.swaplayer.bench;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.check.Stress;
import dev.swaplayer.spec.Geometry;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the allocator benchmarks can build, by name: every policy of a {@link PolicyRegistry} (the built-in
 * ones and the plug-ins of {@code ./swaplayer bench --jar}) and the bench-only {@link Baseline}s.
 *
 * <p>Thread safety: immutable.
 *
 * <p>JMH runs each benchmark in forked JVMs, which see only strings: the plug-in jars travel to them as one
 * parameter, {@link #jarsParam}, and each fork builds its own registry from it ({@link #of(String)}).
 */
final class BenchPolicies {
    /** The reference variant measured beside the policies of {@code --policy all}. */
    static final String BESTFIT = "bestfit";

    private final PolicyRegistry registry;

    BenchPolicies(final PolicyRegistry registry) {
        this.registry = registry;
    }

    /**
     * @param jars plug-in jars as {@link #jarsParam} joined them; "" for the built-in policies only
     * @return the built-in policies, those of the jars, and the baselines
     * @throws IllegalArgumentException for a bad jar or provider
     */
    static BenchPolicies of(final String jars) {
        final List<Path> paths = jars.isEmpty() ? List.of()
                : Arrays.stream(jars.split(File.pathSeparator)).map(Path::of).toList();
        return new BenchPolicies(PolicyRegistry.withJars(paths));
    }

    /**
     * Returns them as one JMH parameter value (absolute paths, joined with the path separator).
     *
     * @param jars plug-in jars
     */
    static String jarsParam(final List<Path> jars) {
        return String.join(File.pathSeparator, jars.stream().map(p -> p.toAbsolutePath().toString()).toList());
    }

    /**
     * Returns the policies the allocator runs measure: what {@code --policy all} means (the reference variant
     * {@code bestfit} is left to be named), in report order.
     */
    List<String> policies() {
        return registry.all();
    }

    /**
     * Returns the policies the one-thread allocator runs measure: {@link #policies()}, then the reference variant.
     *
     * @return the policies the one-thread allocator runs measure: {@link #policies()}, then the reference variant
     *     {@code bestfit} (the buddy allocator with the original best-fit placement), so that the report can
     *     say what the grouped placement costs ({@code throughput_ratio.buddy_vs_bestfit_*})
     */
    List<String> oneThreadPolicies() {
        final List<String> out = new ArrayList<>(policies());
        if (!out.contains(BESTFIT) && registry.names().contains(BESTFIT)) {
            out.add(BESTFIT);
        }
        return out;
    }

    /** Returns the plug-in policies, in report order. */
    List<String> plugins() {
        return registry.pluginNames();
    }

    /**
     * @param name a policy or a baseline
     * @return whether one allocator may be driven by several threads
     * @throws IllegalArgumentException for an unknown name
     */
    boolean threadSafe(final String name) {
        final Baseline b = Baseline.of(name);
        return b != null ? b.threadSafe() : registry.provider(name).threadSafe();
    }

    /**
     * @param name a policy or a baseline
     * @param geometry the device
     * @param threads how many threads will drive it
     * @return a fresh allocator of an empty device: a policy's behind the adapter its folio policy and per-CPU
     *     state call for ({@link Adapters#of})
     * @throws IllegalArgumentException for an unknown name, or more than one thread on one that is not
     *     thread-safe
     */
    BenchAllocator create(final String name, final Geometry geometry, final int threads) {
        if (threads > 1 && !threadSafe(name)) {
            throw Stress.notThreadSafe(name, threads);
        }
        final Baseline b = Baseline.of(name);
        if (b != null) {
            return b.create(geometry, threads);
        }
        final AllocatorProvider p = registry.provider(name);
        return Adapters.of(registry.create(name, 0, geometry, threads), p.folioPolicy());
    }

    /**
     * Returns those that are thread-safe, in the same order.
     *
     * @param names policies and baselines
     */
    List<String> threadSafe(final List<String> names) {
        final List<String> out = new ArrayList<>();
        for (final String n : names) {
            if (threadSafe(n)) {
                out.add(n);
            }
        }
        return out;
    }
}

package dev.swaplayer.concurrency;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.SwapSpaceModel;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;

/**
 * The operations of the contended swap-count scenario, shared by {@link ContendedSwapCountsLinearizabilityTest}
 * (the real allocator) and {@link UnlockedDupLincheckDemoTest} (the planted {@code Fault.UNLOCKED_DUP}):
 * every operation names one of two fixed slots of one cluster, so concurrent {@code dup}, {@code put},
 * {@code cacheAdd} and {@code cacheDel} meet on slot A in most scenarios, and the pinned races of
 * {@link #options} meet there in every run.
 *
 * <p>Thread safety: Lincheck calls the operations of one instance from several threads; the instance holds
 * only the allocator under test, whose locks are what is checked.
 *
 * <p>Device: 4 slots in one cluster (slot 0 is the header, so the cluster keeps its metadata for life). The
 * setup, the same on the allocator and on {@link Spec}, allocates two order-0 slots: A gets swap count 2 and
 * stays in the swap cache (two page tables and the swap cache hold it), so {@code dup}, {@code put},
 * {@code cacheAdd} and {@code cacheDel} are all legal at first; B gets count 1 without the swap cache, so
 * its {@code put} frees it under the device lock, inside the cluster that A's steps lock. Misuse (a
 * {@code put} at count 0, any call but {@code cacheAdd} on a freed slot) becomes {@link Outcomes#MISUSE} on
 * both sides, so rejected calls are compared as well.
 */
public abstract class ContendedSwapCounts {
    static final Geometry DEVICE = Geometry.builder(4).clusterSlots(4).build();

    private final BuddyAllocator allocator;
    private final long a;
    private final long b;

    protected ContendedSwapCounts(final BuddyAllocator allocator) {
        this.allocator = allocator;
        this.a = allocator.allocate(0);
        allocator.dup(a);
        allocator.dup(a);
        this.b = allocator.allocate(0);
        allocator.dup(b);
        allocator.cacheDel(b);
    }

    @Operation
    public String dupA() {
        return Outcomes.of(() -> allocator.dup(a));
    }

    @Operation
    public String putA() {
        return Outcomes.of(() -> allocator.put(a));
    }

    @Operation
    public String cacheAddA() {
        return Outcomes.of(() -> allocator.cacheAdd(a));
    }

    @Operation
    public String cacheDelA() {
        return Outcomes.of(() -> allocator.cacheDel(a));
    }

    @Operation
    public long countA() {
        return allocator.countOf(a);
    }

    @Operation
    public boolean cachedA() {
        return allocator.isCached(a);
    }

    @Operation
    public String dupB() {
        return Outcomes.of(() -> allocator.dup(b));
    }

    @Operation
    public String putB() {
        return Outcomes.of(() -> allocator.put(b));
    }

    /**
     * Model checking of 2 threads, 3 operations each, 1 before and 2 after, plus four pinned races that every
     * run checks first, whatever the random scenarios are: {@code dupA} against {@code putA}, against
     * {@code dupA}, against {@code cacheDelA} and (after a {@code cacheDelA}) against {@code cacheAddA}, each
     * followed by {@code countA} and {@code cachedA}. A lost update of A's state byte changes one of those two
     * reads. {@code -Dlincheck.iterations=N} and {@code -Dlincheck.invocations=N} raise the random scenarios
     * and the interleavings per scenario for a soak.
     *
     * @param test the test class whose operations the pinned races call
     * @return the options
     */
    static ModelCheckingOptions options(final Class<? extends ContendedSwapCounts> test) {
        final ModelCheckingOptions options = new ModelCheckingOptions()
                .iterations(Integer.getInteger("lincheck.iterations", 12))
                .invocationsPerIteration(Integer.getInteger("lincheck.invocations", 100))
                .threads(2)
                .actorsPerThread(3)
                .actorsBefore(1)
                .actorsAfter(2)
                .sequentialSpecification(Spec.class);
        for (final String other : List.of("putA", "dupA", "cacheDelA")) {
            options.addCustomScenario(race(test, List.of(), other));
        }
        options.addCustomScenario(race(test, List.of("cacheDelA"), "cacheAddA"));
        return options;
    }

    /** A pinned race: {@code init}, then {@code dupA} against {@code other}, then {@code countA}, {@code cachedA}. */
    private static ExecutionScenario race(final Class<?> test, final List<String> init, final String other) {
        return new ExecutionScenario(actors(test, init),
                List.of(actors(test, List.of("dupA")), actors(test, List.of(other))),
                actors(test, List.of("countA", "cachedA")), null);
    }

    private static List<Actor> actors(final Class<?> test, final List<String> names) {
        final List<Actor> actors = new ArrayList<>();
        for (final String name : names) {
            try {
                final Method m = test.getMethod(name);
                actors.add(new Actor(m, List.of()));
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException("operation: " + name + " (expected: one of "
                        + ContendedSwapCounts.class.getSimpleName() + "'s operations)", e);
            }
        }
        return actors;
    }

    /**
     * The sequential specification: {@link SwapSpaceModel} with the same setup and operation signatures.
     *
     * <p>Thread safety: not thread-safe; Lincheck runs it on one thread.
     */
    public static class Spec {
        private final SwapSpaceModel model = new SwapSpaceModel(DEVICE);
        private final long a;
        private final long b;

        public Spec() {
            a = model.allocate(0);
            model.dup(a);
            model.dup(a);
            b = model.allocate(0);
            model.dup(b);
            model.cacheDel(b);
        }

        public String dupA() {
            return Outcomes.of(() -> model.dup(a));
        }

        public String putA() {
            return Outcomes.of(() -> model.put(a));
        }

        public String cacheAddA() {
            return Outcomes.of(() -> model.cacheAdd(a));
        }

        public String cacheDelA() {
            return Outcomes.of(() -> model.cacheDel(a));
        }

        public long countA() {
            return model.swapCount(a);
        }

        public boolean cachedA() {
            return model.cached(a);
        }

        public String dupB() {
            return Outcomes.of(() -> model.dup(b));
        }

        public String putB() {
            return Outcomes.of(() -> model.put(b));
        }
    }
}

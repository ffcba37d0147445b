package dev.swaplayer.simulator;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.FolioPolicy;
import dev.swaplayer.kernel.ClusterAllocator;
import dev.swaplayer.kernel.LegacyAllocator;
import dev.swaplayer.kernel.PerCpuAllocator;
import dev.swaplayer.spec.Geometry;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * The policies the simulator compares, by name.
 *
 * <p>Thread safety: stateless.
 *
 * <table>
 *   <caption>Policies</caption>
 *   <tr><th>name</th><th>allocator</th><th>large folio without a contiguous run</th></tr>
 *   <tr><td>legacy</td><td>{@link LegacyAllocator}: kernel 6.10, per-CPU per-order clusters from the free
 *       list only</td><td>split (the kernel)</td></tr>
 *   <tr><td>cluster</td><td>{@link ClusterAllocator}: kernel 6.12+, per-order nonfull / frag lists</td>
 *       <td>split (the kernel)</td></tr>
 *   <tr><td>buddy</td><td>{@link BuddyAllocator}, contiguous only</td><td>split</td></tr>
 *   <tr><td>compound</td><td>{@link BuddyAllocator}</td><td>a compound descriptor while at least 2^k slots are
 *       free</td></tr>
 * </table>
 * The kernel models keep per-CPU hints and follow {@code --cpus}; the buddy allocator has no per-CPU state.
 */
public final class Policies {
    /** Every policy name, in report order: the kernel baselines first. */
    public static final List<String> ALL = List.of("legacy", "cluster", "buddy", "compound");
    /** The device type the simulator gives its one device. */
    public static final int DEVICE_TYPE = 0;

    private Policies() {
    }

    /**
     * Resolves a {@code --policy} value.
     *
     * @param value a policy name, a comma-separated list of them, or {@code all}
     * @return the policy names, in the order given (all: report order), each once
     * @throws IllegalArgumentException for an unknown name
     */
    public static List<String> resolve(final String value) {
        if (value.equals("all")) {
            return ALL;
        }
        final LinkedHashSet<String> names = new LinkedHashSet<>();
        for (final String n : value.split(",", -1)) {
            check(n.strip());
            names.add(n.strip());
        }
        return List.copyOf(names);
    }

    /**
     * Builds a policy on an empty device.
     *
     * @param name one of {@link #ALL}
     * @param geometry the device
     * @param cpus simulated CPUs, 1..
     * @return the policy
     * @throws IllegalArgumentException for an unknown name, or a device the allocator rejects
     */
    public static Policy create(final String name, final Geometry geometry, final int cpus) {
        check(name);
        return switch (name) {
            case "legacy" -> kernel(name, new LegacyAllocator(DEVICE_TYPE, geometry, cpus));
            case "cluster" -> kernel(name, new ClusterAllocator(DEVICE_TYPE, geometry, cpus));
            case "buddy" -> new Policy(name, new BuddyAllocator(DEVICE_TYPE, geometry), FolioPolicy.SPLIT, cpus, null);
            case "compound" -> new Policy(name, new BuddyAllocator(DEVICE_TYPE, geometry), FolioPolicy.COMPOUND, cpus,
                    null);
            default -> throw new AssertionError("policy " + name + " passed check() but has no constructor");
        };
    }

    /** A kernel model: the kernel splits a large folio that finds no run, and keeps per-CPU hints. */
    private static Policy kernel(final String name, final PerCpuAllocator allocator) {
        return new Policy(name, allocator, FolioPolicy.SPLIT, allocator.cpus(), allocator::setCpu);
    }

    private static void check(final String name) {
        if (!ALL.contains(name)) {
            throw new IllegalArgumentException("--policy: " + name + " (expected: " + String.join(", ", ALL)
                    + " or all)");
        }
    }
}

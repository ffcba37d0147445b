package dev.swaplayer.kernel;

import static dev.swaplayer.kernel.KernelFixtures.alloc;
import static dev.swaplayer.kernel.KernelFixtures.entry;
import static dev.swaplayer.kernel.KernelFixtures.fingerprint;
import static dev.swaplayer.kernel.KernelFixtures.small;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.kernel.KernelFixtures.Model;
import dev.swaplayer.spec.Geometry;
import java.util.ArrayList;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Caller misuse is rejected with the project's message shape and changes nothing; runs are deterministic.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own models; the CPUs it switches between with
 * {@code setCpu} are the model's, not threads.
 */
class KernelMisuseTest {

    /** A device with some slots in use on both CPUs, a cache-only run at 64, and a bad slot at 40. */
    private static KernelModel busy(final Model model) {
        final KernelModel a = model.create(Geometry.builder(256).clusterSlots(64).badSlots(40).build(), 2);
        alloc(a, 4);
        alloc(a, 0);
        a.setCpu(1);
        alloc(a, 2);
        a.setCacheOnly(entry(64), 16, true);
        return a;
    }

    private static <T extends Throwable> void rejects(final KernelModel a, final Class<T> type,
            final String message, final Executable call) {
        final String before = fingerprint(a);
        final T e = assertThrows(type, call);
        assertEquals(message, e.getMessage());
        assertEquals(before, fingerprint(a), "a rejected call changed the allocator");
        a.checkConsistency();
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void badOrders(final Model model) {
        final KernelModel a = busy(model);
        rejects(a, IllegalArgumentException.class, "order: -1 (expected: 0..6)", () -> a.allocate(-1));
        rejects(a, IllegalArgumentException.class, "order: 7 (expected: 0..6)", () -> a.allocate(7));
        rejects(a, IllegalArgumentException.class, "order: 7 (expected: 0..6)", () -> a.hint(0, 7));
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void badFrees(final Model model) {
        final KernelModel a = busy(model);
        rejects(a, IllegalStateException.class, "slot 5: free (expected: in use)", () -> a.free(entry(5), 1));
        rejects(a, IllegalStateException.class, "slot 40: reserved (bad slot) (expected: in use)",
                () -> a.free(entry(40), 1));
        rejects(a, IllegalStateException.class, "slot 80: free (expected: in use)", () -> a.free(entry(79), 2));
        rejects(a, IllegalArgumentException.class, "entry type: 1 (expected: 0, this device)",
                () -> a.free(SwapEntry.of(1, 64), 1));
        rejects(a, IllegalArgumentException.class, "slot: 0 (expected: 1..255)", () -> a.free(SwapEntry.NONE, 1));
        rejects(a, IllegalArgumentException.class, "nrSlots: 2 (expected: 1..1)", () -> a.free(entry(255), 2));
        rejects(a, IllegalArgumentException.class, "nrSlots: 0 (expected: 1..192)", () -> a.free(entry(64), 0));
        rejects(a, IllegalArgumentException.class,
                "entry: cswp(0:#3) (expected: a slot entry, not a compound handle)",
                () -> a.free(SwapEntry.compound(0, 3), 1));
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void doubleFree(final Model model) {
        final KernelModel a = busy(model);
        a.free(entry(128), 1);
        rejects(a, IllegalStateException.class, "slot 128: free (expected: in use)", () -> a.free(entry(128), 1));
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void badCpusAndCacheMarks(final Model model) {
        final KernelModel a = busy(model);
        rejects(a, IllegalArgumentException.class, "cpu: 2 (expected: 0..1)", () -> a.setCpu(2));
        rejects(a, IllegalArgumentException.class, "cpu: -1 (expected: 0..1)", () -> a.hint(-1, 0));
        rejects(a, IllegalArgumentException.class, "nrSlots: 3 (expected: a power of two)",
                () -> a.setCacheOnly(entry(64), 3, true));
        rejects(a, IllegalArgumentException.class, "slot: 66 (expected: aligned to nrSlots 4, as a folio's run is)",
                () -> a.setCacheOnly(entry(66), 4, true));
        rejects(a, IllegalArgumentException.class, "nrSlots: 128 (expected: 1..64)",
                () -> a.setCacheOnly(entry(128), 128, true));
        rejects(a, IllegalStateException.class, "slot 96: free (expected: in use)",
                () -> a.setCacheOnly(entry(96), 8, true));
        rejects(a, IllegalStateException.class, "slot 80: free (expected: in use)",
                () -> a.setCacheOnly(entry(79), 2, false));
        rejects(a, IllegalArgumentException.class, "cluster: 4 (expected: 0..3)", () -> a.describeCluster(4));
    }

    @Test
    void badConstruction() {
        final Geometry g = small();
        assertEquals("cpus: 0 (expected: 1..8192)",
                assertThrows(IllegalArgumentException.class, () -> new ClusterAllocator(0, g, 0)).getMessage());
        assertEquals("type: 32 (expected: 0..31)",
                assertThrows(IllegalArgumentException.class, () -> new LegacyAllocator(32, g, 1)).getMessage());
        assertEquals("geometry: null (expected: a geometry)",
                assertThrows(IllegalArgumentException.class, () -> new LegacyAllocator(0, null, 1)).getMessage());
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void badSlotsAndTheDeviceTailAreNeverAllocated(final Model model) {
        final Geometry g = Geometry.builder(250).clusterSlots(64).badSlots(3, 70, 140).build();
        final KernelModel a = model.create(g, 1);
        assertEquals(246, a.freeSlots());
        long got = 0;
        for (int order = 6; order >= 0; order--) {
            long e;
            while ((e = a.allocate(order)) != SwapEntry.NONE) {
                final long s = SwapEntry.offset(e);
                for (long x = s; x < s + (1 << order); x++) {
                    assertEquals(false, g.isReserved(x), "reserved slot " + x + " allocated");
                }
                got += 1 << order;
            }
        }
        assertEquals(246, got, "every usable slot, and only those");
        a.checkConsistency();
    }

    @ParameterizedTest
    @EnumSource(Model.class)
    void identicalCallsGiveIdenticalRuns(final Model model) {
        final long[] first = run(model);
        assertArrayEquals(first, run(model));
    }

    private static long[] run(final Model model) {
        final KernelModel a = model.create(Geometry.builder(4096).build(), 4);
        final Random r = new Random(7);
        final long[] out = new long[2000];
        final ArrayList<long[]> live = new ArrayList<>();
        for (int i = 0; i < out.length; i++) {
            a.setCpu(r.nextInt(4));
            if (live.isEmpty() || r.nextInt(3) > 0) {
                final int order = r.nextBoolean() ? 0 : 4;
                out[i] = a.allocate(order);
                if (out[i] != SwapEntry.NONE) {
                    live.add(new long[] {SwapEntry.offset(out[i]), 1 << order});
                }
            } else {
                final long[] run = live.remove(r.nextInt(live.size()));
                a.free(entry(run[0]), run[1]);
                out[i] = -a.freeSlots();
            }
        }
        return out;
    }
}

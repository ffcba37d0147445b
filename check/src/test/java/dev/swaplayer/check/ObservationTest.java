package dev.swaplayer.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.Snapshot;
import dev.swaplayer.spec.SwapSpaceModel;
import dev.swaplayer.spec.SwapSpaceView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The explorer's observations agree with the snapshots they stand for: two observations are equal exactly
 * when the two snapshots have no first difference, and two keys are equal exactly when the two canonical
 * keys are, on the states of seeded random walks (the specification's and the implementation's, and
 * deliberately different pairs), so that the explorer checks and counts the same states as with snapshots.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own walks; the geometries are immutable.
 */
class ObservationTest {
    private static final Geometry G = Geometry.builder(16).clusterSlots(4).maxOrder(2).build();
    private static final Geometry ODD = Geometry.builder(14).clusterSlots(4).maxOrder(2).aligned(false).badSlots(6)
            .build();

    /** The states of a walk: every view it passed through, the specification's and the implementation's. */
    private static List<SwapSpaceView> walk(final Geometry g, final long seed, final int steps) {
        final List<Op> ops = Op.alphabet(g, Explorer.MAX_DESCRIPTORS);
        final Random random = new Random(seed);
        SwapSpaceModel model = new SwapSpaceModel(g);
        BuddyAllocator impl = new BuddyAllocator(0, g);
        final List<SwapSpaceView> out = new ArrayList<>();
        for (int i = 0; i < steps; i++) {
            final Op op = ops.get(random.nextInt(ops.size()));
            if (!op.applicable(model, 3)) {
                continue;
            }
            model = model.copy();
            impl = impl.copy();
            op.onSpec(model);
            op.onImpl(impl);
            out.add(model);
            out.add(impl.view());
        }
        return out;
    }

    private static List<SwapSpaceView> states(final Geometry g) {
        final List<SwapSpaceView> all = new ArrayList<>();
        for (long seed = 1; seed <= 150; seed++) {
            all.addAll(walk(g, seed, 80));
        }
        return all;
    }

    @Test
    void observationsAreEqualExactlyWhenSnapshotsHaveNoDifference() {
        for (final Geometry g : List.of(G, ODD)) {
            final List<SwapSpaceView> all = states(g);
            final Observation a = new Observation(g);
            final Observation b = new Observation(g);
            int equal = 0;
            int different = 0;
            for (int i = 0; i + 1 < all.size(); i++) {
                // each state against the next (the implementation of the same state, or the next state) and
                // against one far away
                for (final int j : new int[] {i + 1, (i * 7919) % all.size()}) {
                    final boolean same = a.read(all.get(i)).sameAs(b.read(all.get(j)));
                    final String diff = Snapshot.of(all.get(i)).firstDifference(Snapshot.of(all.get(j)));
                    assertEquals(diff == null, same, i + " vs " + j + ": " + diff);
                    equal += same ? 1 : 0;
                    different += same ? 0 : 1;
                }
            }
            assertTrue(equal > 100 && different > 100, g + ": " + equal + " equal, " + different + " different");
        }
    }

    @Test
    void keysAreEqualExactlyWhenCanonicalKeysAre() {
        for (final Geometry g : List.of(G, ODD)) {
            final Map<String, String> byCanonical = new HashMap<>();
            final Map<String, String> byKey = new HashMap<>();
            final Observation o = new Observation(g);
            int withDescriptors = 0;
            for (final SwapSpaceView v : states(g)) {
                final Snapshot s = Snapshot.of(v);
                final String canonical = s.canonicalKey();
                final String key = HexFormat.of().formatHex(o.read(v).key());
                assertEquals(byCanonical.computeIfAbsent(canonical, k -> key), key, canonical);
                assertEquals(byKey.computeIfAbsent(key, k -> canonical), canonical, key);
                withDescriptors += s.descriptors().isEmpty() ? 0 : 1;
            }
            assertTrue(byKey.size() > 100, g + ": only " + byKey.size() + " distinct states");
            assertTrue(withDescriptors > 0, g + ": no state with a compound descriptor");
        }
    }
}

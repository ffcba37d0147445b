package dev.swaplayer.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The run operations on a cluster's state bytes that a free uses ({@link Cluster#allInUse}, eight bytes per word,
 * and {@link Cluster#clearStates}, one fill while no count is extended) against the same slot by slot.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own clusters.
 */
class ClusterStateRunsTest {
    private static final int ORDER = 9;
    private static final int SLOTS = 1 << ORDER;

    private static Cluster cluster() {
        return new Cluster(0, ClusterFreeBlocks.headLayout(ORDER, ORDER), ORDER, ORDER, 4, Fault.NONE);
    }

    /** Gives slot i one of the states an in-use slot can have: cached only, counts 1, 126, 127 (extended), 1000. */
    private static void setInUse(final Cluster cl, final int i, final int kind) {
        switch (kind) {
            case 0 -> cl.markAllocated(i); // 0x80: only the cache bit, whose byte has its top bit set
            case 1 -> cl.setCount(i, 1); // 0x01: the byte a word's borrow test subtracts exactly
            case 2 -> cl.setCount(i, Cluster.COUNT_EXTENDED - 1);
            case 3 -> cl.setCount(i, Cluster.COUNT_EXTENDED); // the extend table's first count
            default -> {
                cl.setCount(i, 1000);
                cl.setCached(i, true); // 0xff
            }
        }
    }

    private static boolean slotBySlot(final Cluster cl, final int idx, final int len) {
        for (int i = idx; i < idx + len; i++) {
            if (!cl.inUse(i)) {
                return false;
            }
        }
        return true;
    }

    @Test
    void allInUseAgreesWithEachSlotsStateByte() {
        final SplittableRandom random = new SplittableRandom(20_261_205L);
        for (int trial = 0; trial < 300; trial++) {
            final Cluster cl = cluster();
            final double use = new double[] {0.5, 0.97, 1.0}[trial % 3];
            for (int i = 0; i < SLOTS; i++) {
                if (random.nextDouble() < use) {
                    setInUse(cl, i, random.nextInt(5));
                }
            }
            for (int k = 0; k < 50; k++) {
                final int idx = random.nextInt(SLOTS);
                final int len = 1 + random.nextInt(Math.min(SLOTS - idx, k % 2 == 0 ? 20 : SLOTS));
                assertEquals(slotBySlot(cl, idx, len), cl.allInUse(idx, len), "trial " + trial + ": " + idx + "+"
                        + len);
            }
        }
    }

    @Test
    void oneFreeSlotAnywhereInAnAlignedRunIsSeen() {
        // every position of a run of 24 (a word, a word, then a tail) and every neighbouring state: the word test's
        // borrow from a zero byte runs into the bytes above it, never below
        for (int kind = 0; kind < 5; kind++) {
            for (int free = 0; free < 24; free++) {
                final Cluster cl = cluster();
                for (int i = 8; i < 32; i++) {
                    if (i != 8 + free) {
                        setInUse(cl, i, kind);
                    }
                }
                assertFalse(cl.allInUse(8, 24), "kind " + kind + ", free slot " + (8 + free));
                assertTrue(cl.allInUse(8, free) || free == 0, "the run below the free slot");
                assertTrue(free == 23 || cl.allInUse(9 + free, 23 - free), "the run above the free slot");
            }
        }
    }

    @Test
    void clearStatesClearsTheRunAndItsExtendEntriesOnly() {
        final Cluster cl = cluster();
        for (int i = 0; i < 64; i++) {
            setInUse(cl, i, i % 5);
        }
        final int extendedBefore = cl.extendedEntries();
        int extendedInRun = 0;
        for (int i = 16; i < 32; i++) {
            extendedInRun += (cl.count(i) >= Cluster.COUNT_EXTENDED) ? 1 : 0;
        }
        assertTrue(extendedInRun > 0, "the run holds extended counts");
        cl.clearStates(16, 16);
        assertEquals(extendedBefore - extendedInRun, cl.extendedEntries());
        for (int i = 0; i < 64; i++) {
            assertEquals(i < 16 || i >= 32, cl.inUse(i), "slot " + i);
        }
        final Cluster plain = cluster(); // no extend table: the fill
        for (int i = 0; i < 64; i++) {
            plain.markAllocated(i);
        }
        plain.clearStates(8, 40);
        for (int i = 0; i < 64; i++) {
            assertEquals(i < 8 || i >= 48, plain.inUse(i), "slot " + i);
        }
    }

    @Test
    void markAllocatedOfARunMarksEachSlotAsTheSlotByOneDoes() {
        for (final int len : new int[] {1, 7, 8, 16, 64}) {
            final Cluster run = cluster();
            final Cluster each = cluster();
            run.markAllocated(64, len);
            for (int i = 64; i < 64 + len; i++) {
                each.markAllocated(i);
            }
            for (int i = 0; i < SLOTS; i++) {
                assertEquals(each.inUse(i), run.inUse(i), len + ": slot " + i);
                assertEquals(each.isCached(i), run.isCached(i), len + ": slot " + i);
                assertEquals(each.count(i), run.count(i), len + ": slot " + i);
            }
            assertEquals(len, IntStream.range(0, SLOTS).filter(run::inUse).count());
        }
        final Cluster cl = cluster();
        cl.setCount(70, 3);
        final AssertionError e = assertThrows(AssertionError.class,
                () -> cl.markAllocated(64, 16));
        assertTrue(e.getMessage().contains("run 64+16 allocated with a slot in use"), e.getMessage());
    }

    @Test
    void pageOwnersAreSeenWhileOneIsLeft() {
        final Cluster cl = cluster();
        assertFalse(cl.hasPageOwners());
        final CompoundDescriptor d = new CompoundDescriptor(1, 1, new long[] {0}, new int[] {2});
        cl.setOwner(0, d);
        cl.setOwner(1, d);
        assertTrue(cl.hasPageOwners());
        cl.takeOwner(0);
        assertTrue(cl.hasPageOwners(), "one page left");
        cl.takeOwner(1);
        assertFalse(cl.hasPageOwners());
    }
}

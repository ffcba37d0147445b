package dev.swaplayer.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Fragmentation;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.Legality;
import dev.swaplayer.spec.SwapSpaceModel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The contract of {@link SlotAllocator} as JUnit 5 tests: subclass it, implement {@link #create}, and every
 * test runs against your allocator (the way JCTools' {@code QueueSanityTest} serves outside queues). The
 * placement is yours: each run is only held to {@link Legality}, the rules every allocator keeps.
 *
 * <p>Thread safety: JUnit runs each test on a fresh instance; nothing is shared.
 *
 * <p>The tests run on one device ({@link #geometry}); override it in another subclass to hold your allocator to
 * other shapes (a partial last cluster, a minimum order, unaligned placement, small clusters and orders, no bad
 * slot): each test sizes its runs from the geometry (an order above maxOrder is taken as maxOrder, a run as
 * {@code 2^max(order, minOrder)} slots). {@link VerifyAssertions#assertVerifies} runs verify's checks instead, on
 * their own devices of those shapes.
 *
 * <pre>{@code
 * class MyAllocatorContractTest extends SlotAllocatorContract {
 *     protected SlotAllocator create(int type, Geometry geometry) {
 *         return new MyAllocator(type, geometry);
 *     }
 * }
 * }</pre>
 */
public abstract class SlotAllocatorContract {
    /**
     * The device type the contract gives its devices: not 0, so that a type mix-up shows (the rejection of another
     * device's entry is also tried on a device of type 0, where a type test written as a mask lets every type through).
     */
    protected static final int TYPE = 5;

    /**
     * Creates the allocator under test.
     *
     * @param type the device type
     * @param geometry the device
     * @return a fresh allocator of an empty device
     */
    protected abstract SlotAllocator create(int type, Geometry geometry);

    /** Returns the device the tests use: 1,024 slots in 64-slot clusters, orders 0..4, one bad slot. */
    protected Geometry geometry() {
        return Geometry.builder(1024).clusterSlots(64).maxOrder(4).badSlots(100).build();
    }

    /** Returns {@code order}, or maxOrder when that is lower: the largest order up to it that the device serves. */
    protected final int orderUpTo(final int order) {
        return Math.min(order, geometry().maxOrder());
    }

    /** Returns how many slots an allocation of {@code order} takes on the device: {@code 2^max(order, minOrder)}. */
    protected final long runOf(final int order) {
        return 1L << geometry().effectiveOrder(order);
    }

    /** Returns the device's first bad slot (a reserved slot past the header), or -1 when it has none. */
    protected final long badSlot() {
        return Arrays.stream(geometry().badSlots()).min().orElse(-1);
    }

    private SlotAllocator fresh() {
        final SlotAllocator a = create(TYPE, geometry());
        assertEquals(TYPE, a.type(), "type()");
        assertEquals(geometry(), a.geometry(), "geometry()");
        return a;
    }

    /**
     * Allocates and applies the choice to the model, failing the test when it is not legal.
     *
     * @param a the allocator
     * @param m the model beside it
     * @param order the order
     * @return the first slot, or 0 for NONE
     */
    static long allocate(final SlotAllocator a, final SwapSpaceModel m, final int order) {
        final long e = a.allocate(order);
        if (e == SlotAllocator.NONE) {
            return 0;
        }
        assertEquals(TYPE, SwapEntry.type(e), () -> "type of " + SwapEntry.toString(e));
        final long first = SwapEntry.offset(e);
        final String why = Legality.illegalRun(m, first, order);
        assertNull(why, () -> "allocate(" + order + ") = " + first + ": " + why);
        m.allocateAt(first, order);
        return first;
    }

    /** Compares the counters and the fragmentation view with the model. */
    static void agree(final SlotAllocator a, final SwapSpaceModel m) {
        assertEquals(m.freeSlots(), a.freeSlots(), "freeSlots()");
        assertEquals(m.usedSlots(), a.usedSlots(), "usedSlots()");
        assertEquals(m.fragmentation(), a.fragmentation(), "fragmentation()");
    }

    /** Asserts that a call is rejected and changes nothing observable. */
    static void rejected(final SlotAllocator a, final SwapSpaceModel m, final String what, final Executable call) {
        final Throwable thrown = thrownBy(call);
        if (thrown == null) {
            fail(what + " was accepted (expected: IllegalArgumentException or IllegalStateException)");
        }
        if (!(thrown instanceof IllegalArgumentException || thrown instanceof IllegalStateException)) {
            fail(what + " threw " + thrown + " (expected: IllegalArgumentException or IllegalStateException)", thrown);
        }
        agree(a, m);
    }

    /** Returns what {@code call} threw, or null when it returned: a caller's own assertion is never caught. */
    static Throwable thrownBy(final Executable call) {
        try {
            call.execute();
            return null;
        } catch (Throwable t) { // whatever the allocator threw, to be judged by the caller
            return t;
        }
    }

    @Test
    void anEmptyDeviceHasEveryUnreservedSlotFree() {
        final SlotAllocator a = fresh();
        final SwapSpaceModel m = new SwapSpaceModel(geometry());
        agree(a, m);
        assertEquals(Fragmentation.of(geometry(), s -> !geometry().isReserved(s)), a.fragmentation());
    }

    @Test
    void everyOrderGetsALegalRunOfItsDevice() {
        final SlotAllocator a = fresh();
        final SwapSpaceModel m = new SwapSpaceModel(geometry());
        for (int k = 0; k <= geometry().maxOrder(); k++) {
            assertNotEquals(0, allocate(a, m, k), "an empty device serves order " + k);
            agree(a, m);
        }
    }

    @Test
    void freeingEveryRunRestoresTheEmptyDevice() {
        final SlotAllocator a = fresh();
        final SwapSpaceModel m = new SwapSpaceModel(geometry());
        final List<long[]> runs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            final int k = i % (geometry().maxOrder() + 1);
            final long s = allocate(a, m, k);
            if (s != 0) { // a small device may be full
                runs.add(new long[] {s, runOf(k)});
            }
        }
        assertTrue(runs.size() > 0, "an empty device serves order 0");
        for (final long[] r : runs) {
            a.free(SwapEntry.of(TYPE, r[0]), r[1]);
            m.free(r[0], r[1]);
            agree(a, m);
        }
        agree(a, new SwapSpaceModel(geometry()));
    }

    @Test
    void partOfARunCanBeFreed() {
        final SlotAllocator a = fresh();
        final SwapSpaceModel m = new SwapSpaceModel(geometry());
        final int k = orderUpTo(3);
        final long s = allocate(a, m, k);
        assertNotEquals(0, s, "an empty device serves order " + k);
        final long n = runOf(k);
        final long middle = n / 4; // the run in three pieces: its middle first, then what is left on each side
        final long length = n - 2 * middle;
        final long[][] pieces = n == 2 ? new long[][] {{1, 1}, {0, 1}}
                : new long[][] {{middle, length}, {0, middle}, {middle + length, middle}};
        for (final long[] piece : pieces) {
            if (piece[1] > 0) {
                a.free(SwapEntry.of(TYPE, s + piece[0]), piece[1]);
                m.free(s + piece[0], piece[1]);
                agree(a, m);
            }
        }
        agree(a, new SwapSpaceModel(geometry()));
    }

    @Test
    void aDoubleFreeIsRejectedAndChangesNothing() {
        final SlotAllocator a = fresh();
        final SwapSpaceModel m = new SwapSpaceModel(geometry());
        final int k = orderUpTo(1);
        final long n = runOf(k);
        final long s = allocate(a, m, k);
        a.free(SwapEntry.of(TYPE, s), n);
        m.free(s, n);
        rejected(a, m, "a double free", () -> a.free(SwapEntry.of(TYPE, s), n));
        final int j = orderUpTo(2);
        final long t = allocate(a, m, j);
        final long half = runOf(j) / 2;
        if (half > 0) { // from the run's second half on, as long again: past its end into slots not in use
            rejected(a, m, "a free of a run that is half free", () -> a.free(SwapEntry.of(TYPE, t + half),
                    2 * half));
        }
    }

    @Test
    void reservedAndOutOfRangeSlotsAreRejected() {
        final SlotAllocator a = fresh();
        final SwapSpaceModel m = new SwapSpaceModel(geometry());
        allocate(a, m, 0);
        rejected(a, m, "a free of the header", () -> a.free(SwapEntry.of(TYPE, 0), 1));
        final long bad = badSlot();
        if (bad > 0) {
            rejected(a, m, "a free of a bad slot", () -> a.free(SwapEntry.of(TYPE, bad), 1));
        }
        rejected(a, m, "a free past the end", () -> a.free(SwapEntry.of(TYPE, geometry().totalSlots() - 1), 2));
        rejected(a, m, "allocate(maxOrder + 1)", () -> a.allocate(geometry().maxOrder() + 1));
        rejected(a, m, "allocate(-1)", () -> a.allocate(-1));
    }

    @Test
    void anEntryOfAnotherDeviceIsRejected() {
        final SlotAllocator a = fresh();
        final SwapSpaceModel m = new SwapSpaceModel(geometry());
        final long s = allocate(a, m, 0);
        rejected(a, m, "a free through another device's entry", () -> a.free(SwapEntry.of(TYPE + 1, s), 1));
        final SlotAllocator first = create(0, geometry()); // a type test written as a mask lets any type through on 0
        final SwapSpaceModel m0 = new SwapSpaceModel(geometry());
        final long e = first.allocate(0);
        assertEquals(0, SwapEntry.type(e), () -> "type of " + SwapEntry.toString(e) + " on a device of type 0");
        m0.allocateAt(SwapEntry.offset(e), 0);
        rejected(first, m0, "a free through another device's entry on a device of type 0",
                () -> first.free(SwapEntry.of(1, SwapEntry.offset(e)), 1));
    }

    @Test
    void aFullDeviceAnswersNoneAndRecovers() {
        final SlotAllocator a = fresh();
        final SwapSpaceModel m = new SwapSpaceModel(geometry());
        long last = 0;
        long count = 0;
        for (long s = allocate(a, m, 0); s != 0; s = allocate(a, m, 0)) {
            last = s;
            count++;
        }
        assertTrue(count > 0);
        agree(a, m);
        a.free(SwapEntry.of(TYPE, last), runOf(0)); // the whole run: below minOrder a single slot is not enough
        m.free(last, runOf(0));
        assertNotEquals(0, allocate(a, m, 0), "a freed slot is served again");
        agree(a, m);
    }
}

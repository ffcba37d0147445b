package dev.swaplayer.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.ForwardingSlotAllocator;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.SwapSpaceModel;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * What a user reads when the contract's rejection check fails: the call named once, and an unexpected exception
 * kept as the cause, so that its stack points at the allocator's line; and a rejection that only a device of type 0
 * shows.
 *
 * <p>Thread safety: JUnit runs it on one thread.
 */
class ContractMessagesTest {
    private static final Geometry G = Geometry.builder(64).clusterSlots(16).maxOrder(2).build();

    @Test
    void anAcceptedCallIsNamedOnce() {
        final SlotAllocator a = new BuddyAllocator(5, G);
        final AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> SlotAllocatorContract.rejected(a, new SwapSpaceModel(G), "a free of nothing", () -> { }));
        assertEquals("a free of nothing was accepted (expected: IllegalArgumentException or IllegalStateException)",
                e.getMessage());
    }

    /** A type test written as a mask passes on type 5 and lets every type through on type 0: the contract tries 0. */
    @Test
    void aTypeTestWrittenAsAMask_failsTheContractOnADeviceOfType0() {
        final SlotAllocatorContract contract = new SlotAllocatorContract() {
            @Override
            protected SlotAllocator create(final int type, final Geometry geometry) {
                return new ForwardingSlotAllocator<>(new BuddyAllocator(type, geometry)) {
                    @Override
                    public void free(final long entry, final long nrSlots) {
                        if ((SwapEntry.type(entry) & type()) != type()) { // planted: the mask
                            throw new IllegalArgumentException("entry: " + SwapEntry.toString(entry));
                        }
                        delegate().free(SwapEntry.of(type(), SwapEntry.offset(entry)), nrSlots);
                    }
                };
            }
        };
        final AssertionFailedError e = assertThrows(AssertionFailedError.class,
                contract::anEntryOfAnotherDeviceIsRejected);
        assertEquals("a free through another device's entry on a device of type 0 was accepted (expected:"
                + " IllegalArgumentException or IllegalStateException)", e.getMessage());
    }

    @Test
    void anotherExceptionIsTheFailuresCause() {
        final SlotAllocator a = new BuddyAllocator(5, G);
        final ArithmeticException thrown = new ArithmeticException("/ by zero");
        final AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> SlotAllocatorContract.rejected(a, new SwapSpaceModel(G), "a free", () -> {
                    throw thrown;
                }));
        assertEquals("a free threw java.lang.ArithmeticException: / by zero (expected: IllegalArgumentException or"
                + " IllegalStateException)", e.getMessage());
        assertSame(thrown, e.getCause());
    }
}

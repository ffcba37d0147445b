package dev.swaplayer.allocator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.SwapResult;
import dev.swaplayer.spec.SwapSpaceModel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Each {@link SwapCountCall} reaches the method it names, on an allocator and on the model: the same sequence of
 * calls on a slot as allocated answers the kernel's sequence (fork, swap cache dropped, two unmaps) on both.
 *
 * <p>Thread safety: JUnit runs it on one thread.
 */
class SwapCountCallTest {
    private static final Geometry G = Geometry.builder(64).clusterSlots(16).maxOrder(2).build();
    private static final List<SwapCountCall> CALLS = List.of(SwapCountCall.DUP, SwapCountCall.CACHE_ADD,
            SwapCountCall.DUP, SwapCountCall.CACHE_DEL, SwapCountCall.PUT, SwapCountCall.PUT, SwapCountCall.CACHE_ADD);
    private static final List<Object> ANSWERS = List.of(SwapResult.OK, SwapResult.ALREADY_CACHED, SwapResult.OK,
            false, false, true, SwapResult.NOT_IN_USE);

    @Test
    void theCallsOnAnAllocatorAnswerTheKernelsSequence() {
        final BuddyAllocator a = new BuddyAllocator(3, G);
        final long entry = a.allocate(0);
        final List<Object> got = new ArrayList<>();
        CALLS.forEach(c -> got.add(c.on(a, entry)));
        assertEquals(ANSWERS, got);
    }

    @Test
    void theCallsOnTheModelAnswerTheKernelsSequence() {
        final SwapSpaceModel m = new SwapSpaceModel(G);
        final long slot = m.allocate(0);
        final List<Object> got = new ArrayList<>();
        CALLS.forEach(c -> got.add(c.on(m, slot)));
        assertEquals(ANSWERS, got);
    }

    @Test
    void aCallIsNamedAsInJava() {
        assertEquals("cacheDel(swp(3:0x2a))", SwapCountCall.CACHE_DEL.of(SwapEntry.of(3, 42)));
        assertEquals(List.of("dup", "put", "cacheAdd", "cacheDel"),
                List.of(SwapCountCall.values()).stream().map(SwapCountCall::method).toList());
    }
}

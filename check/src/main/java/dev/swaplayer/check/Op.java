package dev.swaplayer.check;

import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.SwapCountCall;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.FolioPlacement;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.SwapSpaceModel;
import dev.swaplayer.spec.SwapSpaceView;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One operation of the explorer's alphabet, applied to the implementation and to the specification alike.
 * Descriptors are named by their position among the live descriptors in id order, so that an operation
 * means the same in every state.
 *
 * <p>Thread safety: immutable.
 *
 * <p>An operation with {@code failMetadata} runs with its first metadata request refused (both sides' budgets
 * armed with {@code MetadataBudget.failNext}, and disarmed after): it must degrade as the
 * specification says or change nothing (INV-24). Only orders from 1 are injected, so the reserve (order 0 only)
 * is never lent and the state stays what the snapshot shows.
 *
 * @param kind what to do
 * @param slot the slot, the order, or the descriptor position
 * @param arg the run length, or the page
 * @param failMetadata whether the operation's first metadata request is refused
 */
record Op(Kind kind, long slot, int arg, boolean failMetadata) {
    /** Device type used by the explorer. */
    static final int TYPE = 0;

    /** An operation without an injected metadata failure. */
    Op(final Kind kind, final long slot, final int arg) {
        this(kind, slot, arg, false);
    }

    /** The operations. */
    enum Kind {
        ALLOCATE(null), ALLOCATE_FOLIO(null), FREE(null), DUP(SwapCountCall.DUP), PUT(SwapCountCall.PUT),
        CACHE_ADD(SwapCountCall.CACHE_ADD), CACHE_DEL(SwapCountCall.CACHE_DEL), FREE_PAGE(null);

        /** The swap-count call made, or null for the calls on free space. */
        final SwapCountCall count;

        Kind(final SwapCountCall count) {
            this.count = count;
        }
    }

    /**
     * Every operation for a geometry: allocate and allocateFolio at each order; free of every run of 1 to
     * {@code 2^maxOrder} slots at every slot (aligned or not); dup, put, cacheAdd and cacheDel of each slot; and
     * freeing any one page of the first {@code maxDescriptors} descriptors.
     */
    static List<Op> alphabet(final Geometry g, final int maxDescriptors) {
        return alphabet(g, maxDescriptors, false);
    }

    /**
     * As {@link #alphabet(Geometry, int)}; with {@code metadataFailures}, also allocate and allocateFolio at each
     * order from 1 with the first metadata request refused.
     */
    static List<Op> alphabet(final Geometry g, final int maxDescriptors, final boolean metadataFailures) {
        final List<Op> ops = new ArrayList<>();
        for (int k = 0; k <= g.maxOrder(); k++) {
            ops.add(new Op(Kind.ALLOCATE, k, 0));
            if (k > 0) {
                ops.add(new Op(Kind.ALLOCATE_FOLIO, k, 0));
            }
        }
        for (long s = 1; s < g.totalSlots(); s++) {
            for (int n = 1; n <= 1 << g.maxOrder() && s + n <= g.totalSlots(); n++) {
                ops.add(new Op(Kind.FREE, s, n));
            }
            for (final Kind k : List.of(Kind.DUP, Kind.PUT, Kind.CACHE_ADD, Kind.CACHE_DEL)) {
                ops.add(new Op(k, s, 0));
            }
        }
        for (int d = 0; d < maxDescriptors; d++) {
            for (int p = 0; p < 1 << g.maxOrder(); p++) {
                ops.add(new Op(Kind.FREE_PAGE, d, p));
            }
        }
        // Last, so that a counterexample uses a plain operation wherever one reaches the same state.
        for (int k = 1; metadataFailures && k <= g.maxOrder(); k++) {
            ops.add(new Op(Kind.ALLOCATE, k, 0, true));
            ops.add(new Op(Kind.ALLOCATE_FOLIO, k, 0, true));
        }
        return ops;
    }

    /** Returns the result on the implementation, as text comparable with {@link #onSpec}. */
    String onImpl(final BuddyAllocator a) {
        a.metadataBudget().failNext(failMetadata);
        try {
            return switch (kind) {
                case ALLOCATE -> {
                    final long e = a.allocate((int) slot);
                    yield "slot " + (e == SwapEntry.NONE ? 0 : SwapEntry.offset(e));
                }
                case ALLOCATE_FOLIO -> folio(a, (int) slot, a.allocateFolio((int) slot));
                case FREE -> {
                    a.free(SwapEntry.of(TYPE, slot), arg);
                    yield "ok";
                }
                case DUP, PUT, CACHE_ADD, CACHE_DEL -> String.valueOf(kind.count.on(a, SwapEntry.of(TYPE, slot)));
                case FREE_PAGE -> {
                    final long[] ids = descriptorIds(a.view()::forEachDescriptor);
                    final int[] orders = descriptorOrders(a.view()::forEachDescriptor);
                    final int i = (int) slot;
                    a.freeFolioPages(SwapEntry.compound(TYPE, ids[i]), orders[i], arg, 1);
                    yield "ok";
                }
            };
        } catch (IllegalArgumentException | IllegalStateException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        } finally {
            a.metadataBudget().failNext(false);
        }
    }

    /** Returns the result on the specification. */
    String onSpec(final SwapSpaceModel m) {
        m.metadataBudget().failNext(failMetadata);
        try {
            return switch (kind) {
                case ALLOCATE -> "slot " + m.allocate((int) slot);
                case ALLOCATE_FOLIO -> {
                    final FolioPlacement p = m.allocateFolio((int) slot);
                    yield p.kind() == FolioPlacement.Kind.NONE ? "none"
                            : p.kind() + " " + Arrays.toString(p.pageSlots());
                }
                case FREE -> {
                    m.free(slot, arg);
                    yield "ok";
                }
                case DUP, PUT, CACHE_ADD, CACHE_DEL -> String.valueOf(kind.count.on(m, slot));
                case FREE_PAGE -> {
                    final long[] ids = descriptorIds(m::forEachDescriptor);
                    m.freeDescriptorPages(ids[(int) slot], arg, 1);
                    yield "ok";
                }
            };
        } catch (IllegalArgumentException | IllegalStateException e) {
            return e.getClass().getSimpleName() + ": " + e.getMessage();
        } finally {
            m.metadataBudget().failNext(false);
        }
    }

    /** Whether the operation names something that exists in this state (else it is not a transition). */
    boolean applicable(final SwapSpaceModel m, final int maxCount) {
        return switch (kind) {
            case DUP -> m.swapCount(slot) < maxCount;
            case FREE_PAGE -> {
                final long[] ids = descriptorIds(m::forEachDescriptor);
                yield slot < ids.length && arg < m.descriptor(ids[(int) slot]).length;
            }
            default -> true;
        };
    }

    private static String folio(final BuddyAllocator a, final int order, final long handle) {
        if (handle == SwapEntry.NONE) {
            return "none";
        }
        final long[] pages = new long[1 << order];
        for (int p = 0; p < pages.length; p++) {
            pages[p] = SwapEntry.offset(a.slotOf(handle, order, p));
        }
        return (SwapEntry.isCompound(handle) ? FolioPlacement.Kind.COMPOUND : FolioPlacement.Kind.CONTIGUOUS) + " "
                + Arrays.toString(pages);
    }

    private interface DescriptorSource {
        void forEach(SwapSpaceView.DescriptorVisitor v);
    }

    private static long[] descriptorIds(final DescriptorSource source) {
        final List<Long> ids = new ArrayList<>();
        source.forEach((id, order, pages) -> ids.add(id));
        return ids.stream().mapToLong(Long::longValue).toArray();
    }

    private static int[] descriptorOrders(final DescriptorSource source) {
        final List<Integer> orders = new ArrayList<>();
        source.forEach((id, order, pages) -> orders.add(order));
        return orders.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String toString() {
        return failMetadata ? plain() + " with its metadata request refused" : plain();
    }

    private String plain() {
        return switch (kind) {
            case ALLOCATE -> "allocate(order " + slot + ")";
            case ALLOCATE_FOLIO -> "allocateFolio(order " + slot + ")";
            case FREE -> "free(slot " + slot + ", " + arg + ")";
            case DUP, PUT, CACHE_ADD, CACHE_DEL -> kind.count.method() + "(slot " + slot + ")";
            case FREE_PAGE -> "freeFolioPages(descriptor #" + slot + " by position, page " + arg + ")";
        };
    }
}

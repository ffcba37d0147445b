package dev.swaplayer.verify;

import dev.swaplayer.allocator.SwapCountCall;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.SlotState;
import dev.swaplayer.spec.SwapSpaceModel;
import java.util.List;
import java.util.Locale;

/**
 * One operation on a {@link ModelledDevice}, as data: the alphabet that the stateful properties draw from
 * and that the exhaustive check enumerates. A step names a live allocation by index (taken modulo the
 * number held), so that a sequence stays meaningful when shrinking removes earlier steps.
 *
 * <p>Thread safety: immutable.
 */
sealed interface Step {

    /** Returns whether the step can run on this device (its interfaces, something held). */
    boolean applicable(ModelledDevice d);

    /** Runs the step on the allocator and the model; throws {@link AssertionError} on a difference. */
    void run(ModelledDevice d);

    /**
     * Returns the same step with its indices reduced to what they pick on this device (an allocation index modulo
     * the allocations held, a page modulo that allocation's pages): the step as a reader would write it, for a
     * counterexample. Call it only when the step is {@link #applicable}.
     */
    default Step resolved(final ModelledDevice d) {
        return this;
    }

    /**
     * Returns the step as a counterexample writes it on this device: {@link #resolved} in words. Call it only when
     * the step is {@link #applicable}, before it runs.
     */
    default String written(final ModelledDevice d) {
        return resolved(d).toString();
    }

    /** {@code allocate(order)}. */
    record Allocate(int order) implements Step {
        @Override
        public boolean applicable(final ModelledDevice d) {
            return order <= d.geometry().maxOrder();
        }

        @Override
        public void run(final ModelledDevice d) {
            d.allocate(order);
        }

        @Override
        public String toString() {
            return "allocate(order " + order + ")";
        }
    }

    /**
     * {@code allocate(order)} until the allocator returns NONE: among a sequence's first few calls only, as
     * {@link Fragment}, so that the sequences that fill the device are a few (on a full device every step compares
     * every page in use).
     */
    record Fill(int order) implements Step {
        @Override
        public boolean applicable(final ModelledDevice d) {
            return order <= d.geometry().maxOrder() && d.calls() < Fragment.EARLY;
        }

        @Override
        public void run(final ModelledDevice d) {
            d.fill(order);
        }

        @Override
        public String toString() {
            return "fill(order " + order + ")";
        }
    }

    /** {@code allocateFolio(order)}, when the allocator is a {@code FolioAllocator}. */
    record AllocateFolio(int order) implements Step {
        @Override
        public boolean applicable(final ModelledDevice d) {
            return d.hasFolios() && order <= d.geometry().maxOrder() && order >= d.geometry().minOrder();
        }

        @Override
        public void run(final ModelledDevice d) {
            d.allocateFolio(order);
        }

        @Override
        public String toString() {
            return "allocateFolio(order " + order + ")";
        }
    }

    /** Frees up to {@code count} pages of a held allocation from {@code page} on. */
    record Free(int index, int page, int count) implements Step {
        @Override
        public boolean applicable(final ModelledDevice d) {
            return d.heldCount() > 0;
        }

        @Override
        public void run(final ModelledDevice d) {
            d.free(index, page, count);
        }

        @Override
        public Step resolved(final ModelledDevice d) {
            return new Free(d.heldIndex(index), d.pageOf(index, page), count);
        }

        @Override
        public String toString() {
            return "free(held #" + index + ", page " + page + ", up to " + count + ")";
        }
    }

    /** A swap-count call on one page of a held allocation, when the allocator implements {@code SwapCounts}. */
    record Count(SwapCountCall call, int index, int page) implements Step {
        @Override
        public boolean applicable(final ModelledDevice d) {
            return d.hasCounts() && d.heldCount() > 0;
        }

        @Override
        public void run(final ModelledDevice d) {
            d.swapCount(call, index, page);
        }

        @Override
        public Step resolved(final ModelledDevice d) {
            return new Count(call, d.heldIndex(index), d.pageOf(index, page));
        }

        @Override
        public String toString() {
            return call.method() + "(held #" + index + ", page " + page + ")";
        }

        /**
         * Whether the call is legal on a held page's slot in the model's state (the misuse cases are
         * {@link Misuse}'s). On a page freed while the rest of its allocation is still held, its slot free on the
         * device, only a {@code cacheAdd} is: a swap-in racing the last {@code put} ({@code swapcache_prepare}
         * after it), which must answer NOT_IN_USE and change nothing.
         */
        static boolean legal(final SwapCountCall call, final SwapSpaceModel m, final long slot,
                final boolean freedPage) {
            return switch (call) {
                case DUP -> !freedPage;
                case PUT -> !freedPage && m.swapCount(slot) > 0;
                case CACHE_ADD -> true;
                case CACHE_DEL -> !freedPage && m.cached(slot);
            };
        }
    }

    /**
     * {@code dup} many times in a row on one page of a held allocation, when the allocator implements
     * {@code SwapCounts}: past 255 and 65535, where a narrower count field would wrap. A run past 65,535 then walks
     * back down as many {@code put}s, through every digit's borrow on the way (a run of 300 stays up, so that the
     * steps after it meet a count kept in more than one digit).
     */
    record ManyDups(int index, int page, int times) implements Step {
        /** Runs of at least this many dups walk back down. */
        static final int WALK_DOWN = 1 << 16;

        @Override
        public boolean applicable(final ModelledDevice d) {
            return d.hasCounts() && d.heldCount() > 0;
        }

        @Override
        public void run(final ModelledDevice d) {
            if (d.dupMany(index, page, times) && times >= WALK_DOWN) {
                d.putMany(index, page, times);
            }
        }

        @Override
        public Step resolved(final ModelledDevice d) {
            return new ManyDups(d.heldIndex(index), d.pageOf(index, page), times);
        }

        @Override
        public String toString() {
            return "dup x" + times + (times >= WALK_DOWN ? " then put x" + times : "") + "(held #" + index + ", page "
                    + page + ")";
        }
    }

    /**
     * {@code dup} many times in a row on one page of a held allocation, then {@code put} as many times: up past the
     * counts where a narrower field would change representation and back down through them.
     */
    record UpAndDown(int index, int page, int times) implements Step {
        @Override
        public boolean applicable(final ModelledDevice d) {
            return d.hasCounts() && d.heldCount() > 0;
        }

        @Override
        public void run(final ModelledDevice d) {
            if (d.dupMany(index, page, times)) {
                d.putMany(index, page, times);
            }
        }

        @Override
        public Step resolved(final ModelledDevice d) {
            return new UpAndDown(d.heldIndex(index), d.pageOf(index, page), times);
        }

        @Override
        public String toString() {
            return "dup x" + times + " then put x" + times + "(held #" + index + ", page " + page + ")";
        }
    }

    /** Frees a held folio's live pages in {@code pieces} calls, when the allocator is a {@code FolioAllocator}. */
    record FreeInPieces(int index, int pieces) implements Step {
        @Override
        public boolean applicable(final ModelledDevice d) {
            return d.hasFolios() && d.heldCount() > 0;
        }

        @Override
        public void run(final ModelledDevice d) {
            d.freeInPieces(index, pieces);
        }

        @Override
        public Step resolved(final ModelledDevice d) {
            return new FreeInPieces(d.folioIndex(index), pieces);
        }

        @Override
        public String toString() {
            return "freeInPieces(folio #" + index + ", " + pieces + " calls)";
        }
    }

    /** Frees a run of slots in use over several allocations in one call ({@link ModelledDevice#freeRun}). */
    record FreeRun(int index, int length) implements Step {
        @Override
        public boolean applicable(final ModelledDevice d) {
            return d.heldCount() > 0;
        }

        @Override
        public void run(final ModelledDevice d) {
            d.freeRun(index, length);
        }

        @Override
        public Step resolved(final ModelledDevice d) {
            return new FreeRun(d.heldIndex(index), length);
        }

        @Override
        public String toString() {
            return "freeRun(held #" + index + ", up to " + length + ")";
        }
    }

    /**
     * Releases a held folio's live pages one by one through the calls that name a slot ({@code free}, the last
     * {@code put}, {@code cacheDel}), compound folios first, when the allocator is a {@code FolioAllocator}.
     */
    record ReleaseBySlot(int index) implements Step {
        @Override
        public boolean applicable(final ModelledDevice d) {
            return d.hasFolios() && d.heldCount() > 0;
        }

        @Override
        public void run(final ModelledDevice d) {
            d.releaseBySlot(index);
        }

        @Override
        public String toString() {
            return "releaseBySlot(folio #" + index + ")";
        }
    }

    /** A swap-in's {@code cacheAdd} of any free slot ({@link ModelledDevice#cacheAddFree}), when it keeps counts. */
    record CacheAddFree(int pick) implements Step {
        @Override
        public boolean applicable(final ModelledDevice d) {
            return d.hasCounts();
        }

        @Override
        public void run(final ModelledDevice d) {
            d.cacheAddFree(pick);
        }

        @Override
        public String toString() {
            return "cacheAddFree(pick " + pick + ")";
        }

        /** The call the step makes on this device, as in "cacheAdd(swp(31:0x1c)) of a free slot". */
        @Override
        public String written(final ModelledDevice d) {
            final long slot = Targets.freeSlot(d, pick);
            return slot < 0 ? toString() + ": no free slot on this device"
                    : "cacheAdd(" + Transcript.show(SwapEntry.of(d.type(), slot)) + ") of a free slot";
        }
    }

    /**
     * Fill the device, then leave only single chunks free ({@link ModelledDevice#fragment}): among a sequence's
     * first few calls only, so that about one sequence in six runs on a fragmented device (every step on a full
     * device compares every page in use, three times the cost of a step on the others).
     */
    record Fragment() implements Step {
        /** The calls before it that still allow it. */
        static final int EARLY = 5;

        @Override
        public boolean applicable(final ModelledDevice d) {
            return d.calls() < EARLY;
        }

        @Override
        public void run(final ModelledDevice d) {
            d.fragment();
        }

        @Override
        public String toString() {
            return "fragment()";
        }
    }

    /**
     * A page of a compound folio freed, order-0 allocations until another one holds its slot, then the page freed
     * again through its folio, which must be rejected ({@link Misuse#FOLIO_PAGE_FREED}): an allocator that asks the
     * slot's state rather than the descriptor frees the other allocation's slot. Random steps seldom meet that state.
     */
    record FreedPageReused(int index) implements Step {
        @Override
        public boolean applicable(final ModelledDevice d) {
            return d.hasFolios() && folio(d, index) != null;
        }

        @Override
        public void run(final ModelledDevice d) {
            final Held h = folio(d, index);
            int page = 0;
            while (h.gone[page]) {
                page++;
            }
            final long slot = h.slots[page];
            d.free(d.heldList().indexOf(h), page, 1);
            for (long n = d.geometry().totalSlots(); n > 0 && d.model().state(slot) != SlotState.IN_USE
                    && d.allocate(0); n--) {
                // until another allocation holds the slot, or the allocator answers NONE
            }
            d.misuse(Misuse.FOLIO_PAGE_FREED, d.heldList().indexOf(h));
        }

        /** The compound folio with two pages or more still held that {@code index} picks, or null. */
        private static Held folio(final ModelledDevice d, final int index) {
            final List<Held> compounds = d.heldList().stream().filter(h -> h.descriptor != 0 && h.live > 1).toList();
            return compounds.isEmpty() ? null : compounds.get(Math.floorMod(index, compounds.size()));
        }

        @Override
        public String toString() {
            return "free a page of compound folio #" + index + ", allocate until its slot is taken, free it again";
        }
    }

    /** A call the specification rejects. */
    record Reject(Misuse kind, int pick) implements Step {
        @Override
        public boolean applicable(final ModelledDevice d) {
            return kind.applicable(d);
        }

        @Override
        public void run(final ModelledDevice d) {
            d.misuse(kind, pick);
        }

        @Override
        public String toString() {
            return "reject " + kind.name().toLowerCase(Locale.ROOT) + "(" + pick + ")";
        }

        /** The call the misuse makes on this device, as in "reject dup(slot 9 of device type 0)". */
        @Override
        public String written(final ModelledDevice d) {
            final String call = kind.describe(d, pick);
            return call == null ? toString() + ": no target on this device" : "reject " + call;
        }
    }
}

package dev.swaplayer.verify;

import static dev.swaplayer.verify.Transcript.show;

import dev.swaplayer.allocator.FolioAllocator;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.SwapCountCall;
import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Fragmentation;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.Legality;
import dev.swaplayer.spec.Postconditions;
import dev.swaplayer.spec.SlotState;
import dev.swaplayer.spec.SwapSpaceModel;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;

/**
 * The allocator under test beside the specification: every call goes to both, the allocator chooses where
 * to place, and the model checks that the choice is legal ({@link Legality}) and applies it. After every
 * step {@link #compare()} holds the allocator's observable state to the model's.
 *
 * <p>Thread safety: not thread-safe; one check owns it.
 *
 * <p>What is compared: free and used slot counts (INV-2), the fragmentation view (INV-11), and for every
 * page still held: its swap count and cache flag (INV-6, when the allocator implements {@link SwapCounts})
 * and its slot ({@code slotOf}, when it implements {@link FolioAllocator}), and the live compound descriptors
 * ({@code descriptorCount}: INV-7, unless it reads 0, the default of an allocator that does not count them); every
 * slot a step frees must read count 0 and uncached. A rejected call must throw {@link IllegalArgumentException} or
 * {@link IllegalStateException} and change nothing observable (INV-13). In the completeness check a NONE or a
 * compound placement is also judged by {@link Completeness}; a failure names the last calls ({@link Transcript}).
 */
final class ModelledDevice {
    private final Geometry geometry;
    private final int type;
    private final SlotAllocator allocator;
    private final FolioAllocator folios;
    private final SwapCounts counts;
    private final SwapSpaceModel model;
    /** The long runs of swap-count calls on one page, made through this device. */
    private final CountRuns countRuns = new CountRuns(this);
    /** The frees that reach past one folio's own free call, and cacheAdd of any free slot. */
    private final SlotReleases releases = new SlotReleases(this);
    private final Completeness completeness;
    private final List<Held> held = new ArrayList<>();
    private final LongAdder compounds;
    private final Transcript transcript = new Transcript();

    /**
     * @param allocator a fresh allocator of an empty device
     * @param requireComplete whether NONE while a legal run is free fails the step (the completeness check)
     */
    ModelledDevice(final SlotAllocator allocator, final boolean requireComplete) {
        this(allocator, requireComplete, new LongAdder());
    }

    /**
     * @param allocator a fresh allocator of an empty device
     * @param requireComplete whether NONE while a legal run is free fails the step (the completeness check)
     * @param compounds counts the compound folios placed, for a check's report (shared by its devices)
     */
    ModelledDevice(final SlotAllocator allocator, final boolean requireComplete, final LongAdder compounds) {
        this.compounds = compounds;
        this.allocator = Objects.requireNonNull(allocator, "allocator");
        this.geometry = allocator.geometry();
        this.type = allocator.type();
        this.folios = allocator instanceof FolioAllocator f ? f : null;
        this.counts = allocator instanceof SwapCounts c ? c : null;
        this.model = new SwapSpaceModel(geometry);
        this.completeness = new Completeness(model, type, requireComplete);
    }

    Geometry geometry() {
        return geometry;
    }

    boolean hasFolios() {
        return folios != null;
    }

    boolean hasCounts() {
        return counts != null;
    }

    int heldCount() {
        return held.size();
    }

    /** Returns the live allocations, in the order they were made (a view: {@link Targets} reads it). */
    List<Held> heldList() {
        return Collections.unmodifiableList(held);
    }

    /** Returns the held allocation {@code index} picks, as its position in the list (the list must not be empty). */
    int heldIndex(final int index) {
        return Math.floorMod(index, held.size());
    }

    /** Returns the page {@code page} picks in the held allocation {@code index} picks. */
    int pageOf(final int index, final int page) {
        return page % held(index).slots.length;
    }

    /** Returns the folio {@code index} picks, as its position among the held folios (0 when none is held). */
    int folioIndex(final int index) {
        final long folioCount = held.stream().filter(x -> x.folio).count();
        return folioCount == 0 ? 0 : (int) Math.floorMod(index, folioCount);
    }

    /** Returns the allocator's swap counts; null when it keeps none. */
    SwapCounts counts() {
        return counts;
    }

    SwapSpaceModel model() {
        return model;
    }

    /** Returns the resolved calls so far, for a failure's message. */
    List<String> transcript() {
        return transcript.lines();
    }

    /** Returns how many calls were made so far. */
    int calls() {
        return transcript.size();
    }

    // ---------------------------------------------------------------------------------------- allocation

    /** Allocates a run of the order beside the model; returns false for NONE. */
    boolean allocate(final int order) {
        final long entry = allocator.allocate(order);
        log("allocate(order " + order + ") = " + show(entry));
        if (entry == SlotAllocator.NONE) {
            expectComplete(completeness.ofNone(order));
            return false;
        }
        final long first = checkEntry("allocate(order " + order + ")", entry);
        expectLegal("allocate(order " + order + ")", Legality.illegalRun(model, first, order));
        model.allocateAt(first, order);
        held.add(Held.run(entry, first, 1 << geometry.effectiveOrder(order), order, false));
        return true;
    }

    /**
     * Allocates runs of one order until the allocator returns NONE: to the device's last cluster, which random
     * steps on devices of hundreds of slots seldom reach (a partial last cluster, a run past the end).
     */
    void fill(final int order) {
        for (long n = geometry.totalSlots(); n > 0 && allocate(order); n--) {
            // each run checked as it is placed
        }
    }

    /**
     * Fills the device with runs of 8 slots (or fewer, up to the largest order), then with single chunks, until
     * the allocator returns NONE, and frees one chunk of every 8-slot run and every other single chunk, the last
     * first: the free space left is scattered in single chunks, where a folio of order 1 or more (2 or more
     * chunks) finds no run and must be stored compound. Random steps alone rarely get there on devices of
     * hundreds of slots; runs of 8 keep the allocations to compare after each step few.
     */
    void fragment() {
        final int first = held.size();
        final int chunk = 1 << geometry.minOrder();
        for (final int order : new int[] {Math.min(geometry.maxOrder(), Math.max(geometry.minOrder(), 3)), 0}) {
            for (long n = geometry.totalSlots(); n > 0 && allocate(order); n--) {
                // fill
            }
        }
        int singles = 0;
        for (int i = held.size() - 1; i >= first; i--) { // a whole single chunk leaves the list: go down
            if (held.get(i).slots.length > chunk || singles++ % 2 == 1) {
                free(i, 0, chunk);
            }
        }
    }

    void allocateFolio(final int order) {
        final long handle = folios.allocateFolio(order);
        log("allocateFolio(order " + order + ") = " + show(handle));
        if (handle == SlotAllocator.NONE) {
            expectComplete(completeness.ofNone(order));
            expectComplete(completeness.ofFolioNone(order));
            return;
        }
        final int pages = 1 << order;
        final long[] slots = new long[pages];
        for (int i = 0; i < pages; i++) {
            slots[i] = checkEntry("slotOf(" + show(handle) + ", page " + i + ")", folios.slotOf(handle, order, i));
        }
        final int extents = folios.extents(handle, order);
        if (!SwapEntry.isCompound(handle)) {
            final long first = checkEntry("allocateFolio(order " + order + ")", handle);
            expectLegal("allocateFolio(order " + order + ")", Legality.illegalRun(model, first, order));
            for (int i = 0; i < pages; i++) {
                expect(slots[i] == first + i, "slotOf(" + show(handle) + ", page " + i + ") = " + slots[i]
                        + " in a contiguous folio at " + first);
            }
            expect(extents == 1, "extents of contiguous folio " + show(handle) + " = " + extents + " (expected 1)");
            model.allocateAt(first, order);
            held.add(Held.run(handle, first, pages, order, true));
            return;
        }
        expect(SwapEntry.type(handle) == type, "compound handle " + show(handle) + " has type "
                + SwapEntry.type(handle) + " (expected " + type + ")");
        transcript.amendLast("allocateFolio(order " + order + ") = " + show(handle) + " at slots "
                + Transcript.pagesInWords(slots));
        expectLegal("allocateFolio(order " + order + ") (its pages as slotOf reports them)",
                Legality.illegalCompound(model, slots));
        final int runs = Postconditions.extentsOf(geometry, slots);
        expect(extents == runs, "extents(" + show(handle) + ", order " + order + ") = " + extents + " (expected "
                + runs + ": the runs of consecutive slots its pages take, each inside one cluster)");
        expectComplete(completeness.ofCompound(order, runs));
        final long id = model.allocateCompoundAt(slots);
        compounds.increment();
        held.add(Held.compound(handle, slots, order, id));
    }

    // -------------------------------------------------------------------------------------------- frees

    /**
     * Frees up to {@code count} held pages from {@code page} of allocation {@code index}, stopping at the first
     * page already gone.
     *
     * @return false when the chosen page is already gone (nothing called)
     */
    boolean free(final int index, final int page, final int count) {
        final Held h = held(index);
        final int first = page % h.slots.length;
        int n = 0;
        while (n < count && first + n < h.slots.length && !h.gone[first + n]) {
            n++;
        }
        if (n == 0) {
            return false;
        }
        if (h.folio) {
            log("freeFolioPages(" + show(h.handle) + ", order " + h.order + ", pages " + first + "+" + n + ")");
            folios.freeFolioPages(h.handle, h.order, first, n);
        } else {
            log("free(" + show(SwapEntry.of(type, h.slots[first])) + ", " + n + ")");
            allocator.free(SwapEntry.of(type, h.slots[first]), n);
        }
        if (h.descriptor != 0) {
            model.freeDescriptorPages(h.descriptor, first, n);
        } else {
            model.free(h.slots[first], n);
        }
        for (int i = first; i < first + n; i++) {
            h.gone(i);
            checkFreed(h.slots[i]);
        }
        dropIfEmpty(h);
        return true;
    }

    /** Frees a held folio in pieces: {@link SlotReleases#freeInPieces}. */
    boolean freeInPieces(final int index, final int pieces) {
        return releases.freeInPieces(index, pieces);
    }

    /** Frees a run over several allocations in one call: {@link SlotReleases#freeRun}. */
    boolean freeRun(final int index, final int length) {
        return releases.freeRun(index, length);
    }

    /** Releases a folio's pages through the slot calls: {@link SlotReleases#releaseBySlot}. */
    boolean releaseBySlot(final int index) {
        return releases.releaseBySlot(index);
    }

    /** A swap-in's {@code cacheAdd} of a free slot anywhere: {@link SlotReleases#cacheAddFree}. */
    boolean cacheAddFree(final int pick) {
        return releases.cacheAddFree(pick);
    }

    /** Returns the allocator under test. */
    SlotAllocator allocator() {
        return allocator;
    }

    // -------------------------------------------------------------------------------------- swap counts

    /** Returns false when the chosen page is gone or the call would be misuse (nothing called). */
    boolean swapCount(final SwapCountCall call, final int index, final int page) {
        final Held h = held(index);
        final int p = page % h.slots.length;
        final long slot = h.slots[p];
        final boolean freedPage = h.gone[p] && model.state(slot).equals(SlotState.FREE);
        if ((h.gone[p] && !freedPage) || !Step.Count.legal(call, model, slot, freedPage)) {
            return false;
        }
        final long entry = SwapEntry.of(type, slot);
        final Object got = call.on(counts, entry);
        final Object want = call.on(model, slot);
        log(call.method() + "(" + show(entry) + ") = " + got);
        expect(want.equals(got), call.method() + "(" + show(entry) + ") returned " + got + " (expected " + want
                + ", which leaves the slot " + inWords(slot) + ")");
        if (freedPage) {
            checkFreed(slot);
            return true;
        }
        if (!model.state(slot).equals(SlotState.IN_USE)) {
            h.gone(p);
            checkFreed(slot);
            dropIfEmpty(h);
        }
        return true;
    }

    /** {@code dup} many times in a row on one held page: {@link CountRuns#dupMany}. */
    boolean dupMany(final int index, final int page, final int times) {
        return countRuns.dupMany(index, page, times);
    }

    /** {@code put} many times in a row on one held page: {@link CountRuns#putMany}. */
    boolean putMany(final int index, final int page, final int times) {
        return countRuns.putMany(index, page, times);
    }

    /** A slot just freed reads as free: swap count 0 and not cached ({@link SwapCounts#countOf}). */
    void checkFreed(final long slot) {
        if (counts != null) {
            final long entry = SwapEntry.of(type, slot);
            expect(counts.countOf(entry) == 0 && !counts.isCached(entry), "slot " + show(entry) + ", which this "
                    + "free covered, still reads countOf = " + counts.countOf(entry) + ", isCached = "
                    + counts.isCached(entry) + " (expected 0 and false: a freed slot keeps no count or cache pin; a"
                    + " free that left the slot in use reads this way too)");
        }
    }

    // ------------------------------------------------------------------------------------------- misuse

    /**
     * Makes a call the specification rejects; it must throw {@link IllegalArgumentException} or
     * {@link IllegalStateException} and change nothing, which {@link #compare()} checks at once.
     */
    void misuse(final Misuse kind, final int pick) {
        final String call = kind.describe(this, pick);
        if (call == null) {
            return;
        }
        log(call + " (must be rejected)");
        try {
            kind.call(this, pick, allocator, counts);
        } catch (IllegalArgumentException | IllegalStateException expected) {
            try {
                compare();
            } catch (AssertionError changed) {
                throw new AssertionError(call + " was rejected, but changed what a rejected call must leave alone"
                        + " (INV-13): " + changed.getMessage(), changed);
            }
            return;
        }
        throw failure(call + " was accepted (expected: IllegalArgumentException or "
                + "IllegalStateException, and no change)");
    }

    int type() {
        return type;
    }

    // -------------------------------------------------------------------------------------- comparison

    /** Holds the allocator's observable state to the model's; throws {@link AssertionError} naming the first
     * difference. */
    void compare() {
        expect(allocator.freeSlots() == model.freeSlots(), "freeSlots() = " + allocator.freeSlots()
                + " (expected " + model.freeSlots() + ")");
        expect(allocator.usedSlots() == model.usedSlots(), "usedSlots() = " + allocator.usedSlots()
                + " (expected " + model.usedSlots() + ")");
        final Fragmentation got = allocator.fragmentation();
        final Fragmentation want = model.fragmentation();
        expect(want.equals(got), "fragmentation() = " + got + " (expected " + want + ": the free slots' "
                + "fully coalesced blocks)");
        for (final Held h : held) {
            for (int i = 0; i < h.slots.length; i++) {
                if (!h.gone[i]) {
                    comparePage(h, i);
                }
            }
            if (h.folio && h.live < h.slots.length) {
                compareExtents(h);
            }
        }
        if (folios != null) { // 0 also for an allocator that does not count them (the interface's default)
            final long live = held.stream().filter(h -> h.descriptor != 0).count();
            final int descriptors = folios.descriptorCount();
            expect(descriptors == live || descriptors == 0, "descriptorCount() = " + descriptors + " (expected "
                    + live + ", the compound folios with a page still swapped out, or 0 for an allocator that does"
                    + " not count them: a descriptor goes with its folio's last page)");
        }
    }

    /** A folio some of whose pages were freed still reads the extents it was placed in (INV-21). */
    private void compareExtents(final Held h) {
        final int placed = h.descriptor == 0 ? 1 : Postconditions.extentsOf(geometry, h.slots);
        final int got = folios.extents(h.handle, h.order);
        expect(got == placed, "extents(" + show(h.handle) + ", order " + h.order + ") = " + got + " with "
                + h.live + " of its " + h.slots.length + " pages still swapped out (expected " + placed + ", the"
                + " extents it was placed in: freeing pages does not change them)");
    }

    private void comparePage(final Held h, final int page) {
        final long slot = h.slots[page];
        final long entry = SwapEntry.of(type, slot);
        if (counts != null) {
            expect(counts.countOf(entry) == model.swapCount(slot), "countOf(" + show(entry) + ") = "
                    + counts.countOf(entry) + " (expected " + model.swapCount(slot) + ")");
            expect(counts.isCached(entry) == model.cached(slot), "isCached(" + show(entry) + ") = "
                    + counts.isCached(entry) + " (expected " + model.cached(slot) + ")");
        }
        if (h.folio) {
            final long got = folios.slotOf(h.handle, h.order, page);
            expect(got == entry, "slotOf(" + show(h.handle) + ", page " + page + ") = " + show(got) + " (expected "
                    + show(entry) + ")");
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    Held held(final int index) {
        return held.get(Math.floorMod(index, held.size()));
    }

    void dropIfEmpty(final Held h) {
        if (h.live == 0) {
            held.remove(h);
        }
    }

    private long checkEntry(final String call, final long entry) {
        expect(!SwapEntry.isCompound(entry) && SwapEntry.type(entry) == type, call + " returned " + show(entry)
                + " (expected a slot entry of device type " + type + ")");
        return SwapEntry.offset(entry);
    }

    private void expectLegal(final String call, final String why) {
        if (why != null) {
            throw failure(call + " chose an illegal placement: " + why);
        }
    }

    void expect(final boolean condition, final String message) {
        if (!condition) {
            throw failure(message);
        }
    }

    /** Fails with a completeness judgment ({@link Completeness}) that found something incomplete. */
    private void expectComplete(final String incomplete) {
        if (incomplete != null) {
            throw failure(incomplete);
        }
    }

    AssertionError failure(final String message) {
        return transcript.failure(message);
    }

    void log(final String line) {
        transcript.log(line);
    }

    /** The model's slot in words: "free", or "count 1, in the swap cache". */
    String inWords(final long slot) {
        return model.state(slot) != SlotState.IN_USE ? "free" : "count " + model.swapCount(slot)
                + (model.cached(slot) ? ", in the swap cache" : ", out of the swap cache");
    }

}

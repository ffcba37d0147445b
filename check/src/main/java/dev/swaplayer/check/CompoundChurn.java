package dev.swaplayer.check;

import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.Postconditions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * Threads that share compound folios: on a device whose free slots are scattered one by one ({@link Scattered}), so
 * that every folio of two pages or more goes compound, the threads place folios through the folio calls into a shared
 * set of {@value #CELLS} cells, and any thread frees any range of any folio's pages, or asks where one of its pages
 * lies ({@code slotOf}, {@code extents}) while other threads free its other pages. What the threads then share is the
 * allocator's descriptor of each folio (its live pages, its table entry, its id), the clusters a folio spans and the
 * descriptor table as it fills and empties: an allocator that reads the table, counts a descriptor's pages, numbers
 * descriptors or frees a folio's pages in another cluster without the lock that guards them loses an update here,
 * which {@link ContestedCalls}' two calls at a time rarely meet, because the window is a few instructions wide and
 * only a long run of calls from both threads sweeps it.
 *
 * <p>What must hold (INV-7, INV-13, INV-17, INV-20): no slot is handed out while another folio holds it (every page's
 * slot is claimed in an owner table with a compare-and-set, cleared just before its free); no call on pages that no
 * other thread is freeing throws; {@code slotOf} answers the slot the page was placed in, and {@code extents} the
 * extents those slots make, for as long as the page is held; and once every page was freed the counters read the
 * device as it was laid, no descriptor is left ({@code descriptorCount()}) and the allocator's audit holds. A NONE is
 * allowed (a compound placement that another thread made stale may be given up): it is incompleteness, which the
 * single-thread completeness check judges.
 *
 * <p>Thread safety: {@link #run} starts and joins its own threads. A folio is published to the others through its
 * cell (a compare-and-set, after its slots were recorded); a page is held by the one thread that set its bit in the
 * folio's {@code held} mask, and a folio leaves its cell on the thread whose free takes its last live page.
 */
final class CompoundChurn {
    /** Folios live at once, at most: more than a descriptor table's first sizes, so that it grows while it is read. */
    static final int CELLS = 64;
    /** The most threads a churn runs: twice the processors of a small machine's, capped. */
    static final int MAX_THREADS = 16;
    /** The largest folio order drawn (orders from 1: two pages or more, so each goes compound here). */
    private static final int MAX_ORDER = 4;

    private final Supplier<StressTarget> fresh;
    private final int threads;
    private final long ops;
    private final long seed;
    private final AtomicReferenceArray<Folio> cells = new AtomicReferenceArray<>(CELLS);
    private final AtomicReference<String> wrong = new AtomicReference<>();
    private final AtomicInteger nones = new AtomicInteger();
    private final AtomicInteger placed = new AtomicInteger();
    private StressTarget folios;
    private AtomicIntegerArray owner;
    private int maxOrder;

    /**
     * A placed folio: its handle, order and slots as placed, the extents those slots make, which pages a thread
     * holds, and how many are left.
     */
    private static final class Folio {
        private final long handle;
        private final int order;
        private final long[] slots;
        private final int extents;
        /** The pages a thread holds, to free or to ask about, and those freed: a page's bit is set by one thread. */
        private final AtomicInteger held = new AtomicInteger();
        private final AtomicInteger left;

        Folio(final long handle, final int order, final long[] slots, final Geometry g) {
            this.handle = handle;
            this.order = order;
            this.slots = slots;
            this.extents = Postconditions.extentsOf(g, Arrays.stream(slots).map(SwapEntry::offset).toArray());
            this.left = new AtomicInteger(slots.length);
        }

        long handle() {
            return handle;
        }

        int order() {
            return order;
        }

        long slot(final int page) {
            return slots[page];
        }

        /** The extents its slots make in page order: runs of consecutive slots, each cut at a cluster boundary. */
        int extents() {
            return extents;
        }

        AtomicInteger held() {
            return held;
        }

        AtomicInteger left() {
            return left;
        }

        int pages() {
            return slots.length;
        }

        /** Every page's bit. */
        int all() {
            return (1 << slots.length) - 1;
        }

        /** The first page from {@code from} on, wrapping round, whose bit in {@code held} is clear; -1 for none. */
        int untaken(final int held, final int from) {
            final int clear = ~held & all();
            if (clear == 0) {
                return -1;
            }
            final int above = clear & -(1 << from);
            return Integer.numberOfTrailingZeros(above != 0 ? above : clear);
        }
    }

    /**
     * The threads a churn runs: twice the processors (at least the stress run's threads, at most
     * {@value #MAX_THREADS}), so that the scheduler preempts threads in the middle of their calls. A thread preempted
     * between a read and a write made outside a lock holds its stale value for a time slice while the others run,
     * which widens a window of a few instructions to milliseconds: on two processors, four threads caught a partial
     * free that updates its second cluster without that cluster's lock about three times as often as two did.
     *
     * @param threads the stress run's threads
     */
    static int threadsFor(final int threads) {
        return Math.max(threads, Math.min(MAX_THREADS, 2 * Runtime.getRuntime().availableProcessors()));
    }

    private CompoundChurn(final Supplier<StressTarget> fresh, final int threads, final long ops, final long seed) {
        this.fresh = fresh;
        this.threads = threads;
        this.ops = ops;
        this.seed = seed;
    }

    /**
     * Runs the churn on a new device of the stressed policy, when its allocator has the folio calls and its device
     * serves folios of two pages.
     *
     * @param fresh creates a new device of the policy, geometry and threads of the stress run
     * @param threads the threads, at least 2 for a race ({@link #threadsFor})
     * @param ops calls in all, shared out among the threads
     * @param seed the seed of the threads' choices
     * @return null when everything held, else what went wrong first, in words
     * @throws InterruptedException when interrupted while waiting for the threads
     */
    static String run(final Supplier<StressTarget> fresh, final int threads, final long ops, final long seed)
            throws InterruptedException {
        return new CompoundChurn(fresh, threads, ops, seed).run();
    }

    private String run() throws InterruptedException {
        final StressTarget device = fresh.get();
        folios = device.folioCalls();
        final Geometry g = device.geometry();
        maxOrder = Math.min(MAX_ORDER, g.maxOrder());
        if (folios == null || maxOrder < 1) {
            return null;
        }
        Scattered.lay(folios);
        final long laid = folios.usedSlots();
        owner = new AtomicIntegerArray(Math.toIntExact(g.totalSlots()));
        final CyclicBarrier start = new CyclicBarrier(threads);
        final List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            final int id = t + 1;
            final long share = ops / threads + (t < ops % threads ? 1 : 0);
            final Thread w = new Thread(() -> work(id, share, start), "swaplayer-churn-" + id);
            w.setDaemon(true); // a thread stuck in the allocator must not keep the JVM alive
            workers.add(w);
        }
        workers.forEach(Thread::start);
        for (final Thread w : workers) {
            w.join();
        }
        final String failure = wrong.get() != null ? wrong.get() : returnAll();
        return failure == null ? afterwards(laid) : String.format(Locale.ROOT, "%s: %s", what(), failure);
    }

    private void work(final int id, final long share, final CyclicBarrier start) {
        final SplittableRandom rnd = new SplittableRandom(seed * 31 + id);
        try {
            start.await();
            for (long i = 0; i < share && wrong.get() == null; i++) {
                step(id, rnd);
                SpinWait.think(rnd.nextInt(SpinWait.THINK));
            }
        } catch (final Throwable e) { // a thread's failure is the result, not a crash
            wrong.compareAndSet(null, Stress.failed(e));
        }
    }

    private void step(final int id, final SplittableRandom rnd) {
        final int cell = rnd.nextInt(CELLS);
        final Folio f = cells.get(cell);
        final int op = rnd.nextInt(8);
        if (f == null) {
            place(id, cell, 1 + rnd.nextInt(maxOrder));
        } else if (op < 5) {
            free(cell, f, rnd);
        } else {
            ask(f, rnd);
        }
    }

    /** Places a folio, claims its slots and publishes it in the cell; frees it again when another thread was first. */
    private void place(final int id, final int cell, final int order) {
        final long h = folios.allocate(order);
        if (h == SlotAllocator.NONE) {
            nones.incrementAndGet();
            return;
        }
        placed.incrementAndGet();
        final long[] slots = new long[1 << order];
        for (int p = 0; p < slots.length; p++) {
            slots[p] = folios.slot(h, order, p);
            final int was = owner.compareAndExchange(index(slots[p]), 0, id);
            if (was != 0) {
                wrong.compareAndSet(null, "allocate(" + order + ") gave " + SwapEntry.toString(h) + ", whose page " + p
                        + " is in " + SwapEntry.toString(slots[p]) + ", which another folio held (expected: a slot"
                        + " no folio holds; a descriptor's table or id was raced, or a free's update of its cluster)");
                return;
            }
        }
        final Folio f = new Folio(h, order, slots, folios.geometry());
        if (!cells.compareAndSet(cell, null, f)) {
            f.held().set(f.all());
            freePages(f, 0, f.pages());
        }
    }

    /** Frees a run of pages of a folio that no other thread holds; the one freeing its last page empties the cell. */
    private void free(final int cell, final Folio f, final SplittableRandom rnd) {
        final int held = f.held().get();
        final int first = f.untaken(held, rnd.nextInt(f.pages()));
        if (first < 0) {
            return; // every page is held by another thread, or freed
        }
        int count = 1;
        while (first + count < f.pages() && (held & 1 << (first + count)) == 0 && rnd.nextInt(3) != 0) {
            count++;
        }
        final int range = ((1 << count) - 1) << first;
        if (!f.held().compareAndSet(held, held | range)) {
            return; // another thread took or gave back a page meanwhile: another step
        }
        if (freePages(f, first, count)) {
            cells.compareAndSet(cell, f, null);
        }
    }

    /** Frees pages the calling thread holds; true when they were the folio's last. */
    private boolean freePages(final Folio f, final int first, final int count) {
        for (int p = first; p < first + count; p++) {
            owner.set(index(f.slot(p)), 0);
        }
        try {
            folios.free(f.handle(), f.order(), first, count);
        } catch (final RuntimeException e) {
            wrong.compareAndSet(null, call("freeFolioPages", f, first + ", " + count) + " threw " + e + " (expected:"
                    + " the pages freed; they were live, and no other thread freed them)");
        }
        return f.left().addAndGet(-count) == 0;
    }

    /** Holds one page of a folio while it asks where the page lies and in how many extents the folio lies. */
    private void ask(final Folio f, final SplittableRandom rnd) {
        final int held = f.held().get();
        final int page = f.untaken(held, rnd.nextInt(f.pages()));
        final int bit = 1 << page;
        if (page < 0 || !f.held().compareAndSet(held, held | bit)) {
            return;
        }
        final long slot = folios.slot(f.handle(), f.order(), page);
        final int extents = folios.extents(f.handle(), f.order());
        final int expected = f.extents();
        if (slot != f.slot(page) || extents != expected) {
            wrong.compareAndSet(null, call("slotOf", f, String.valueOf(page)) + " read " + SwapEntry.toString(slot)
                    + " and extents " + extents + " while other threads freed its other pages (expected: "
                    + SwapEntry.toString(f.slot(page)) + ", where it was placed, and " + expected + " extents; the"
                    + " descriptor was read while it changed, or another folio's)");
        }
        f.held().getAndAdd(-bit); // only this thread clears the bit it set
    }

    /** After the threads: frees every page still live, on this thread; null, or what threw. */
    private String returnAll() {
        for (int c = 0; c < CELLS; c++) {
            final Folio f = cells.get(c);
            if (f == null) {
                continue;
            }
            for (int p = 0; p < f.pages(); p++) {
                if ((f.held().get() & 1 << p) == 0) {
                    f.held().getAndAdd(1 << p);
                    freePages(f, p, 1);
                }
            }
        }
        return wrong.get();
    }

    /** Once every folio was freed: null when the counters, descriptors and audit read the device as laid. */
    private String afterwards(final long laid) {
        final long used = folios.usedSlots();
        final Geometry g = folios.geometry();
        final long free = folios.freeSlots();
        if (used != laid || free != g.totalSlots() - g.reservedSlots() - laid) {
            return what() + ": once every folio was freed, usedSlots() = " + used + " and freeSlots() = " + free
                    + " (expected: " + laid + " and " + (g.totalSlots() - g.reservedSlots() - laid) + ", as the device"
                    + " was laid: " + (used > laid ? (used - laid) + " slots stayed in use, a free that was lost"
                    : "an update of a counter was lost") + ")";
        }
        final String left = Scattered.descriptorsLeft(folios);
        return left == null ? null : what() + ": once every folio was freed (expected: " + left + ")";
    }

    private static int index(final long slot) {
        return (int) SwapEntry.offset(slot);
    }

    private static String call(final String method, final Folio f, final String args) {
        return method + "(" + SwapEntry.toString(f.handle()) + ", " + f.order() + ", " + args + ")";
    }

    private String what() {
        return String.format(Locale.ROOT, "compound churn (%d threads, %,d calls on up to %d folios of 2 to %d pages"
                + " that the threads share, on a device whose free slots are scattered one by one; %,d folios placed,"
                + " %,d NONE)", threads, ops, CELLS, 1 << maxOrder, placed.get(), nones.get());
    }
}

package dev.swaplayer.check;

import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.SwapCountCall;
import dev.swaplayer.allocator.SwapCounts;
import dev.swaplayer.entry.SwapEntry;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import java.util.stream.LongStream;

/**
 * Two threads make a call each on the same slot at the same moment, where what the two calls do together is fixed: both
 * free one folio, or each frees one half of it (every page freed once: one free wins, the other is rejected as the call
 * made second alone is, INV-13, INV-17 "a slot is freed once"); or both make a swap-count call on one slot, the same
 * call (two last {@code put}s, two last {@code cacheDel}s, two {@code dup}s, two {@code cacheAdd}s) or the kernel's own
 * races of two different ones ({@code dup} against {@code put}, {@code put} against the swap cache's {@code cacheDel},
 * {@code cacheAdd} against the last {@code put}, {@code dup} against the {@code cacheDel} of a slot as allocated). The
 * answers and the slot's state after them must be those of the two calls made one after the other, in one order or the
 * other, which {@link CountedSlot} works out ({@link CountedRounds} judges them); or each {@code dup}s a slot of its
 * own, two slots of one cluster at the swap_map byte's edge on a device just created, so that the cluster's first
 * carries meet, and each count must rise by one. Or both allocate on a device just created, and must get two runs
 * that share no slot. For an allocator with the folio calls, whatever its folio policy,
 * the frees and the allocations are also contested on compound folios, on a device whose free slots are scattered
 * ({@link Scattered}): a descriptor's live pages, its table and its id are then what the two threads share. An
 * allocator that checks a slot before it takes its lock, updates a count, a pin or a folio's pages outside it, or
 * builds its metadata or locks on first use without synchronization, gets one of these wrong when the calls overlap.
 *
 * <p>Thread safety: {@link #run} starts and joins its own two threads. Thread 0 leads: it prepares a round's
 * task in plain fields and publishes it with a volatile write of {@code round}; thread 1 reads the task after
 * it has seen that write, and publishes its answer with a volatile write of {@code answered}; thread 0 reads
 * the answer after it has seen that, judges the round, tidies up and only then prepares the next. So each plain
 * field is written and read in turn, never at once. Nothing else uses the allocator meanwhile, so a run freed twice
 * cannot have been handed out again between the two frees.
 *
 * <p>Both threads wait a random few spin-waits ({@link SpinWait}) before their call, so that across the rounds
 * either may come first by a little: the rounds sweep the window in which a check made outside the lock is out of
 * date.
 */
final class ContestedCalls {
    /** Rounds in one run: a few milliseconds. */
    static final int ROUNDS = 2_000;
    /** Folio orders of the contested frees; a folio freed in two halves has at least two pages. */
    private static final int[] ORDERS = {0, 2, 4};
    private static final int[] SPLIT_ORDERS = {1, 2, 4};
    /** Folio orders of the compound rounds: two pages or more, and halves of two pages or more. */
    private static final int[] COMPOUND_ORDERS = {2, 4};
    /** Written by thread 0 to stop thread 1. */
    private static final long STOP = -1;

    /**
     * The calls the two threads make: thread 0 the first, thread 1 the second, on a slot brought to the start
     * state. The two frees need no swap counts; the others do.
     */
    enum Kind {
        /** Free a fresh folio: one frees it, the other is rejected. */
        FREE(null, null, null),
        /** {@code put} at count 1: one returns true (the slot freed), the other is rejected. */
        LAST_PUT(SwapCountCall.PUT, SwapCountCall.PUT, CountedSlot.ONCE),
        /** {@code cacheDel} as allocated: one returns true (the slot freed), the other is rejected. */
        LAST_CACHE_DEL(SwapCountCall.CACHE_DEL, SwapCountCall.CACHE_DEL, CountedSlot.ALLOCATED),
        /** {@code dup}: the count rises by one per OK (a dup may answer NO_MEMORY and change nothing). */
        DUP(SwapCountCall.DUP, SwapCountCall.DUP, CountedSlot.ONCE),
        /** {@code cacheAdd}: one answers OK, the other ALREADY_CACHED. */
        CACHE_ADD(SwapCountCall.CACHE_ADD, SwapCountCall.CACHE_ADD, CountedSlot.ONCE),
        /**
         * Free a fresh folio in two halves, one per thread (pages freed in pieces, as two processes unmapping
         * parts of it do): both return, and every page is freed once ({@code usedSlots()} falls by the folio).
         */
        SPLIT_FREE(null, null, null),
        /** A fork against an unmap at count 2: the count ends at 2, and the {@code put} frees nothing. */
        DUP_PUT(SwapCountCall.DUP, SwapCountCall.PUT, new CountedSlot(2, false)),
        /** The last unmap against the swap cache's release: exactly one of them frees the slot. */
        PUT_CACHE_DEL(SwapCountCall.PUT, SwapCountCall.CACHE_DEL, new CountedSlot(1, true)),
        /** A swap-in's pin against the last unmap: pinned and kept, or freed and NOT_IN_USE. */
        CACHE_ADD_PUT(SwapCountCall.CACHE_ADD, SwapCountCall.PUT, CountedSlot.ONCE),
        /** A fork against the swap cache's release of a slot as allocated: referenced and kept, or freed. */
        DUP_CACHE_DEL(SwapCountCall.DUP, SwapCountCall.CACHE_DEL, CountedSlot.ALLOCATED),
        /**
         * The last unmap against a swap-in that pins the slot and lets the pin go again: three calls, judged by
         * {@link SwapInRace}; exactly one of the put and the cacheDel frees the slot.
         */
        SWAP_IN_PUT(SwapCountCall.PUT, SwapCountCall.CACHE_ADD, CountedSlot.ONCE),
        /**
         * Both allocate a folio on a device just created, where the allocator builds what it makes on first use
         * (cluster metadata, locks): two runs that share no slot, each freed once. Only when the run was given a
         * way to create devices.
         */
        FIRST_USE(null, null, null),
        /**
         * Both {@code dup} a slot of their own, two slots of one cluster, each at the swap_map byte's edge
         * ({@link SharedSlots#EDGE}) on a device just created: the first carries into a continuation digit in that
         * cluster meet (in {@code mm/swapfile.c} the first one allocates the cluster's continuation page outside the
         * lock, and must look again before it installs it). Each count rises by one per OK. Only when the allocator
         * keeps swap counts and the run was given a way to create devices.
         */
        FIRST_CARRY(null, null, null),
        /**
         * FREE of a compound folio, through the folio calls, on a device whose free slots are scattered one by one
         * ({@link Scattered}): one frees it, the other is rejected, and no descriptor outlives it.
         */
        COMPOUND_FREE(null, null, null),
        /** SPLIT_FREE of a compound folio, as COMPOUND_FREE: the descriptor goes with the last page, once. */
        COMPOUND_SPLIT_FREE(null, null, null),
        /**
         * Both place a folio through {@code allocateFolio} on the scattered device, so both go compound: two folios
         * that share no slot (two descriptors, not one id twice), each freed once.
         */
        COMPOUND_ALLOCATE(null, null, null);

        final SwapCountCall first;
        final SwapCountCall second;
        final CountedSlot start;

        Kind(final SwapCountCall first, final SwapCountCall second, final CountedSlot start) {
            this.first = first;
            this.second = second;
            this.start = start;
        }

        /** Whether the two threads make swap-count calls on one slot. */
        boolean counted() {
            return start != null;
        }

        /** Whether the round runs on the scattered device through the folio calls. */
        boolean compound() {
            return this == COMPOUND_FREE || this == COMPOUND_SPLIT_FREE || this == COMPOUND_ALLOCATE;
        }
    }

    private final StressTarget target;
    /** Creates a device of the same policy, geometry and threads for each FIRST_USE round; null for none. */
    private final Supplier<StressTarget> fresh;
    private final SwapCounts counts;
    private final long seed;
    /** The kinds made in turn, round after round. */
    private final Kind[] kinds;
    /** The round thread 1 may start; its write publishes the task below. */
    private volatile long round;
    /** The round thread 1 has answered; its write publishes {@link #answer}. */
    private volatile long answered;
    /** The task: the calls, and the folio (handle, order) whose first page's slot is {@link #entry}. */
    private Kind kind;
    private long handle;
    private int order;
    private long entry;
    /** The device a FIRST_USE or COMPOUND_ALLOCATE round's allocations go to, or a FIRST_CARRY round's slots are on. */
    private StressTarget device;
    /** Thread 1's slot in a FIRST_CARRY round ({@link #entry} is thread 0's). */
    private long neighbour;
    /** The device of the compound rounds, made once per run; null until the first such round. */
    private Scattered scattered;
    /** Where this round's folio was placed and is freed: the target, or the scattered device's folio calls. */
    private StressTarget view;
    /** {@code usedSlots()} of {@link #view}'s device before the round's folio was placed. */
    private long usedBefore;
    /** Judges the swap-count rounds; made once the rounds start. */
    private CountedRounds counted;
    /** Thread 1's answer: what its call returned, or what it threw. */
    private Object answer;
    /** What thread 0 found wrong, or null; read after thread 0 was joined. */
    private String wrong;

    private ContestedCalls(final StressTarget target, final Supplier<StressTarget> fresh, final long seed,
            final Set<Kind> kinds) {
        this.target = target;
        this.fresh = fresh;
        this.counts = target.counts();
        this.seed = seed;
        final boolean folioCalls = fresh != null && target.folioCalls() != null;
        this.kinds = kinds.stream().filter(k -> k.counted() ? counts != null : k.compound() ? folioCalls
                : k == Kind.FIRST_CARRY ? counts != null && fresh != null
                : k != Kind.FIRST_USE || fresh != null).toArray(Kind[]::new);
    }

    /**
     * Runs {@link #ROUNDS} contested rounds on a thread-safe allocator that nothing else is using: every kind in
     * turn, but those that need swap counts when it keeps none, and the first use when fresh is null. The device is
     * left as it was found when every round came out right.
     *
     * @param target the allocator
     * @param fresh creates a new device of the same policy and geometry, for the rounds on a device's first use; null
     *     for none
     * @param seed the seed of the orders and the pauses
     * @return null when every round came out as the two calls made one after the other would, else the first round
     *     that did not
     * @throws InterruptedException when interrupted while waiting for the two threads
     */
    static String run(final StressTarget target, final Supplier<StressTarget> fresh, final long seed)
            throws InterruptedException {
        return run(target, fresh, seed, EnumSet.allOf(Kind.class));
    }

    /**
     * As {@link #run(StressTarget, Supplier, long)}, with only these kinds (those that need swap counts when it has
     * them, FIRST_USE when fresh is given).
     */
    static String run(final StressTarget target, final Supplier<StressTarget> fresh, final long seed,
            final Set<Kind> kinds) throws InterruptedException {
        final ContestedCalls c = new ContestedCalls(target, fresh, seed, kinds);
        if (c.kinds.length == 0) {
            return null;
        }
        final Thread leader = new Thread(c::lead, "swaplayer-contested-0");
        final Thread follower = new Thread(c::follow, "swaplayer-contested-1");
        leader.setDaemon(true); // a thread stuck in the allocator must not keep the JVM alive
        follower.setDaemon(true);
        follower.start();
        leader.start();
        leader.join();
        follower.join();
        return c.wrong;
    }

    private void lead() {
        final SplittableRandom rnd = new SplittableRandom(seed);
        try {
            counted = new CountedRounds(target, target.usedSlots());
            for (int r = 1; r <= ROUNDS && wrong == null; r++) {
                if (!prepare(r, rnd)) {
                    continue;
                }
                if (kind.counted() && !CountedSlot.read(counts, entry).equals(kind.start)) {
                    wrong = "contested round " + r + ": " + SwapEntry.toString(entry) + " reads "
                            + CountedSlot.read(counts, entry) + " once allocated and brought to " + kind.start
                            + " by one thread (expected: " + kind.start + ")";
                    break;
                }
                round = r;
                SpinWait.think(rnd.nextInt(SpinWait.THINK));
                final Object mine = call(true);
                for (int spins = 0; answered != r; spins++) {
                    SpinWait.pause(spins);
                }
                wrong = kind == Kind.FIRST_USE ? judgeTwoAllocations(r, mine, answer, "on a device just created", 0)
                        : kind == Kind.FIRST_CARRY ? CountedRounds.judgeFirstCarry(r, device, entry, neighbour, mine,
                        answer)
                        : kind == Kind.COMPOUND_ALLOCATE ? judgeTwoAllocations(r, mine, answer, "on a device whose"
                        + " free slots are scattered one by one, so that each goes compound", usedBefore)
                        : kind == Kind.SWAP_IN_PUT ? counted.judgeSwapIn(r, kind, entry, mine, answer)
                        : kind.counted() ? counted.judgeCounts(r, kind, entry, mine, answer)
                        : judgeFrees(r, mine, answer);
            }
        } catch (final RuntimeException | Error e) { // the allocator failed outside the contested call
            wrong = "contested calls: " + e;
        } finally {
            round = STOP;
        }
    }

    private void follow() {
        final SplittableRandom rnd = new SplittableRandom(seed).split();
        long seen = 0;
        while (true) {
            long r;
            for (int spins = 0; (r = round) == seen; spins++) {
                SpinWait.pause(spins);
            }
            if (r == STOP) {
                return;
            }
            seen = r;
            SpinWait.think(rnd.nextInt(SpinWait.THINK));
            answer = call(false);
            answered = r;
        }
    }

    /** Sets up round r's task on an otherwise quiet allocator; false when it has no room for it (skipped). */
    private boolean prepare(final int r, final SplittableRandom rnd) {
        kind = kinds[r % kinds.length];
        order = switch (kind) {
            case FREE, FIRST_USE -> ORDERS[rnd.nextInt(ORDERS.length)];
            case SPLIT_FREE -> SPLIT_ORDERS[rnd.nextInt(SPLIT_ORDERS.length)];
            case COMPOUND_FREE, COMPOUND_SPLIT_FREE, COMPOUND_ALLOCATE -> COMPOUND_ORDERS[rnd.nextInt(
                    COMPOUND_ORDERS.length)];
            default -> 0;
        };
        if (kind == Kind.FIRST_USE) {
            device = fresh.get();
            return true;
        }
        if (kind == Kind.FIRST_CARRY) {
            device = fresh.get();
            entry = CountedRounds.atTheEdge(device);
            neighbour = CountedRounds.atTheEdge(device);
            return entry != SlotAllocator.NONE && neighbour != SlotAllocator.NONE && device.geometry().clusterOf(
                    SwapEntry.offset(entry)) == device.geometry().clusterOf(SwapEntry.offset(neighbour));
        }
        if (kind.compound() && scattered == null) {
            scattered = Scattered.lay(fresh.get().folioCalls());
        }
        view = kind.compound() ? scattered.folios() : target;
        usedBefore = view.usedSlots();
        if (kind == Kind.COMPOUND_ALLOCATE) {
            device = view;
            return true;
        }
        handle = view.allocate(order);
        if (handle == SlotAllocator.NONE) {
            return false;
        }
        entry = view.slot(handle, order, 0);
        return !kind.counted() || kind.start.reach(counts, entry);
    }

    /**
     * Makes this round's call: what it returned, or what it threw.
     *
     * @param leader whether thread 0 calls (it makes the kind's first call, and frees the first half of a
     *     SPLIT_FREE folio)
     */
    private Object call(final boolean leader) {
        try {
            return switch (kind) {
                case FREE, COMPOUND_FREE -> {
                    view.free(handle, order, 0, 1 << order);
                    yield true;
                }
                case SPLIT_FREE, COMPOUND_SPLIT_FREE -> {
                    final int half = 1 << (order - 1);
                    view.free(handle, order, leader ? 0 : half, half);
                    yield true;
                }
                case FIRST_USE, COMPOUND_ALLOCATE -> device.allocate(order);
                case FIRST_CARRY -> device.counts().dup(leader ? entry : neighbour);
                case SWAP_IN_PUT -> leader ? kind.first.on(counts, entry) : SwapInRace.swapIn(counts, entry);
                default -> (leader ? kind.first : kind.second).on(counts, entry);
            };
        } catch (final RuntimeException | Error e) {
            return e;
        }
    }

    /** Null when the two frees came out as one after the other, else round r's failure. */
    private String judgeFrees(final int r, final Object a, final Object b) {
        final String why;
        if (kind == Kind.FREE || kind == Kind.COMPOUND_FREE) {
            why = (won(a) && rejected(b)) || (won(b) && rejected(a)) ? null
                    : "one to free it, the other rejected with IllegalStateException or IllegalArgumentException, as"
                    + " the same call made second is" + (won(a) && won(b) ? ": both went through, the slot was freed"
                    + " twice" : "");
        } else {
            final long used = view.usedSlots();
            why = won(a) && won(b) && used == usedBefore ? null
                    : "both to return and every page to be freed once: usedSlots() " + usedBefore + " after, it"
                    + " reads " + used;
        }
        final String fault = why != null || !kind.compound() ? why : Scattered.descriptorsLeft(view);
        return fault == null ? null : "contested round " + r + ": " + what() + ", by two threads at once: "
                + describe(a) + " on one, " + describe(b) + " on the other (expected: " + fault + ")";
    }

    /**
     * Null when the two allocations gave folios that share no slot and each is freed once, leaving {@code usedAfter}
     * slots in use; else round r's failure. On a device just created both must get a run; on the scattered device a
     * NONE is incomplete, not unsafe (an allocator may give up a compound placement another thread made stale), so it
     * is allowed there. A FIRST_USE device is dropped after the round.
     */
    private String judgeTwoAllocations(final int r, final Object a, final Object b, final String where,
            final long usedAfter) {
        final String got = "contested round " + r + ": allocate(" + order + ") by two threads at once " + where
                + ": ";
        if (!(a instanceof Long x) || !(b instanceof Long y)
                || (!kind.compound() && (x == SlotAllocator.NONE || y == SlotAllocator.NONE))) {
            return got + shown(a) + " on one, " + shown(b) + " on the other (expected: a folio for each, there is room"
                    + " for both)";
        }
        final long[] placed = LongStream.of(x, y).filter(h -> h != SlotAllocator.NONE).toArray();
        final Set<Long> pages = new HashSet<>();
        for (final long h : placed) {
            for (int p = 0; p < 1 << order; p++) {
                final long slot = device.slot(h, order, p);
                if (!pages.add(slot)) {
                    return got + shown(a) + " on one, " + shown(b) + " on the other: both hold "
                            + SwapEntry.toString(slot) + " (expected: two folios that share no slot; what the allocator"
                            + " builds on first use, or a descriptor's table or id, was raced)";
                }
            }
        }
        try {
            for (final long h : placed) {
                device.free(h, order, 0, 1 << order);
            }
        } catch (final RuntimeException e) {
            return got + "the free of one of the two folios threw " + e + " (expected: each freed once)";
        }
        if (device.usedSlots() != usedAfter) {
            return got + "usedSlots() reads " + device.usedSlots() + " once both were freed (expected: " + usedAfter
                    + ")";
        }
        final String left = kind.compound() ? Scattered.descriptorsLeft(device) : null;
        return left == null ? null : got + "once both were freed (expected: " + left + ")";
    }

    private String shown(final Object o) {
        return o instanceof Long h ? (h == SlotAllocator.NONE ? "NONE" : SwapEntry.toString(device.slot(h, order, 0)))
                : describe(o);
    }

    private String what() {
        final String e = SwapEntry.toString(entry);
        final String folio = (kind.compound() ? "compound " : "") + (1 << order) + "-page folio at " + e;
        return kind == Kind.FREE || kind == Kind.COMPOUND_FREE ? "the free of a " + folio
                : "the free of " + pages(0, 1 << (order - 1)) + " and " + pages(1 << (order - 1), 1 << order)
                + " of a " + folio + ", one half by each";
    }

    /** Pages {@code [from, to)} in words. */
    private static String pages(final int from, final int to) {
        return to - from == 1 ? "page " + from : "pages " + from + ".." + (to - 1);
    }

    /** Whether a call went through: a free that returned, a put or cacheDel that freed the slot. */
    static boolean won(final Object o) {
        return Boolean.TRUE.equals(o);
    }

    private static boolean rejected(final Object o) {
        return CountedSlot.matches(o, CountedSlot.REJECTED);
    }

    /** A free's answer in words: returned, or how it was rejected or what it threw. */
    private static String describe(final Object o) {
        return o instanceof Throwable ? thrown(o) : "returned";
    }

    /** What a call threw, in words: "rejected: " and the exception when it is a rejection, else "threw ". */
    static String thrown(final Object o) {
        return (rejected(o) ? "rejected: " : "threw ") + o;
    }
}

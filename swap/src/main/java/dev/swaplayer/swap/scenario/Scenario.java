package dev.swaplayer.swap.scenario;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.FolioOutcome;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.device.CompressedRamDevice;
import dev.swaplayer.device.FaultInjectingDevice;
import dev.swaplayer.device.FaultPlan;
import dev.swaplayer.device.FileSwapDevice;
import dev.swaplayer.device.SwapDevice;
import dev.swaplayer.device.header.SwapHeader;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.SwapResult;
import dev.swaplayer.swap.SwapIntegrityException;
import dev.swaplayer.swap.SwapIoException;
import dev.swaplayer.swap.FolioFallback;
import dev.swaplayer.swap.SwapSpace;
import dev.swaplayer.swap.SwappedFolio;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;

/**
 * One random sequence of swap-outs, partial swap-ins, dups, puts and frees over two fault-injecting areas,
 * checked step by step against a plain model: the bytes of every folio and the swap count of each page.
 *
 * <p>Thread safety: not thread-safe; one run per instance.
 *
 * <p>The actions are fixed before the run (a {@link Script}, drawn from a seed or by a property) and
 * interpreted against the state (which folio, which pages), so that a replay with a fault injected follows the
 * fault-free run exactly up to the fault. The invariants (COUNTS, NO-LEAK, CONSISTENT, BYTES) and the
 * guarantees of a failed swap-out or swap-in are those listed in {@link NoDataLoss}.
 *
 * <p>The one fault is either an I/O error ({@link Fault#FAIL_IO}: the k-th I/O attempt of one device throws)
 * or wrong data ({@link Fault#CORRUPT_READ}: the k-th read of one device succeeds with one bit flipped in a
 * page drawn from the script's {@link Script#corruptSeed}). In integrity mode a corrupt read must be a
 * {@link SwapIntegrityException} naming exactly the corrupted page and slot, with the same guarantees as any
 * failed swap-in. Without checksums the swap path cannot tell, the wrong bytes come back, and BYTES fails:
 * {@link NoDataLoss} draws corrupt reads only in integrity mode unless asked for the planted defect that shows
 * BYTES catches wrong data.
 *
 * <p>Every run keeps a log of the actions as it interpreted them ({@link #log()}), so that a failure can be
 * read step by step.
 */
final class Scenario {
    /** Small pages keep RAM-only runs fast; a swap file needs at least 4 KiB pages. */
    private static final int RAM_PAGE = 512;
    private static final int[] SLOTS = {64, 32};

    /** Returns the geometries of the scenario's swap areas, in priority order. */
    static List<Geometry> geometries() {
        return Arrays.stream(SLOTS).mapToObj(Fixtures::small).toList();
    }
    /** The allocators' own audit is costly (it formats its messages eagerly): after failures, and every 8 steps. */
    private static final int AUDIT_EVERY = 8;

    /** A folio as the model sees it. Thread safety: confined to its scenario. */
    private static final class ModelFolio {
        final SwappedFolio handle;
        final byte[] bytes;
        final int[] counts;

        ModelFolio(final SwappedFolio handle, final byte[] bytes) {
            this.handle = handle;
            this.bytes = bytes;
            this.counts = new int[handle.pages()];
            Arrays.fill(counts, 1);
        }

        boolean swappedOut() {
            return Arrays.stream(counts).anyMatch(c -> c > 0);
        }
    }

    /** Where the script comes from, for {@link #describe}: its seed and how to re-run it, or its generator. */
    private final String origin;
    private final Script script;
    private final FolioFallback policy;
    /** Builds each area's allocator; null for the buddy allocator of {@link SwapSpace#builder(FolioFallback)}. */
    private final AllocatorProvider provider;
    private final boolean integrity;
    private final Path fileDir;
    private final int page;
    private final List<Script.Action> actions;
    private final FaultInjectingDevice[] devices = new FaultInjectingDevice[SLOTS.length];
    private final List<ModelFolio> folios = new ArrayList<>();
    private final Set<FolioOutcome> outcomes = EnumSet.noneOf(FolioOutcome.class);
    private final Set<SwapIoException.Direction> failures = EnumSet.noneOf(SwapIoException.Direction.class);
    private final Set<FolioOutcome> integrityOutcomes = EnumSet.noneOf(FolioOutcome.class);
    private int partialSwapIns;
    private int dups;
    private int integrityErrors;
    private int partialIntegrityErrors;
    private final List<String> log = new ArrayList<>();
    private SwapSpace space;
    private long pinned;
    private Fault fault = Fault.FAIL_IO;

    /**
     * @param origin where the script comes from, the start of {@link #describe}: e.g. its seed
     * @param script the actions, priorities, pinned slots and corrupt reads
     * @param policy the placement policy
     * @param provider builds each area's allocator under {@code policy}, which is its {@code folioPolicy()}; or
     *     null for the buddy allocator of {@link SwapSpace#builder(FolioFallback)}
     * @param integrity whether checksums are on
     * @param fileDir a directory for a swap file as area 0, or null for RAM devices only
     */
    Scenario(final String origin, final Script script, final FolioFallback policy, final AllocatorProvider provider,
            final boolean integrity, final Path fileDir) {
        this.origin = origin;
        this.script = script;
        this.policy = policy;
        this.provider = provider;
        this.integrity = integrity;
        this.fileDir = fileDir;
        this.page = fileDir != null ? SwapDevice.DEFAULT_PAGE_SIZE : RAM_PAGE;
        this.actions = script.actions();
    }

    /**
     * Returns how {@link NoDataLoss} names the script of a seed in {@link #describe}: the seed alone, since what
     * re-runs it depends on the caller ({@code ./swaplayer verify --seed}, or the test that swept a fixed list of
     * seeds, which draws the same script again).
     */
    static String seedOrigin(final long seed) {
        return "seed " + seed;
    }

    /**
     * Runs the actions with at most one fault.
     *
     * @param kind the kind of fault (ignored when {@code faultyArea} is -1)
     * @param faultyArea the area whose device fails, or -1 for none
     * @param faultAt which attempt of that device is faulty: an I/O attempt for {@link Fault#FAIL_IO}, a read
     *     for {@link Fault#CORRUPT_READ}
     * @return this
     * @throws AssertionError for a broken invariant, or anything else the swap path, the allocator or a device
     *     threw: its message starts with {@link #describe}, its cause is what was thrown
     */
    Scenario run(final Fault kind, final int faultyArea, final long faultAt) {
        this.fault = kind;
        try {
            setUp(faultyArea, faultAt);
            for (int step = 0; step < actions.size(); step++) {
                final int before = log.size();
                apply(actions.get(step));
                if (log.size() == before) {
                    log.add(actions.get(step).kind() + ": no folio swapped out, nothing to do");
                }
                checkInvariants(actions.get(step).kind() + " at step " + step, step % AUDIT_EVERY == 0);
            }
            log.add("drain: read back every page still swapped out, then free every folio");
            drain();
            if (faultyArea >= 0) {
                Check.equal(1, devices[faultyArea].injectedFailures(), "the planned fault fired");
            }
            return this;
        } catch (final IOException | RuntimeException e) {
            throw new AssertionError(describe(faultyArea, faultAt) + ": " + thrown(e, provider), e);
        } catch (final AssertionError e) {
            throw new AssertionError(describe(faultyArea, faultAt) + ": " + e.getMessage(), e);
        } finally {
            closeDevices();
        }
    }

    /**
     * Returns what a run threw, and the line of the plug-in it came from when the allocator threw it
     * ({@link PolicyRegistry#userFrame(Throwable, Object)}: a frame of a plug-in jar, or of the provider's package
     * when the provider is on the class path, as under the test kit).
     *
     * @param e what the swap path, the allocator or a device threw
     * @param provider the provider whose allocators ran, or null for the built-in buddy allocator
     */
    static String thrown(final Throwable e, final AllocatorProvider provider) {
        final StackTraceElement frame = PolicyRegistry.userFrame(e, provider);
        return e + (frame == null ? "" : " at " + PolicyRegistry.where(frame));
    }

    /** Returns the run in one line: origin (e.g. the seed), policy, integrity, devices, fault. */
    String describe(final int faultyArea, final long faultAt) {
        return origin + ", " + (provider != null ? provider.name() + " "
                : "") + policy + (integrity ? " crc32c" : "")
                + (fileDir != null ? " file" : " ram") + (faultyArea < 0 ? ", no fault"
                : fault == Fault.FAIL_IO ? ", fault at I/O #" + faultAt + " of area " + faultyArea
                : ", corrupt read #" + faultAt + " of area " + faultyArea + (devices[faultyArea] == null ? ""
                : " (" + devices[faultyArea].plan() + ")"));
    }

    /** Returns i/O attempts per area of the run. */
    long[] ioAttempts() {
        final long[] n = new long[devices.length];
        for (int t = 0; t < n.length; t++) {
            n[t] = devices[t].ioAttempts();
        }
        return n;
    }

    /** Returns read attempts per area of the run. */
    long[] readAttempts() {
        final long[] n = new long[devices.length];
        for (int t = 0; t < n.length; t++) {
            n[t] = devices[t].attempts(FaultPlan.Op.READ);
        }
        return n;
    }

    /** Returns what the run met. */
    Coverage coverage() {
        return new Coverage(outcomes, failures, partialSwapIns, dups, integrityErrors, integrityOutcomes,
                partialIntegrityErrors);
    }

    /** Returns the actions applied so far, one line each as interpreted against the state, then the drain. */
    List<String> log() {
        return List.copyOf(log);
    }

    // --------------------------------------------------------------------------------------------- set-up

    private void setUp(final int faultyArea, final long faultAt) throws IOException {
        final SwapSpace.Builder b = (provider == null ? SwapSpace.builder(policy) : SwapSpace.forProvider(provider))
                .integrity(integrity);
        final int priorities = script.priorities(); // equal; area 0 first; area 1 first
        for (int t = 0; t < SLOTS.length; t++) {
            final SwapDevice raw = t == 0 && fileDir != null ? file(t) : CompressedRamDevice.builder(SLOTS[t])
                    .pageSize(page).build();
            final FaultPlan plan = t != faultyArea ? FaultPlan.NONE : fault == Fault.FAIL_IO
                    ? FaultPlan.builder().failIo(faultAt).build()
                    : corruptRead(faultAt);
            devices[t] = new FaultInjectingDevice(raw, plan);
            final int prio = priorities == 0 ? 0 : (priorities == 1) == (t == 0) ? 1 : 0;
            b.addDevice(devices[t], prio, Fixtures.small(SLOTS[t]));
        }
        space = b.build();
        for (int t = 0; t < SLOTS.length; t++) {
            final int stride = script.stride(t); // 0, 1: no pins
            if (stride >= 2) {
                pinned += Fixtures.pinEvery(space.area(t).allocator(), stride + 1).size();
            }
        }
    }

    /**
     * The plan of a corrupt read: the page of the run and the byte of the page come from their own generator
     * ({@link Script#corruptSeed}), so that the replay does exactly what the fault-free run did everywhere else.
     */
    private FaultPlan corruptRead(final long nthRead) {
        final Random r = new Random(script.corruptSeed() * 1_000_003L + nthRead);
        return FaultPlan.builder().corruptRead(nthRead, r.nextInt(1 << 4), r.nextInt(page)).build();
    }

    /**
     * The swap file of area 0: created once, then reopened by every run (creating one writes and syncs every
     * page). Its old content is harmless: the swap path never reads a slot it has not written in this run.
     */
    private SwapDevice file(final int t) throws IOException {
        final Path p = fileDir.resolve("swap" + t);
        if (Files.exists(p)) {
            return FileSwapDevice.open(p, page);
        }
        return FileSwapDevice.create(p, SwapHeader.create(page, SLOTS[t], "", UUID.randomUUID()));
    }

    private void closeDevices() {
        for (final FaultInjectingDevice d : devices) {
            if (d != null) {
                try {
                    d.close();
                } catch (final IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }

    // -------------------------------------------------------------------------------------------- actions

    private void apply(final Script.Action a) throws IOException {
        switch (a.kind()) {
            case SWAP_OUT -> swapOut(a);
            case SWAP_IN -> swapIn(a);
            case DUP -> dup(a);
            case PUT -> put(a);
            case FREE -> free(a);
            default -> throw new AssertionError(a.kind());
        }
    }

    private void swapOut(final Script.Action a) throws IOException {
        final byte[] bytes = Fixtures.folio(a.content(), a.order(), page);
        final ByteBuffer src = ByteBuffer.wrap(bytes);
        log.add("swap-out of an order-" + a.order() + " folio (content seed " + a.content() + ")");
        SwappedFolio f;
        try {
            f = space.swapOut(src, a.order());
        } catch (final SwapIoException e) {
            failures.add(e.direction());
            log.add("  failed: " + e.getMessage() + "; retried");
            Check.equal(SwapIoException.Direction.SWAP_OUT, e.direction());
            checkInvariants("after a failed swap-out (the swap path said: " + e.getMessage() + ")");
            Check.equalBytes(Fixtures.folio(a.content(), a.order(), page), bytes, "the folio is intact");
            Check.equal(0, src.position());
            f = space.swapOut(src, a.order()); // the folio is still resident: out it goes again
        }
        outcomes.add(f.outcome());
        if (f != SwappedFolio.NOT_SWAPPED) {
            folios.add(new ModelFolio(f, bytes));
        }
        log.add("  " + f.outcome() + (f == SwappedFolio.NOT_SWAPPED ? ": no slot for any page, the folio stays resident"
                : ": folio " + (folios.size() - 1)));
    }

    /** The live folio chosen by {@code pick}, or null when none is live. */
    private ModelFolio pick(final Script.Action a) {
        final List<ModelFolio> live = folios.stream().filter(ModelFolio::swappedOut).toList();
        return live.isEmpty() ? null : live.get(a.pick() % live.size());
    }

    /** The first page at or after {@code a.first()} (cyclically) that is swapped out. */
    private static int firstSwappedOut(final ModelFolio m, final Script.Action a) {
        for (int i = 0; i < m.counts.length; i++) {
            final int p = (a.first() + i) % m.counts.length;
            if (m.counts[p] > 0) {
                return p;
            }
        }
        throw new AssertionError("no page swapped out");
    }

    /** At most {@code a.length()} pages from {@code first}, all swapped out. */
    private static int runLength(final ModelFolio m, final int first, final Script.Action a) {
        int n = 1;
        while (n < a.length() && first + n < m.counts.length && m.counts[first + n] > 0) {
            n++;
        }
        return n;
    }

    private void swapIn(final Script.Action a) throws IOException {
        final ModelFolio m = pick(a);
        if (m == null) {
            return;
        }
        final int first = firstSwappedOut(m, a);
        final int count = runLength(m, first, a);
        log.add("swap-in of folio " + folios.indexOf(m) + ", pages " + first + ".." + (first + count - 1)
                + (a.keep() ? ", keep" : ""));
        checkedSwapIn(m, first, count, a.keep());
        partialSwapIns += count < m.counts.length ? 1 : 0;
    }

    /**
     * Swaps pages in and checks the bytes; a failure must change nothing and return nothing, and the retry
     * (the one fault is spent) must succeed.
     */
    private void checkedSwapIn(final ModelFolio m, final int first, final int count, final boolean keep)
            throws IOException {
        final ByteBuffer dst = ByteBuffer.allocate(count * page);
        try {
            space.swapIn(m.handle, first, count, dst, keep);
        } catch (final SwapIoException e) {
            failures.add(e.direction());
            log.add("  failed: " + e.getMessage() + "; retried");
            Check.equal(SwapIoException.Direction.SWAP_IN, e.direction());
            if (fault == Fault.CORRUPT_READ) {
                checkCaughtCorruption(m, first, count, e);
            }
            Check.equal(0, dst.position());
            Check.equalBytes(new byte[count * page], dst.array(), "nothing partial returned");
            checkInvariants("after a failed swap-in (the swap path said: " + e.getMessage() + ")");
            space.swapIn(m.handle, first, count, dst, keep);
        }
        Check.equalBytes(Fixtures.range(m.bytes, first, count, page), dst.array(), () -> "BYTES of pages " + first
                + ".." + (first + count - 1) + " of " + m.handle);
        if (!keep) {
            for (int p = first; p < first + count; p++) {
                m.counts[p]--;
            }
        }
    }

    /** The error names exactly the page whose slot the device corrupted, and that page is in the range. */
    private void checkCaughtCorruption(final ModelFolio m, final int first, final int count,
            final SwapIoException e) {
        if (!(e instanceof SwapIntegrityException)) {
            throw new AssertionError("a corrupt read gave " + e + " (expected: SwapIntegrityException)", e);
        }
        final List<Long> corrupted = devices[SwapEntry.type(e.entry())].corruptedSlots();
        Check.equal(corrupted, List.of(SwapEntry.offset(e.entry())), () -> "the slot the device corrupted, named"
                + " by " + e.getMessage());
        Check.isTrue(e.page() >= first && e.page() < first + count, () -> "page " + e.page() + " outside the swap-in");
        Check.equal(m.handle.entry(e.page()), e.entry(), () -> "the entry of page " + e.page() + " of " + m.handle);
        integrityErrors++;
        integrityOutcomes.add(m.handle.outcome());
        partialIntegrityErrors += count < m.counts.length ? 1 : 0;
    }

    private void dup(final Script.Action a) {
        final ModelFolio m = pick(a);
        if (m == null) {
            return;
        }
        log.add("dup of folio " + folios.indexOf(m));
        Check.equal(SwapResult.OK, space.dup(m.handle));
        dups++;
        for (int p = 0; p < m.counts.length; p++) {
            m.counts[p] += m.counts[p] > 0 ? 1 : 0;
        }
    }

    private void put(final Script.Action a) {
        final ModelFolio m = pick(a);
        if (m == null) {
            return;
        }
        final int first = firstSwappedOut(m, a);
        final int count = runLength(m, first, a);
        int freed = 0;
        for (int p = first; p < first + count; p++) {
            freed += --m.counts[p] == 0 ? 1 : 0;
        }
        log.add("put of folio " + folios.indexOf(m) + ", pages " + first + ".." + (first + count - 1) + ": " + freed
                + " freed");
        Check.equal(freed, space.put(m.handle, first, count), "slots put freed");
    }

    private void free(final Script.Action a) {
        final ModelFolio m = pick(a);
        if (m == null) {
            return;
        }
        final int live = (int) Arrays.stream(m.counts).filter(c -> c > 0).count();
        log.add("free of folio " + folios.indexOf(m) + ": " + live + " pages");
        Check.equal(live, space.free(m.handle), "pages free freed");
        Arrays.fill(m.counts, 0);
    }

    // ------------------------------------------------------------------------------------------ checks

    private void checkInvariants(final String when) {
        checkInvariants(when, true);
    }

    private void checkInvariants(final String when, final boolean audit) {
        long swappedOut = 0;
        for (final ModelFolio m : folios) {
            for (int p = 0; p < m.counts.length; p++) {
                final boolean out = m.counts[p] > 0;
                if (out != m.handle.isSwappedOut(p)
                        || (out && m.counts[p] != space.area(SwapEntry.type(m.handle.entry(p))).counts()
                        .countOf(m.handle.entry(p)))) {
                    throw new AssertionError("COUNTS " + when + ": page " + p + " of " + m.handle + " has model count "
                            + m.counts[p]);
                }
                swappedOut += out ? 1 : 0;
            }
        }
        Check.equal(pinned + swappedOut, Fixtures.used(space), () -> "NO-LEAK " + when + ": slots in use, which"
                + " should be the pinned ones (" + pinned + ") and the pages swapped out");
        if (audit) {
            try {
                Fixtures.audit(space);
            } catch (final AssertionError e) {
                throw new AssertionError("CONSISTENT " + when + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Reads back every page still swapped out (no page lost), then frees everything (no slot and no compound
     * descriptor leaked).
     */
    private void drain() throws IOException {
        for (final ModelFolio m : folios) {
            for (int p = 0; p < m.counts.length; p++) {
                if (m.counts[p] == 0) {
                    continue;
                }
                checkedSwapIn(m, p, 1, true);
            }
            if (m.swappedOut()) {
                space.free(m.handle);
                Arrays.fill(m.counts, 0);
            }
        }
        checkInvariants("after the drain");
        Check.equal(pinned, Fixtures.used(space), "NO-LEAK after the drain: only the pinned slots in use");
        for (int t = 0; t < space.areaCount(); t++) { // INV-7: a descriptor goes with its folio's last page
            Check.equal(0, space.area(t).descriptorCount(), "NO-LEAK after the drain: compound descriptors of area "
                    + t + " live with no page left (a descriptor goes with its folio's last page, whichever call freed"
                    + " it: freeFolioPages, or a put, cacheDel or free of the page's slot)");
        }
        Check.isTrue(folios.stream().noneMatch(m -> m.handle.isSwappedOut()), "no folio swapped out after the drain");
    }
}

package dev.swaplayer.simulator;

import dev.swaplayer.device.CompressedRamDevice;
import dev.swaplayer.device.FileSwapDevice;
import dev.swaplayer.device.MmStat;
import dev.swaplayer.device.SwapDevice;
import dev.swaplayer.device.TempFiles;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.swap.SwapIoException;
import dev.swaplayer.swap.FolioFallback;
import dev.swaplayer.swap.SwapSpace;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Data mode's side of the memory model: gives every page a version, writes a folio's pages to the slots the
 * policy chose at swap-out, reads them back at swap-in and compares them with what was written.
 *
 * <p>Thread safety: not thread-safe; one simulation owns it, with its {@link Memory}.
 *
 * <ul>
 *   <li>A page's contents are {@link PageContent#fill}(region, page, version); the version starts at 0
 *       (zeros) and goes up by one on every write of the page, so resident contents need no storage.</li>
 *   <li>The bytes go through the swap path: a {@link SwapSpace} whose one area is the device with the
 *       policy's allocator. The simulator keeps placing and freeing slots through its {@link PolicySlots} (which
 *       counts swpout, fallbacks and failures), so it uses the swap path's I/O at placed slots
 *       ({@link SwapSpace#writeAt}, {@link SwapSpace#readAt}): one device write or read per run of
 *       consecutive slots (a contiguous folio is one run, a compound folio one per extent, a split page one
 *       each), every slot checked to be in use.</li>
 *   <li>A freed slot is discarded on the zram device (its slot-free notification releases the memory); a
 *       swap file is left as is, like a swap file without the discard option. Discarding is the device
 *       owner's policy, not the swap path's, so it stays here.</li>
 * </ul>
 */
final class DataPath implements Closeable {
    private final String policy;
    private final DataOptions options;
    private final SwapDevice device;
    private final SwapSpace space;
    private final Path tempFile;
    private final String[] regionNames;
    private final int[][] versions;
    private final int pageSize;
    private final byte[] buffer;
    private final byte[] expected;
    private long pagesWritten;
    private long pagesRead;
    private long pagesVerified;
    private long writes;
    private long reads;
    private long discarded;
    private long mismatches;
    private String firstMismatch;
    /** With {@code --corrupt-write}: the slot holding the corrupted page until it is read or freed, else 0. */
    private long corruptedSlot;
    /** Whether the planned page write happened (and was corrupted). */
    private boolean corrupted;
    /** Why the corrupted page was not compared; null before the write and once it was compared. */
    private String uncompared;

    /**
     * @param policy the policy whose allocator places the slots (fresh: no slot in use yet)
     * @param options the data options
     * @param device an open device of at least the workload's swap size; closed by {@link #close()}
     * @param tempFile a file registered with {@link TempFiles}, deleted on {@link #close()} with its directory,
     *     or null
     * @param regions the workload's regions
     * @param maxPages the most pages one swap-out or swap-in moves
     * @throws IllegalArgumentException when the policy's allocator does not suit the swap path (see
     *     {@code SwapArea}) or does not fit the device
     */
    DataPath(final PolicySlots policy, final DataOptions options, final SwapDevice device, final Path tempFile,
            final List<Workload.Region> regions, final int maxPages) {
        this.policy = policy.name();
        this.options = options;
        this.device = device;
        // CONTIGUOUS: the swap space never places a folio here (the policy does), so any allocator will do.
        this.space = swapSpace(device, policy, tempFile);
        this.tempFile = tempFile;
        this.regionNames = regions.stream().map(Workload.Region::name).toArray(String[]::new);
        this.versions = regions.stream().map(r -> new int[r.pages()]).toArray(int[][]::new);
        this.pageSize = device.pageSize();
        this.buffer = new byte[maxPages * pageSize];
        this.expected = new byte[pageSize];
    }

    /** The swap space over the device; when the policy's allocator does not fit, the device is closed first. */
    private static SwapSpace swapSpace(final SwapDevice device, final PolicySlots policy, final Path tempFile) {
        try {
            return SwapSpace.builder(FolioFallback.CONTIGUOUS).addDevice(device, 0, policy.allocator()).build();
        } catch (final IllegalArgumentException e) {
            try {
                device.close();
            } catch (final IOException closing) {
                e.addSuppressed(closing);
            }
            if (tempFile != null) {
                TempFiles.delete(tempFile.getParent());
            }
            throw e;
        }
    }

    /**
     * Opens the device the options name, empty, sized for the workload.
     *
     * @throws DataIoException when the temporary swap file cannot be created
     */
    static DataPath open(final DataOptions options, final Workload w, final PolicySlots policy, final int maxPages) {
        if (options.device() == DataOptions.Device.ZRAM) {
            return new DataPath(policy, options, CompressedRamDevice.builder(w.swapPages())
                    .algorithm(options.algorithm()).build(), null, w.regions(), maxPages);
        }
        Path dir = null;
        try {
            // Registered before it is created, so that Ctrl-C or SIGTERM at any point leaves nothing behind.
            dir = TempFiles.createDirectory("swaplayer-sim-");
            final Path file = TempFiles.register(dir.resolve("swapfile"));
            return new DataPath(policy, options, FileSwapDevice.create(file, w.swapPages(), "swaplayer-sim", null),
                    file, w.regions(), maxPages);
        } catch (final IOException e) {
            if (dir != null) {
                TempFiles.delete(dir);
            }
            throw new DataIoException("policy " + policy.name() + ": creating a temporary swap file of " + w.swapPages()
                    + " pages", e);
        }
    }

    /** The page was written (memset): its contents move to the next version. */
    void written(final int region, final int page) {
        versions[region][page]++;
    }

    /**
     * Writes pages {@code [first, first + count)} of a region to their slots, one device write per run of
     * consecutive slots.
     *
     * @param slots the slot entry of each page, {@code slots[i]} for page {@code first + i}
     */
    void swapOut(final int region, final int first, final int count, final long[] slots) {
        for (int j = 0; j < count; j++) {
            PageContent.fill(region, first + j, versions[region][first + j], buffer, j * pageSize, pageSize);
        }
        corruptIfPlanned(count, slots);
        try {
            writes += space.writeAt(slots, count, ByteBuffer.wrap(buffer, 0, count * pageSize));
        } catch (final SwapIoException e) {
            throw failure("swap-out", region, first, e);
        }
        pagesWritten += count;
    }

    /** Flips one byte of the planned page write, when it is one of the {@code count} pages about to go out. */
    private void corruptIfPlanned(final int count, final long[] slots) {
        final long nth = options.corruptWrite() - pagesWritten;
        if (nth >= 1 && nth <= count) {
            buffer[(int) (nth - 1) * pageSize + pageSize / 2] ^= 0x20;
            corruptedSlot = slots[(int) nth - 1];
            corrupted = true;
            uncompared = "the run ended before it was read back";
        }
    }

    /**
     * The corrupted page's slot leaves the swap device: compared when {@code why} is null, else not, for that
     * reason.
     */
    private void leaving(final long[] slots, final int count, final String why) {
        if (corruptedSlot == 0) {
            return;
        }
        for (int j = 0; j < count; j++) {
            if (slots[j] == corruptedSlot) {
                corruptedSlot = 0;
                uncompared = why;
                return;
            }
        }
    }

    /**
     * Reads pages {@code [first, first + count)} back from their slots, one device read per run, compares
     * them when verifying, then releases the slots on the device.
     */
    void swapIn(final int region, final int first, final int count, final long[] slots) {
        try {
            reads += space.readAt(slots, count, ByteBuffer.wrap(buffer, 0, count * pageSize));
        } catch (final SwapIoException e) {
            throw failure("swap-in", region, first, e);
        }
        pagesRead += count;
        if (options.verify()) {
            for (int j = 0; j < count; j++) {
                verify(region, first + j, slots[j], j * pageSize);
            }
        }
        leaving(slots, count, options.verify() ? null
                : "it was read back but not compared (--verify-data compares every page read)");
        release(slots, count);
    }

    /** The failed run: pages {@code first + e.page()} on, at the slots from {@code e.entry()}. */
    private DataIoException failure(final String op, final int region, final int first, final SwapIoException e) {
        return new DataIoException(what(op, region, first + e.page(), e.pages(), e.entry()),
                (IOException) e.getCause());
    }

    private void verify(final int region, final int page, final long slot, final int at) {
        final int version = versions[region][page];
        PageContent.fill(region, page, version, expected, 0, pageSize);
        final int diff = Arrays.mismatch(buffer, at, at + pageSize, expected, 0, pageSize);
        pagesVerified++;
        if (diff >= 0) {
            mismatches++;
            if (firstMismatch == null) {
                firstMismatch = String.format("policy %s: region %s page %d version %d read from slot %d: byte %d is"
                        + " 0x%02x (expected: 0x%02x)", policy, regionNames[region], page, version,
                        SwapEntry.offset(slot), diff, buffer[at + diff] & 0xFF, expected[diff] & 0xFF);
            }
        }
    }

    /** The slots were freed without a read (MADV_DONTNEED): releases them on the device. */
    void drop(final long[] slots, final int count) {
        leaving(slots, count, "its slot was freed without a read (MADV_DONTNEED)");
        release(slots, count);
    }

    /** Discards the slots on zram, one discard per run of consecutive slots. */
    private void release(final long[] slots, final int count) {
        if (options.device() != DataOptions.Device.ZRAM) {
            return;
        }
        for (int i = 0; i < count; ) {
            final int n = runLength(slots, i, count);
            try {
                device.discard(SwapEntry.offset(slots[i]), n);
            } catch (final IOException e) {
                throw new DataIoException("policy " + policy + ": discard of slots " + SwapEntry.offset(slots[i])
                        + ".." + (SwapEntry.offset(slots[i]) + n - 1), e);
            }
            discarded += n;
            i += n;
        }
    }

    /** @return how many of {@code slots[i..count)} are consecutive slots of one device, at least 1 */
    private static int runLength(final long[] slots, final int i, final int count) {
        int j = i + 1;
        while (j < count && slots[j] == SwapEntry.plus(slots[j - 1], 1)) {
            j++;
        }
        return j - i;
    }

    private String what(final String op, final int region, final int page, final int n, final long slot) {
        return "policy " + policy + ": " + op + " of region " + regionNames[region] + " pages " + page + ".."
                + (page + n - 1) + " at slots " + SwapEntry.offset(slot) + ".." + (SwapEntry.offset(slot) + n - 1);
    }

    /** Returns the figures so far; with zram, its {@code mm_stat} now. */
    DataStats stats() {
        final MmStat mm = device instanceof CompressedRamDevice z ? z.mmStat() : null;
        return new DataStats(options.device(), mm == null ? null : options.algorithm().kernelName(), options.verify(),
                pagesWritten, pagesRead, pagesVerified, writes, reads, pagesWritten * pageSize, pagesRead * pageSize,
                discarded, mismatches, firstMismatch, mm, unreadCorruption());
    }

    private String unreadCorruption() {
        if (options.corruptWrite() == 0 || (corrupted && uncompared == null)) {
            return null;
        }
        return "page write " + options.corruptWrite() + ": " + (corrupted ? uncompared
                : "not reached (the run wrote " + pagesWritten + " pages)");
    }

    /** Closes the device and deletes the temporary swap file. */
    @Override
    public void close() {
        try {
            device.close();
        } catch (final IOException e) {
            throw new DataIoException("policy " + policy + ": closing the device", e);
        } finally {
            if (tempFile != null) {
                TempFiles.delete(tempFile.getParent());
            }
        }
    }
}

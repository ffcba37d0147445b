package dev.swaplayer.device;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A zram-like swap device: pages are compressed and kept on the Java heap.
 *
 * <p>Thread safety: thread-safe. One {@link ReentrantLock}, the device lock, guards the table
 * ({@link UnitTable}: the stored units, the codec and the memory statistics) and the staging buffer; every
 * public method takes it, so operations are serialized (compression included). There is no other lock, so
 * there is no lock order.
 *
 * <h2>Notation</h2>
 * <ul>
 *   <li><b>page</b>: {@link #pageSize()} bytes, one slot. Slot 0 is reserved, as on a swap file.</li>
 *   <li><b>unit</b>: the compression granularity, {@link #unitBytes()} = {@code k} pages (4 KiB by default;
 *       16 KiB or 64 KiB model the multi-page zsmalloc/zram RFCs). Unit {@code u} is the aligned run of slots
 *       {@code u*k .. u*k+k-1}; the capacity is a multiple of {@code k}. Each unit is stored as one object.</li>
 *   <li><b>stored</b>: a slot written and not discarded since; one bit per slot. Unstored slots read as
 *       zeros, whatever the object of their unit still holds.</li>
 * </ul>
 *
 * <h2>How a unit is stored</h2>
 * Per unit, one {@link UnitEntry} word (kind and object size), one fill word and one object reference:
 * <ol>
 *   <li>no stored page: {@code EMPTY}, no memory;</li>
 *   <li>every 8-byte word of the unit equal to the first (read little-endian; zram compares
 *       {@code unsigned long}s): {@code SAME}, only the fill word is kept, and the unit counts in
 *       {@code same_pages};</li>
 *   <li>otherwise compressed; if the result is longer than 3/4 of the unit, the unit is kept raw as
 *       {@code HUGE} and counts in {@code huge_pages}; else {@code COMPRESSED}. The 3/4 is zram's rule before
 *       4.17 ({@code max_zpage_size = PAGE_SIZE / 4 * 3}); since then {@code zram_write_page()} keeps a page raw
 *       when its compressed length reaches zsmalloc's {@code zs_huge_class_size()}, a larger threshold that
 *       depends on zsmalloc's size classes, so this device may count more huge units than a kernel would.</li>
 * </ol>
 *
 * <h2>Writes and reads of multi-page units</h2>
 * <ul>
 *   <li>{@link #writeRun} stores each whole aligned unit of the run with one compression ({@link #writeUnit}
 *       is such a run) and the pages of a partly covered unit as single-page writes do.</li>
 *   <li>{@link #write} of one page stages the unit: the device keeps at most one <b>open unit</b>
 *       uncompressed in a staging buffer. A write to a unit that is not open first <b>seals</b> the open
 *       one (compresses and stores it), then opens the target: it decompresses the unit's current content
 *       into the buffer (unless no other page of it is stored) and patches the page in. The open unit is
 *       sealed as soon as all its {@code k} pages have been written since it was opened, so {@code k}
 *       consecutive page writes of an aligned unit cost one compression, like one {@code writeUnit}.
 *       It is also sealed by {@link #flush()}, {@link #close()} and {@link #mmStat()}. Interleaving
 *       single-page writes across units reopens units and costs one decompression and one compression per
 *       switch. With {@code k = 1} every write is compressed at once.</li>
 *   <li>{@link #read} of one page from a multi-page unit decompresses the whole unit into a scratch
 *       buffer and copies the page out (the cost the RFC's reviewers pointed at); {@link #readRun} decodes
 *       each unit it touches once, so {@link #readUnit} reads a whole unit with one decompression. Reads of the open
 *       unit come from the staging buffer.</li>
 *   <li>{@link #discard} clears the stored bits. A unit's object is freed when none of its pages stays
 *       stored; until then a multi-page object keeps its size (the discarded pages read as zeros and are
 *       zeroed when the unit is next staged).</li>
 * </ul>
 *
 * <h2>Memory accounting ({@link #mmStat()})</h2>
 * Heap footprints are estimates for 64-bit HotSpot with compressed oops: an object is a {@code byte[]}
 * of {@code align8(16 + length)} bytes; the table costs, per unit, 8 (entry word) + 8 (fill word) + 4
 * (reference) = 20 bytes, plus one bit per slot for the stored bitmap, plus four array headers; it is
 * allocated for the whole capacity at construction, so an empty device already reports it (zram's table is
 * vmalloc'd at {@code disksize} too, 16 bytes per slot, but is not part of its {@code mem_used_total}).
 * The staging, scratch and compression buffers (about three units per device, like zram's per-CPU
 * streams) are not counted.
 *
 * <h2>Implementation notes</h2>
 * Capacity: at most 2<sup>32</sup> slots (the on-disk format's limit) and 2<sup>31</sup> - 16 units. Unit
 * size: at most 64 pages and 16 MiB (the entry's 24-bit size). Decompression failures of stored objects cannot
 * happen without a bug and are {@link AssertionError}s; this device never throws {@link java.io.IOException}.
 */
public final class CompressedRamDevice extends DeviceBase implements SwapDevice {
    /** Largest capacity in slots: as many as a swap header can describe. */
    public static final long MAX_CAPACITY = 1L << 32;
    private static final int NO_UNIT = -1;

    private final int pageSize;
    private final int unitBytes;
    private final int pagesPerUnit;
    private final long capacity;
    private final Algorithm algorithm;
    private final long fullMask;
    private final ReentrantLock lock = new ReentrantLock();

    // Everything below is guarded by lock.
    /** The stored units and the memory counters. */
    private final UnitTable table;
    private final byte[] staging;
    private final byte[] scratch;
    private int openUnit = NO_UNIT;
    private long openWritten;

    private CompressedRamDevice(final Builder b) {
        super(b.pageSize, b.capacity, new long[0]);
        this.pageSize = b.pageSize;
        this.unitBytes = b.unitBytes;
        this.pagesPerUnit = b.unitBytes / b.pageSize;
        this.capacity = b.capacity;
        this.algorithm = b.algorithm;
        this.fullMask = pagesPerUnit == Long.SIZE ? -1L : (1L << pagesPerUnit) - 1;
        this.table = new UnitTable(lock, pageSize, unitBytes, capacity, algorithm);
        this.staging = new byte[unitBytes];
        this.scratch = new byte[unitBytes];
    }

    /**
     * Starts a device of {@code capacity} slots (slot 0 included) with the defaults: LZ4, 4 KiB pages,
     * 4 KiB units.
     *
     * @param capacity the number of slots, at least 2 and a multiple of the pages per unit
     * @return a builder
     */
    public static Builder builder(final long capacity) {
        return new Builder(capacity);
    }

    /** Returns the compressor. */
    public Algorithm algorithm() {
        return algorithm;
    }

    /** Returns the compression unit in bytes, a multiple of the page size. */
    public int unitBytes() {
        return unitBytes;
    }

    /** Returns pages per unit, {@code unitBytes() / pageSize()}. */
    public int pagesPerUnit() {
        return pagesPerUnit;
    }

    /** Reads one page, a run of one; never throws {@link java.io.IOException}. */
    @Override
    public void read(final long slot, final ByteBuffer dst) {
        readRun(slot, 1, dst);
    }

    /** Writes one page, a run of one, staging multi-page units as the class comment describes. */
    @Override
    public void write(final long slot, final ByteBuffer src) {
        writeRun(slot, 1, src);
    }

    /**
     * Reads a run; a slot never written or discarded since reads as zeros. Each unit the run touches is
     * decompressed at most once (a single page of a same-filled or huge unit is copied without decoding).
     * Never throws {@link java.io.IOException}.
     */
    @Override
    public void readRun(final long slot, final int pages, final ByteBuffer dst) {
        checkRun(slot, pages, "dst", dst, true);
        lock.lock();
        try {
            checkOpen();
            final long end = slot + pages;
            for (long from = slot; from < end; ) {
                final int u = unitOf(from);
                final long to = Math.min(end, (long) (u + 1) * pagesPerUnit);
                if (to - from == 1) {
                    readPageLocked(from, dst);
                } else {
                    final byte[] unit = u == openUnit ? staging : table.decode(u, scratch);
                    dst.put(unit, (int) (from - (long) u * pagesPerUnit) * pageSize, (int) (to - from) * pageSize);
                }
                from = to;
            }
        } finally {
            lock.unlock();
        }
        stats.read(pages, (long) pages * pageSize);
    }

    /**
     * Writes a run: each whole aligned unit of it with one compression, the pages of a partly covered unit
     * through the staging buffer, as the class comment describes.
     */
    @Override
    public void writeRun(final long slot, final int pages, final ByteBuffer src) {
        checkRun(slot, pages, "src", src, false);
        lock.lock();
        try {
            checkOpen();
            final long end = slot + pages;
            for (long from = slot; from < end; ) {
                final int u = unitOf(from);
                final long to = Math.min(end, (long) (u + 1) * pagesPerUnit);
                if (to - from == pagesPerUnit) {
                    writeWholeUnitLocked(u, src);
                } else {
                    for (long s = from; s < to; s++) {
                        writePageLocked(s, src);
                    }
                }
                from = to;
            }
        } finally {
            lock.unlock();
        }
        stats.write(pages, (long) pages * pageSize);
    }

    /**
     * Writes a whole aligned unit with one compression. Counts as {@code k} page writes in {@link #stats()}.
     *
     * @param firstSlot the unit's first slot: a positive multiple of {@link #pagesPerUnit()} (so the unit
     *                  holding slot 0 can only be written page by page, unless units are one page)
     * @param src exactly {@link #unitBytes()} bytes
     * @throws IllegalArgumentException for a misaligned or out-of-range slot, or a wrong-sized buffer
     * @throws IllegalStateException after {@link #close()}
     */
    public void writeUnit(final long firstSlot, final ByteBuffer src) {
        checkUnitSlot(firstSlot);
        writeRun(firstSlot, pagesPerUnit, src);
    }

    /**
     * Reads a whole aligned unit with one decompression; unstored pages read as zeros. Counts as {@code k}
     * page reads in {@link #stats()}.
     *
     * @param firstSlot the unit's first slot, as for {@link #writeUnit}
     * @param dst a writable buffer with exactly {@link #unitBytes()} bytes remaining
     * @throws IllegalArgumentException for a misaligned or out-of-range slot, or a wrong buffer
     * @throws IllegalStateException after {@link #close()}
     */
    public void readUnit(final long firstSlot, final ByteBuffer dst) {
        checkUnitSlot(firstSlot);
        readRun(firstSlot, pagesPerUnit, dst);
    }

    /** Drops the data of the slots; memory is released as the class comment describes. */
    @Override
    public void discard(final long firstSlot, final long count) {
        checkDiscard(firstSlot, count);
        lock.lock();
        try {
            checkOpen();
            final long end = firstSlot + count;
            for (int u = unitOf(firstSlot); u <= unitOf(end - 1); u++) {
                final long unitStart = (long) u * pagesPerUnit;
                discardInUnitLocked(u, Math.max(firstSlot, unitStart), Math.min(end, unitStart + pagesPerUnit));
            }
        } finally {
            lock.unlock();
        }
        stats.discard(count);
    }

    /** Seals the open unit; there is nothing to make durable. */
    @Override
    public void flush() {
        lock.lock();
        try {
            checkOpen();
            sealOpenUnitLocked();
        } finally {
            lock.unlock();
        }
        stats.flush();
    }

    /** Releases every object; the data is gone. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (!markClosed()) {
                return;
            }
            openUnit = NO_UNIT;
            table.clear();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Seals the open unit, then reports the memory statistics.
     *
     * @return zram's {@code mm_stat} fields for this device
     */
    public MmStat mmStat() {
        lock.lock();
        try {
            if (!isClosed()) {
                sealOpenUnitLocked();
            }
            return table.mmStat();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Recomputes every statistic from the table and checks it against the running counters, and checks that
     * a unit with a stored page is open or holds data. Costs a pass over the table; for tests.
     *
     * @throws AssertionError on the first mismatch, with the unit and the values
     */
    public void verifyInvariants() {
        lock.lock();
        try {
            table.verify(openUnit);
        } finally {
            lock.unlock();
        }
    }

    // ---------------------------------------------------------------- internals, all under the lock

    /** One page through the staging buffer: opens its unit if needed, seals it once every page is written. */
    private void writePageLocked(final long slot, final ByteBuffer src) {
        assert lock.isHeldByCurrentThread();
        final int u = unitOf(slot);
        final int index = (int) (slot - (long) u * pagesPerUnit);
        if (openUnit != u) {
            sealOpenUnitLocked();
            openUnitLocked(u, slot);
        }
        src.get(staging, index * pageSize, pageSize);
        table.setStored(u, slot, slot + 1);
        openWritten |= 1L << index;
        if (openWritten == fullMask) {
            sealOpenUnitLocked();
        }
    }

    /** A whole aligned unit with one compression, replacing whatever was staged for it. */
    private void writeWholeUnitLocked(final int u, final ByteBuffer src) {
        assert lock.isHeldByCurrentThread();
        if (openUnit == u) {
            openUnit = NO_UNIT; // its staged content is entirely replaced
        }
        src.get(scratch, 0, unitBytes);
        final long first = (long) u * pagesPerUnit;
        table.setStored(u, first, first + pagesPerUnit);
        table.store(u, scratch);
    }

    private void readPageLocked(final long slot, final ByteBuffer dst) {
        assert lock.isHeldByCurrentThread();
        final int u = unitOf(slot);
        final int offset = (int) (slot - (long) u * pagesPerUnit) * pageSize;
        if (!table.isStored(slot)) {
            UnitTable.putFill(dst, 0, pageSize);
        } else if (u == openUnit) {
            dst.put(staging, offset, pageSize);
        } else if (!table.copyPageWithoutDecoding(u, offset, dst)) {
            dst.put(table.decode(u, scratch), offset, pageSize);
        }
    }

    /** Opens unit {@code u} for page writes; {@code slot} is about to be overwritten. */
    private void openUnitLocked(final int u, final long slot) {
        assert lock.isHeldByCurrentThread() && openUnit == NO_UNIT;
        final long others = table.storedIn(u) - (table.isStored(slot) ? 1 : 0);
        if (others > 0) {
            table.decode(u, staging);
        } else {
            Arrays.fill(staging, (byte) 0);
        }
        openUnit = u;
        openWritten = 0;
    }

    private void sealOpenUnitLocked() {
        assert lock.isHeldByCurrentThread();
        if (openUnit != NO_UNIT) {
            final int u = openUnit;
            openUnit = NO_UNIT;
            table.store(u, staging);
        }
    }

    /** Drops the slots [from, to) of unit u, and their staged copies if the unit is open. */
    private void discardInUnitLocked(final int u, final long from, final long to) {
        assert lock.isHeldByCurrentThread();
        final boolean empty = table.clearStored(u, from, to);
        if (u == openUnit) {
            final long unitStart = (long) u * pagesPerUnit;
            for (long s = from; s < to; s++) {
                final int i = (int) (s - unitStart);
                Arrays.fill(staging, i * pageSize, (i + 1) * pageSize, (byte) 0);
                openWritten &= ~(1L << i);
            }
            openUnit = empty ? NO_UNIT : openUnit;
        }
    }

    private void checkUnitSlot(final long firstSlot) {
        if (firstSlot < 1 || firstSlot % pagesPerUnit != 0 || firstSlot > capacity - pagesPerUnit) {
            throw Checks.badArgument("firstSlot", firstSlot, "a multiple of " + pagesPerUnit + " in 1.."
                    + (capacity - pagesPerUnit) + ", the first slot of a unit not holding slot 0");
        }
    }

    private int unitOf(final long slot) {
        return (int) (slot / pagesPerUnit);
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "CompressedRamDevice(" + algorithm.kernelName() + ", unit " + unitBytes + ", " + capacity + " x "
                    + pageSize + " B, " + table.describe()
                    + (isClosed() ? ", closed" : "") + ")";
        } finally {
            lock.unlock();
        }
    }

    /**
     * Configures a {@link CompressedRamDevice}.
     *
     * <p>Thread safety: not thread-safe; use from one thread.
     */
    public static final class Builder {
        private final long capacity;
        private Algorithm algorithm = Algorithm.LZ4;
        private int pageSize = DEFAULT_PAGE_SIZE;
        private int unitBytes = DEFAULT_PAGE_SIZE;

        private Builder(final long capacity) {
            this.capacity = capacity;
        }

        /**
         * Returns this.
         *
         * @param value the compressor (default LZ4)
         */
        public Builder algorithm(final Algorithm value) {
            if (value == null) {
                throw Checks.badArgument("algorithm", null, "one of " + Arrays.toString(Algorithm.values()));
            }
            this.algorithm = value;
            return this;
        }

        /**
         * Returns this.
         *
         * @param value the page size (default 4096), a power of two in 512..1048576
         */
        public Builder pageSize(final int value) {
            this.pageSize = value;
            return this;
        }

        /**
         * Returns this.
         *
         * @param value the unit size in bytes (default 4096): the page size times a power of two up to 64
         */
        public Builder unitBytes(final int value) {
            this.unitBytes = value;
            return this;
        }

        /**
         * Returns the device.
         *
         * @throws IllegalArgumentException when the page size, unit or capacity is out of range
         */
        public CompressedRamDevice build() {
            Checks.checkPageSize(pageSize);
            if (unitBytes < pageSize || unitBytes % pageSize != 0 || Integer.bitCount(unitBytes / pageSize) != 1
                    || unitBytes / pageSize > Long.SIZE || unitBytes > UnitEntry.MAX_SIZE) {
                throw Checks.badArgument("unitBytes", unitBytes, "the page size " + pageSize
                        + " times a power of two up to 64, at most " + UnitEntry.MAX_SIZE + " bytes");
            }
            final int k = unitBytes / pageSize;
            final long maxCapacity = Math.min(MAX_CAPACITY, (long) (Integer.MAX_VALUE - 16) * k);
            if (capacity < Math.max(2, k) || capacity % k != 0 || capacity > maxCapacity) {
                throw Checks.badArgument("capacity", capacity, "a multiple of " + k + " pages (the unit) in "
                        + Math.max(2, k) + ".." + maxCapacity);
            }
            return new CompressedRamDevice(this);
        }
    }
}

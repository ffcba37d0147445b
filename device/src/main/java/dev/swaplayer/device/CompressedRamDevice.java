package dev.swaplayer.device;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A zram-like swap device: pages are compressed and kept on the Java heap.
 *
 * <p>Thread safety: thread-safe. One {@link ReentrantLock}, the device lock, guards the table, the staging
 * buffer, the codec and the memory statistics; every public method takes it, so operations are serialized
 * (compression included). There is no other lock, so there is no lock order.
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
 *   <li>otherwise compressed; if the result is longer than {@code max_zpage_size = unit / 4 * 3} the unit is
 *       kept raw as {@code HUGE} and counts in {@code huge_pages}; else {@code COMPRESSED}.</li>
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
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    /** Largest capacity in slots: as many as a swap header can describe. */
    public static final long MAX_CAPACITY = 1L << 32;
    private static final int NO_UNIT = -1;
    private static final int ARRAY_HEADER = 16;
    private static final int TABLE_BYTES_PER_UNIT = Long.BYTES + Long.BYTES + Integer.BYTES;

    private final int pageSize;
    private final int unitBytes;
    private final int pagesPerUnit;
    private final long capacity;
    private final Algorithm algorithm;
    private final int maxObjectSize;
    private final long tableBytes;
    private final long fullMask;
    private final ReentrantLock lock = new ReentrantLock();

    // Everything below is guarded by lock.
    private final long[] entries;
    private final long[] fills;
    private final byte[][] objects;
    private final long[] storedBits;
    private final Codec codec;
    private final byte[] staging;
    private final byte[] scratch;
    private final byte[] compressed;
    private int openUnit = NO_UNIT;
    private long openWritten;
    private long storedPages;
    private long comprDataSize;
    private long objectBytes;
    private long samePages;
    private long hugePages;
    private long memUsedMax;

    private CompressedRamDevice(final Builder b) {
        super(b.pageSize, b.capacity, new long[0]);
        this.pageSize = b.pageSize;
        this.unitBytes = b.unitBytes;
        this.pagesPerUnit = b.unitBytes / b.pageSize;
        this.capacity = b.capacity;
        this.algorithm = b.algorithm;
        this.maxObjectSize = unitBytes / 4 * 3;
        this.fullMask = pagesPerUnit == Long.SIZE ? -1L : (1L << pagesPerUnit) - 1;
        final int units = (int) (capacity / pagesPerUnit);
        this.entries = new long[units];
        this.fills = new long[units];
        this.objects = new byte[units][];
        this.storedBits = new long[(int) ((capacity + Long.SIZE - 1) / Long.SIZE)];
        this.tableBytes = (long) units * TABLE_BYTES_PER_UNIT + (long) storedBits.length * Long.BYTES
                + 4L * ARRAY_HEADER;
        this.codec = algorithm.newCodec();
        this.staging = new byte[unitBytes];
        this.scratch = new byte[unitBytes];
        this.compressed = new byte[codec.maxCompressedLength(unitBytes)];
        this.memUsedMax = tableBytes;
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
                    final byte[] unit = u == openUnit ? staging : decodeUnitLocked(u, scratch);
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
            Arrays.fill(entries, 0);
            Arrays.fill(fills, 0);
            Arrays.fill(objects, null);
            Arrays.fill(storedBits, 0);
            storedPages = 0;
            comprDataSize = 0;
            objectBytes = 0;
            samePages = 0;
            hugePages = 0;
            codec.close();
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
            return new MmStat(storedPages * pageSize, comprDataSize, objectBytes + tableBytes, memUsedMax, samePages,
                    hugePages, objectBytes, tableBytes);
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
            long stored = 0;
            long compr = 0;
            long objs = 0;
            long same = 0;
            long huge = 0;
            for (int u = 0; u < entries.length; u++) {
                final long n = storedInUnitLocked(u);
                final int kind = UnitEntry.kind(entries[u]);
                stored += n;
                if (n > 0 && kind == UnitEntry.EMPTY && u != openUnit) {
                    throw new AssertionError("unit " + u + ": EMPTY with " + n + " stored pages (expected: data)");
                }
                if (n == 0 && (kind != UnitEntry.EMPTY || u == openUnit)) {
                    throw new AssertionError("unit " + u + ": " + UnitEntry.kindName(kind)
                            + (u == openUnit ? " open" : "") + " with no stored page (expected: EMPTY, not open)");
                }
                if ((objects[u] != null) != (kind == UnitEntry.COMPRESSED || kind == UnitEntry.HUGE)) {
                    throw new AssertionError("unit " + u + ": " + UnitEntry.kindName(kind) + " object "
                            + (objects[u] == null ? "missing" : "present"));
                }
                compr += UnitEntry.size(entries[u]);
                objs += objects[u] == null ? 0 : footprint(objects[u].length);
                same += kind == UnitEntry.SAME ? n : 0;
                huge += kind == UnitEntry.HUGE ? n : 0;
            }
            final long[] expected = {stored, compr, objs, same, huge};
            final long[] actual = {storedPages, comprDataSize, objectBytes, samePages, hugePages};
            if (!Arrays.equals(expected, actual)) {
                throw new AssertionError("counters [stored, compr, objects, same, huge]: " + Arrays.toString(actual)
                        + " (expected: " + Arrays.toString(expected) + ")");
            }
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
        setStoredLocked(u, slot, slot + 1);
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
        setStoredLocked(u, first, first + pagesPerUnit);
        storeUnitLocked(u, scratch);
    }

    private void readPageLocked(final long slot, final ByteBuffer dst) {
        assert lock.isHeldByCurrentThread();
        final int u = unitOf(slot);
        final int offset = (int) (slot - (long) u * pagesPerUnit) * pageSize;
        if (!isStoredLocked(slot)) {
            putZeros(dst, pageSize);
        } else if (u == openUnit) {
            dst.put(staging, offset, pageSize);
        } else if (UnitEntry.kind(entries[u]) == UnitEntry.SAME) {
            putFill(dst, fills[u], pageSize);
        } else if (UnitEntry.kind(entries[u]) == UnitEntry.HUGE) {
            dst.put(objects[u], offset, pageSize);
        } else {
            dst.put(decodeUnitLocked(u, scratch), offset, pageSize);
        }
    }

    /** Decodes unit {@code u} into {@code out} with unstored pages zeroed; returns {@code out}. */
    private byte[] decodeUnitLocked(final int u, final byte[] out) {
        assert lock.isHeldByCurrentThread();
        final long entry = entries[u];
        switch (UnitEntry.kind(entry)) {
            case UnitEntry.EMPTY -> {
                Arrays.fill(out, 0, unitBytes, (byte) 0);
                return out;
            }
            case UnitEntry.SAME -> putFill(ByteBuffer.wrap(out, 0, unitBytes), fills[u], unitBytes);
            case UnitEntry.HUGE -> System.arraycopy(objects[u], 0, out, 0, unitBytes);
            case UnitEntry.COMPRESSED -> codec.decompress(objects[u], UnitEntry.size(entry), out, unitBytes);
            default -> throw new AssertionError(
                    "unit " + u + ": entry " + Long.toHexString(entry) + " has an unknown kind");
        }
        final long unitStart = (long) u * pagesPerUnit;
        for (int i = 0; i < pagesPerUnit; i++) {
            if (!isStoredLocked(unitStart + i)) {
                Arrays.fill(out, i * pageSize, (i + 1) * pageSize, (byte) 0);
            }
        }
        return out;
    }

    /** Opens unit {@code u} for page writes; {@code slot} is about to be overwritten. */
    private void openUnitLocked(final int u, final long slot) {
        assert lock.isHeldByCurrentThread() && openUnit == NO_UNIT;
        final long others = storedInUnitLocked(u) - (isStoredLocked(slot) ? 1 : 0);
        if (others > 0) {
            decodeUnitLocked(u, staging);
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
            storeUnitLocked(u, staging);
        }
    }

    /** Replaces unit {@code u}'s object by the encoding of {@code data} (same-filled, compressed or huge). */
    private void storeUnitLocked(final int u, final byte[] data) {
        assert lock.isHeldByCurrentThread() && storedInUnitLocked(u) > 0;
        unaccountLocked(u);
        final long first = (long) LONGS.get(data, 0);
        if (isSameFilled(data, first)) {
            setEntryLocked(u, UnitEntry.pack(UnitEntry.SAME, 0), first, null);
        } else {
            final int n = codec.compress(data, unitBytes, compressed);
            if (n > maxObjectSize) {
                setEntryLocked(u, UnitEntry.pack(UnitEntry.HUGE, unitBytes), 0, Arrays.copyOf(data, unitBytes));
            } else {
                setEntryLocked(u, UnitEntry.pack(UnitEntry.COMPRESSED, n), 0, Arrays.copyOf(compressed, n));
            }
        }
        accountLocked(u);
    }

    private void discardInUnitLocked(final int u, final long from, final long to) {
        assert lock.isHeldByCurrentThread();
        unaccountLocked(u);
        final long unitStart = (long) u * pagesPerUnit;
        for (long s = from; s < to; s++) {
            if (isStoredLocked(s)) {
                storedBits[(int) (s >>> 6)] &= ~(1L << s);
                storedPages--;
            }
            if (u == openUnit) {
                final int i = (int) (s - unitStart);
                Arrays.fill(staging, i * pageSize, (i + 1) * pageSize, (byte) 0);
                openWritten &= ~(1L << i);
            }
        }
        if (storedInUnitLocked(u) == 0) {
            setEntryLocked(u, UnitEntry.pack(UnitEntry.EMPTY, 0), 0, null);
            if (u == openUnit) {
                openUnit = NO_UNIT;
            }
        }
        accountLocked(u);
    }

    private void setStoredLocked(final int u, final long from, final long to) {
        assert lock.isHeldByCurrentThread();
        unaccountLocked(u);
        for (long s = from; s < to; s++) {
            if (!isStoredLocked(s)) {
                storedBits[(int) (s >>> 6)] |= 1L << s;
                storedPages++;
            }
        }
        accountLocked(u);
    }

    private void setEntryLocked(final int u, final long entry, final long fill, final byte[] object) {
        entries[u] = entry;
        fills[u] = fill;
        objects[u] = object;
    }

    /** Removes unit {@code u}'s share from the counters; pairs with {@link #accountLocked}. */
    private void unaccountLocked(final int u) {
        addShareLocked(u, -1);
    }

    /** Adds unit {@code u}'s share to the counters and updates {@code memUsedMax}. */
    private void accountLocked(final int u) {
        addShareLocked(u, 1);
        memUsedMax = Math.max(memUsedMax, objectBytes + tableBytes);
    }

    private void addShareLocked(final int u, final int sign) {
        assert lock.isHeldByCurrentThread();
        final int kind = UnitEntry.kind(entries[u]);
        final long n = storedInUnitLocked(u);
        comprDataSize += sign * (long) UnitEntry.size(entries[u]);
        objectBytes += objects[u] == null ? 0 : sign * footprint(objects[u].length);
        samePages += kind == UnitEntry.SAME ? sign * n : 0;
        hugePages += kind == UnitEntry.HUGE ? sign * n : 0;
    }

    private long storedInUnitLocked(final int u) {
        final long unitStart = (long) u * pagesPerUnit;
        long n = 0;
        for (int i = 0; i < pagesPerUnit; i++) {
            n += isStoredLocked(unitStart + i) ? 1 : 0;
        }
        return n;
    }

    private boolean isStoredLocked(final long slot) {
        return (storedBits[(int) (slot >>> 6)] & (1L << slot)) != 0;
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

    private boolean isSameFilled(final byte[] data, final long first) {
        for (int i = Long.BYTES; i < unitBytes; i += Long.BYTES) {
            if ((long) LONGS.get(data, i) != first) {
                return false;
            }
        }
        return true;
    }

    private static long footprint(final int length) {
        return (ARRAY_HEADER + length + 7L) & ~7L;
    }

    private static void putZeros(final ByteBuffer dst, final int bytes) {
        putFill(dst, 0, bytes);
    }

    private static void putFill(final ByteBuffer dst, final long fill, final int bytes) {
        final ByteBuffer d = dst.slice().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < bytes; i += Long.BYTES) {
            d.putLong(i, fill);
        }
        dst.position(dst.position() + bytes);
    }

    @Override
    public String toString() {
        lock.lock();
        try {
            return "CompressedRamDevice(" + algorithm.kernelName() + ", unit " + unitBytes + ", " + capacity + " x "
                    + pageSize + " B, stored " + storedPages + ", compr " + comprDataSize
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

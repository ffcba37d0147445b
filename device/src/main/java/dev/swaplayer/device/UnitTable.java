package dev.swaplayer.device;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The stored side of a {@link CompressedRamDevice}: one {@link UnitEntry} word, one fill word and one object per
 * unit, the stored bit of each slot, the codec that encodes a unit, and the memory counters of {@code mm_stat}.
 * The device's class comment says how a unit is stored and how memory is accounted; the staging of an open unit
 * stays in the device.
 *
 * <p>Thread safety: guarded by the owning device's lock, which every method asserts; it takes no lock itself.
 */
final class UnitTable {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final int ARRAY_HEADER = 16;
    private static final int TABLE_BYTES_PER_UNIT = Long.BYTES + Long.BYTES + Integer.BYTES;

    private final ReentrantLock deviceLock;
    private final int pageSize;
    private final int unitBytes;
    private final int pagesPerUnit;
    private final int maxObjectSize;
    /** The table's own footprint, fixed at construction. */
    final long tableBytes;
    private final long[] entries;
    private final long[] fills;
    private final byte[][] objects;
    private final long[] storedBits;
    private final Codec codec;
    private final byte[] compressed;
    private long storedPages;
    private long comprDataSize;
    private long objectBytes;
    private long samePages;
    private long hugePages;
    private long memUsedMax;

    UnitTable(final ReentrantLock deviceLock, final int pageSize, final int unitBytes, final long capacity,
            final Algorithm algorithm) {
        this.deviceLock = deviceLock;
        this.pageSize = pageSize;
        this.unitBytes = unitBytes;
        this.pagesPerUnit = unitBytes / pageSize;
        this.maxObjectSize = unitBytes / 4 * 3;
        final int units = (int) (capacity / pagesPerUnit);
        this.entries = new long[units];
        this.fills = new long[units];
        this.objects = new byte[units][];
        this.storedBits = new long[(int) ((capacity + Long.SIZE - 1) / Long.SIZE)];
        this.tableBytes = (long) units * TABLE_BYTES_PER_UNIT + (long) storedBits.length * Long.BYTES
                + 4L * ARRAY_HEADER;
        this.codec = algorithm.newCodec();
        this.compressed = new byte[codec.maxCompressedLength(unitBytes)];
        this.memUsedMax = tableBytes;
    }

    private boolean holdsDevice() {
        return deviceLock.isHeldByCurrentThread();
    }

    /** Under the device lock: returns the unit's kind ({@link UnitEntry}). */
    int kind(final int u) {
        assert holdsDevice();
        return UnitEntry.kind(entries[u]);
    }

    /** Under the device lock: returns whether the slot is stored. */
    boolean isStored(final long slot) {
        assert holdsDevice();
        return (storedBits[(int) (slot >>> 6)] & (1L << slot)) != 0;
    }

    /** Under the device lock: returns the stored pages of unit u. */
    long storedIn(final int u) {
        final long unitStart = (long) u * pagesPerUnit;
        long n = 0;
        for (int i = 0; i < pagesPerUnit; i++) {
            n += isStored(unitStart + i) ? 1 : 0;
        }
        return n;
    }

    /** Under the device lock: marks the slots [from, to) of unit u stored. */
    void setStored(final int u, final long from, final long to) {
        unaccount(u);
        for (long s = from; s < to; s++) {
            if (!isStored(s)) {
                storedBits[(int) (s >>> 6)] |= 1L << s;
                storedPages++;
            }
        }
        account(u);
    }

    /**
     * Under the device lock: marks the slots [from, to) of unit u not stored, and frees the unit's object when
     * none of its pages stays stored.
     *
     * @return whether the unit is now empty
     */
    boolean clearStored(final int u, final long from, final long to) {
        unaccount(u);
        for (long s = from; s < to; s++) {
            if (isStored(s)) {
                storedBits[(int) (s >>> 6)] &= ~(1L << s);
                storedPages--;
            }
        }
        final boolean empty = storedIn(u) == 0;
        if (empty) {
            setEntry(u, UnitEntry.pack(UnitEntry.EMPTY, 0), 0, null);
        }
        account(u);
        return empty;
    }

    /** Under the device lock: replaces unit u's object by the encoding of data (same-filled, compressed or huge). */
    void store(final int u, final byte[] data) {
        assert storedIn(u) > 0 : "unit " + u + " stored with no stored page";
        unaccount(u);
        final long first = (long) LONGS.get(data, 0);
        if (isSameFilled(data, first)) {
            setEntry(u, UnitEntry.pack(UnitEntry.SAME, 0), first, null);
        } else {
            final int n = codec.compress(data, unitBytes, compressed);
            if (n > maxObjectSize) {
                setEntry(u, UnitEntry.pack(UnitEntry.HUGE, unitBytes), 0, Arrays.copyOf(data, unitBytes));
            } else {
                setEntry(u, UnitEntry.pack(UnitEntry.COMPRESSED, n), 0, Arrays.copyOf(compressed, n));
            }
        }
        account(u);
    }

    /** Under the device lock: decodes unit u into out with unstored pages zeroed; returns out. */
    byte[] decode(final int u, final byte[] out) {
        assert holdsDevice();
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
            if (!isStored(unitStart + i)) {
                Arrays.fill(out, i * pageSize, (i + 1) * pageSize, (byte) 0);
            }
        }
        return out;
    }

    /**
     * Under the device lock: copies one stored page of a same-filled or huge unit without decoding.
     *
     * @return whether it did (false for a compressed unit, which must be decoded)
     */
    boolean copyPageWithoutDecoding(final int u, final int offset, final ByteBuffer dst) {
        switch (kind(u)) {
            case UnitEntry.SAME -> putFill(dst, fills[u], pageSize);
            case UnitEntry.HUGE -> dst.put(objects[u], offset, pageSize);
            default -> {
                return false;
            }
        }
        return true;
    }

    /** Under the device lock: drops every object and stored bit; the counters go to zero but the peak stays. */
    void clear() {
        assert holdsDevice();
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
    }

    /** Under the device lock: returns zram's {@code mm_stat} fields for the stored units. */
    MmStat mmStat() {
        assert holdsDevice();
        return new MmStat(storedPages * pageSize, comprDataSize, objectBytes + tableBytes, memUsedMax, samePages,
                hugePages, objectBytes, tableBytes);
    }

    /**
     * Under the device lock: recomputes every counter from the table and checks it against the running ones, and
     * checks that a unit with a stored page is open or holds data.
     *
     * @param openUnit the device's open unit, or a negative number
     * @throws AssertionError on the first mismatch, with the unit and the values
     */
    void verify(final int openUnit) {
        assert holdsDevice();
        final long[] expected = new long[5]; // stored, compr, objects, same, huge
        for (int u = 0; u < entries.length; u++) {
            final long n = storedIn(u);
            final int kind = UnitEntry.kind(entries[u]);
            verifyUnit(u, n, kind, u == openUnit);
            expected[0] += n;
            expected[1] += UnitEntry.size(entries[u]);
            expected[2] += objects[u] == null ? 0 : footprint(objects[u].length);
            expected[3] += kind == UnitEntry.SAME ? n : 0;
            expected[4] += kind == UnitEntry.HUGE ? n : 0;
        }
        final long[] actual = {storedPages, comprDataSize, objectBytes, samePages, hugePages};
        if (!Arrays.equals(expected, actual)) {
            throw new AssertionError("counters [stored, compr, objects, same, huge]: " + Arrays.toString(actual)
                    + " (expected: " + Arrays.toString(expected) + ")");
        }
    }

    private void verifyUnit(final int u, final long stored, final int kind, final boolean open) {
        if (stored > 0 && kind == UnitEntry.EMPTY && !open) {
            throw new AssertionError("unit " + u + ": EMPTY with " + stored + " stored pages (expected: data)");
        }
        if (stored == 0 && (kind != UnitEntry.EMPTY || open)) {
            throw new AssertionError("unit " + u + ": " + UnitEntry.kindName(kind) + (open ? " open" : "")
                    + " with no stored page (expected: EMPTY, not open)");
        }
        if ((objects[u] != null) != (kind == UnitEntry.COMPRESSED || kind == UnitEntry.HUGE)) {
            throw new AssertionError("unit " + u + ": " + UnitEntry.kindName(kind) + " object "
                    + (objects[u] == null ? "missing" : "present"));
        }
    }

    /** Under the device lock: returns the stored pages and the compressed bytes, for the device's description. */
    String describe() {
        return "stored " + storedPages + ", compr " + comprDataSize;
    }

    private void setEntry(final int u, final long entry, final long fill, final byte[] object) {
        entries[u] = entry;
        fills[u] = fill;
        objects[u] = object;
    }

    /** Removes unit u's share from the counters; pairs with {@link #account}. */
    private void unaccount(final int u) {
        addShare(u, -1);
    }

    /** Adds unit u's share to the counters and updates the peak. */
    private void account(final int u) {
        addShare(u, 1);
        memUsedMax = Math.max(memUsedMax, objectBytes + tableBytes);
    }

    private void addShare(final int u, final int sign) {
        assert holdsDevice();
        final int kind = UnitEntry.kind(entries[u]);
        final long n = storedIn(u);
        comprDataSize += sign * (long) UnitEntry.size(entries[u]);
        objectBytes += objects[u] == null ? 0 : sign * footprint(objects[u].length);
        samePages += kind == UnitEntry.SAME ? sign * n : 0;
        hugePages += kind == UnitEntry.HUGE ? sign * n : 0;
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

    /** Puts {@code bytes} bytes of the little-endian fill word into dst and advances it. */
    static void putFill(final ByteBuffer dst, final long fill, final int bytes) {
        final ByteBuffer d = dst.slice().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < bytes; i += Long.BYTES) {
            d.putLong(i, fill);
        }
        dst.position(dst.position() + bytes);
    }
}

package dev.swaplayer.device;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Which operations a {@link FaultInjectingDevice} makes fail: a deterministic plan over numbered attempts.
 *
 * <p>Thread safety: immutable (the {@link Builder} is not thread-safe).
 *
 * <h2>Numbering</h2>
 * Every call that passes the argument checks is an <b>attempt</b>, numbered from 1 in two ways at once:
 * <ul>
 *   <li>per kind ({@link Op}): read #1, read #2, ..., write #1, ... - {@link Builder#fail(Op, long)};</li>
 *   <li>globally over all kinds (reads, writes, discards and flushes): I/O #1, I/O #2, ... -
 *       {@link Builder#failIo(long)}.</li>
 * </ul>
 * Failed attempts are numbered too, so "fail write #3" fails exactly one call, and a test can enumerate
 * every position of a run: count the attempts of a fault-free run ({@link FaultInjectingDevice#ioAttempts()}),
 * then replay it with {@code failIo(i)} for each {@code i} in {@code 1..count}.
 *
 * <h2>Outcomes</h2>
 * <table>
 *   <caption>What a planned attempt does</caption>
 *   <tr><th>plan</th><th>the call</th><th>the wrapped device</th><th>the caller sees</th></tr>
 *   <tr><td><b>fail</b> ({@link Builder#fail}, {@link Builder#failIo})</td>
 *       <td>throws {@code IOException("injected: write #3 failed")} (or {@code "injected: I/O #7 (write #3)
 *       failed"})</td><td>not reached: unchanged</td><td>an error; {@code dst} untouched, {@code src} not
 *       consumed</td></tr>
 *   <tr><td><b>tear</b> ({@link Builder#tearWrite})</td><td>stores only the first {@code K} bytes of the new
 *       run over the old content, then throws {@code IOException("injected: write #4 torn after 100 of 4096
 *       bytes")}</td><td>a mixed page</td><td>an error</td></tr>
 *   <tr><td><b>corrupt</b> ({@link Builder#corruptRead}, {@link Builder#corruptSlotRead})</td>
 *       <td>returns normally, with one byte of one page of {@code dst} changed (its low bit flipped)</td>
 *       <td>read as usual: unchanged</td><td><i>success</i> and wrong data: only a checksum can tell</td></tr>
 * </table>
 * A planned failure takes precedence over a tear of the same write and over a corruption of the same read.
 * A corruption is silent by design: it models a device (or a transfer) that returns wrong bytes without an
 * error, the case the swap layer's CRC32C exists for.
 *
 * <h2>Which byte a corruption changes</h2>
 * <pre>
 *   corruptRead(nth, page, byte):    read #nth = readRun(slot, pages, dst)
 *
 *     dst  | page 0 | page 1 | ... | page pages-1 |
 *                      ^ page % pages  (taken modulo the run's length, so a plan drawn before the run is
 *                      |                known always hits a page of it)
 *                      +-- byte % pageSize of that page: its low bit flips
 *
 *   corruptSlotRead(slot, byte):     the first read attempt whose run covers slot (and does not fail) returns
 *                                    that slot's page with byte % pageSize flipped; later reads of the slot are
 *                                    clean (corruption in transit: a retry reads the right bytes)
 * </pre>
 * The medium is never changed by a corruption, so reading again after the planned read gives the right data.
 */
public final class FaultPlan {
    /** The kinds of numbered operations. */
    public enum Op {
        /** {@link SwapDevice#read}. */
        READ,
        /** {@link SwapDevice#write}. */
        WRITE,
        /** {@link SwapDevice#discard}. */
        DISCARD,
        /** {@link SwapDevice#flush}. */
        FLUSH;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A plan that injects nothing: the wrapper only counts. */
    public static final FaultPlan NONE = builder().build();

    private final Map<Op, Set<Long>> failures;
    private final Set<Long> ioFailures;
    private final Map<Long, Integer> tears;
    /** Read number to {page in run, byte in page}. */
    private final Map<Long, long[]> readCorruptions;
    /** Slot to byte in page. */
    private final Map<Long, Integer> slotCorruptions;

    private FaultPlan(final Builder b) {
        final Map<Op, Set<Long>> f = new EnumMap<>(Op.class);
        for (final Op op : Op.values()) {
            f.put(op, Collections.unmodifiableSet(new TreeSet<>(b.failures.get(op))));
        }
        this.failures = Collections.unmodifiableMap(f);
        this.ioFailures = Collections.unmodifiableSet(new TreeSet<>(b.ioFailures));
        this.tears = Collections.unmodifiableMap(new TreeMap<>(b.tears));
        this.readCorruptions = Collections.unmodifiableMap(new TreeMap<>(b.readCorruptions));
        this.slotCorruptions = Collections.unmodifiableMap(new TreeMap<>(b.slotCorruptions));
    }

    /** Returns an empty builder. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Returns whether that attempt fails.
     *
     * @param op a kind
     * @param nth an attempt number of that kind, from 1
     */
    public boolean fails(final Op op, final long nth) {
        return failures.get(op).contains(nth);
    }

    /**
     * Returns whether that attempt fails, whatever its kind.
     *
     * @param nth a global attempt number, from 1
     */
    public boolean failsIo(final long nth) {
        return ioFailures.contains(nth);
    }

    /**
     * Returns how many bytes of that write reach the device before it fails, or -1 when it is not torn.
     *
     * @param nthWrite a write attempt number, from 1
     */
    public int tearBytes(final long nthWrite) {
        return tears.getOrDefault(nthWrite, -1);
    }

    /**
     * Returns {page in the run (before the modulo), byte in the page (before the modulo)} of the corruption of that
     * read, or null when it is read cleanly.
     *
     * @param nthRead a read attempt number, from 1
     */
    long[] readCorruption(final long nthRead) {
        final long[] c = readCorruptions.get(nthRead);
        return c == null ? null : c.clone();
    }

    /**
     * Returns whether that read, if it does not fail, returns one flipped byte.
     *
     * @param nthRead a read attempt number, from 1
     */
    public boolean corruptsRead(final long nthRead) {
        return readCorruptions.containsKey(nthRead);
    }

    /** Returns the slots whose first read returns a flipped byte, ascending. */
    public Set<Long> corruptedSlots() {
        return slotCorruptions.keySet();
    }

    /**
     * Returns the byte of its page that its first read flips, or -1 when the slot is not planned.
     *
     * @param slot a slot
     */
    int slotCorruptionByte(final long slot) {
        return slotCorruptions.getOrDefault(slot, -1);
    }

    /** Returns the largest torn-write prefix in the plan, or -1 when nothing is torn. */
    int maxTearBytes() {
        return tears.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
    }

    @Override
    public String toString() {
        final List<String> parts = new ArrayList<>();
        for (final Op op : Op.values()) {
            failures.get(op).forEach(n -> parts.add(op.label() + " #" + n + " fails"));
        }
        ioFailures.forEach(n -> parts.add("I/O #" + n + " fails"));
        tears.forEach((n, k) -> parts.add("write #" + n + " torn after " + k + " bytes"));
        readCorruptions.forEach((n, c) -> parts.add("read #" + n + " corrupt at page " + c[0] + " byte " + c[1]));
        slotCorruptions.forEach((slot, k) -> parts.add("first read of slot " + slot + " corrupt at byte " + k));
        return "FaultPlan(" + (parts.isEmpty() ? "none" : String.join(", ", parts)) + ")";
    }

    /**
     * Collects the failures of a plan.
     *
     * <p>Thread safety: not thread-safe.
     */
    public static final class Builder {
        private final Map<Op, Set<Long>> failures = new EnumMap<>(Op.class);
        private final Set<Long> ioFailures = new TreeSet<>();
        private final Map<Long, Integer> tears = new TreeMap<>();
        private final Map<Long, long[]> readCorruptions = new TreeMap<>();
        private final Map<Long, Integer> slotCorruptions = new TreeMap<>();

        private Builder() {
            for (final Op op : Op.values()) {
                failures.put(op, new TreeSet<>());
            }
        }

        /**
         * Fails the {@code nth} attempt of one kind.
         *
         * @param op the kind
         * @param nth the attempt number, from 1
         * @return this
         */
        public Builder fail(final Op op, final long nth) {
            failures.get(op).add(checkNth(nth));
            return this;
        }

        /**
         * Fails the {@code nth} read.
         *
         * @param nth the read attempt to fail, from 1
         * @return this
         */
        public Builder failRead(final long nth) {
            return fail(Op.READ, nth);
        }

        /**
         * Fails the {@code nth} write.
         *
         * @param nth the write attempt to fail, from 1
         * @return this
         */
        public Builder failWrite(final long nth) {
            return fail(Op.WRITE, nth);
        }

        /**
         * Fails the {@code nth} discard.
         *
         * @param nth the discard attempt to fail, from 1
         * @return this
         */
        public Builder failDiscard(final long nth) {
            return fail(Op.DISCARD, nth);
        }

        /**
         * Fails the {@code nth} flush.
         *
         * @param nth the flush attempt to fail, from 1
         * @return this
         */
        public Builder failFlush(final long nth) {
            return fail(Op.FLUSH, nth);
        }

        /**
         * Fails the {@code nth} attempt of any kind, counted over reads, writes, discards and flushes.
         *
         * @param nth the global attempt number, from 1
         * @return this
         */
        public Builder failIo(final long nth) {
            ioFailures.add(checkNth(nth));
            return this;
        }

        /**
         * Tears the {@code nth} write: only its first {@code bytes} bytes reach the device, then it fails.
         *
         * @param nth the write attempt number, from 1
         * @param bytes how many bytes reach the device: 0..pageSize-1 (checked against the device when the
         *              plan is installed)
         * @return this
         */
        public Builder tearWrite(final long nth, final int bytes) {
            if (bytes < 0) {
                throw Checks.badArgument("bytes", bytes, ">= 0 and below the page size");
            }
            tears.put(checkNth(nth), bytes);
            return this;
        }

        /**
         * Corrupts the {@code nth} read: it succeeds, but byte 0 of its first page comes back with its low bit
         * flipped. Same as {@code corruptRead(nth, 0, 0)}.
         *
         * @param nth the read attempt number, from 1
         * @return this
         */
        public Builder corruptRead(final long nth) {
            return corruptRead(nth, 0, 0);
        }

        /**
         * Corrupts the {@code nth} read: it succeeds, but one byte of one page of the run comes back with its low
         * bit flipped (see the drawing in the class comment).
         *
         * @param nth the read attempt number, from 1
         * @param page the page of the run, taken modulo the run's length: {@code >= 0}
         * @param byteInPage the byte of that page, taken modulo the page size: {@code >= 0}
         * @return this
         */
        public Builder corruptRead(final long nth, final int page, final int byteInPage) {
            if (page < 0) {
                throw Checks.badArgument("page", page, ">= 0, a page of the run (modulo its length)");
            }
            if (byteInPage < 0) {
                throw Checks.badArgument("byteInPage", byteInPage, ">= 0, a byte of the page (modulo its size)");
            }
            readCorruptions.put(checkNth(nth), new long[] {page, byteInPage});
            return this;
        }

        /**
         * Corrupts the first read of a slot: the first read attempt whose run covers {@code slot} and does not
         * fail succeeds with that slot's byte {@code byteInPage} flipped; later reads of it are clean.
         *
         * @param slot the slot, {@code >= 1} (checked against the device when the plan is installed)
         * @param byteInPage the byte of the page, taken modulo the page size: {@code >= 0}
         * @return this
         */
        public Builder corruptSlotRead(final long slot, final int byteInPage) {
            if (slot < 1) {
                throw Checks.badArgument("slot", slot, ">= 1, slot 0 is the header");
            }
            if (byteInPage < 0) {
                throw Checks.badArgument("byteInPage", byteInPage, ">= 0, a byte of the page (modulo its size)");
            }
            slotCorruptions.put(slot, byteInPage);
            return this;
        }

        /** Returns the plan. */
        public FaultPlan build() {
            return new FaultPlan(this);
        }

        private static long checkNth(final long nth) {
            if (nth < 1) {
                throw Checks.badArgument("nth", nth, ">= 1, attempts are numbered from 1");
            }
            return nth;
        }
    }
}

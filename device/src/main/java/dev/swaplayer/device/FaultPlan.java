package dev.swaplayer.device;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
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
 * <ul>
 *   <li><b>fail</b>: the call throws {@code IOException("injected: write #3 failed")} (or
 *       {@code "injected: I/O #7 (write #3) failed"}) without reaching the wrapped device, which is unchanged.</li>
 *   <li><b>tear</b> ({@link Builder#tearWrite}): the write stores only the first {@code K} bytes of the new
 *       page over the old content, then throws {@code IOException("injected: write #4 torn after 100 of 4096
 *       bytes")}.</li>
 * </ul>
 * A planned failure takes precedence over a tear of the same write.
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
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** A plan that injects nothing: the wrapper only counts. */
    public static final FaultPlan NONE = builder().build();

    private final Map<Op, Set<Long>> failures;
    private final Set<Long> ioFailures;
    private final Map<Long, Integer> tears;

    private FaultPlan(final Builder b) {
        final Map<Op, Set<Long>> f = new EnumMap<>(Op.class);
        for (final Op op : Op.values()) {
            f.put(op, Collections.unmodifiableSet(new TreeSet<>(b.failures.get(op))));
        }
        this.failures = Collections.unmodifiableMap(f);
        this.ioFailures = Collections.unmodifiableSet(new TreeSet<>(b.ioFailures));
        this.tears = Collections.unmodifiableMap(new TreeMap<>(b.tears));
    }

    /** @return an empty builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param op a kind
     * @param nth an attempt number of that kind, from 1
     * @return whether that attempt fails
     */
    public boolean fails(final Op op, final long nth) {
        return failures.get(op).contains(nth);
    }

    /**
     * @param nth a global attempt number, from 1
     * @return whether that attempt fails, whatever its kind
     */
    public boolean failsIo(final long nth) {
        return ioFailures.contains(nth);
    }

    /**
     * @param nthWrite a write attempt number, from 1
     * @return how many bytes of that write reach the device before it fails, or -1 when it is not torn
     */
    public int tearBytes(final long nthWrite) {
        return tears.getOrDefault(nthWrite, -1);
    }

    /** @return the largest torn-write prefix in the plan, or -1 when nothing is torn */
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

        /** @return the plan */
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

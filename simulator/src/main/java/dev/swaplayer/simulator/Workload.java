package dev.swaplayer.simulator;

import dev.swaplayer.device.UserInput;
import dev.swaplayer.spec.Geometry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.eclipse.collections.impl.list.mutable.primitive.IntArrayList;

/**
 * A workload: one swap device, the process's regions, and the operations the process performs on them, in
 * order, grouped into reporting phases. It is what a v1 script says, whether it was parsed from a file
 * ({@link ScriptParser}) or built in code ({@link Workloads}); {@link #writeScript} prints it back as a
 * script that parses to an equal workload, so that {@code replay} reproduces a built-in run exactly.
 *
 * <p>Thread safety: immutable once built; the builder is not thread-safe.
 *
 * <h2>Encoding</h2>
 * Built-in workloads hold hundreds of thousands of operations, so they are packed four ints each:
 * <pre>
 *   kind      WRITE, DONTNEED, PAGEOUT or PHASE
 *   region    index into regions(); for PHASE, the index of its label in labels()
 *   first     first page (0 for PHASE)
 *   count     pages (0 for PHASE)
 * </pre>
 */
public final class Workload {
    /** The v1 script's first line. */
    public static final String MAGIC = "swaplayer-workload";
    /** The only script format version. */
    public static final int VERSION = 1;
    /** The largest swap device and the largest region, in pages (64 GiB of 4 KiB pages). */
    public static final int MAX_PAGES = 1 << 24;
    /** The label of the phase that holds operations placed before the first {@code phase} line. */
    public static final String FIRST_PHASE = "start";
    /** Region names: letters, digits, {@code _ . -}; at most 64 characters. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

    /** What an operation does. */
    public enum Kind {
        /** Touch pages: swapped pages fault in, absent pages fault fresh. */
        WRITE,
        /** MADV_DONTNEED: drop pages, freeing their swap slots. */
        DONTNEED,
        /** MADV_PAGEOUT: swap out every resident folio in the range. */
        PAGEOUT,
        /** Start a new reporting phase. */
        PHASE;

        /** Returns the script keyword. */
        public String keyword() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * An anonymous memory region.
     *
     * @param name its name in the script
     * @param pages its size in pages
     * @param folioOrder the order of the folios a fresh fault may allocate (0: small folios only)
     */
    public record Region(String name, int pages, int folioOrder) {
    }

    private static final int STRIDE = 4;
    private static final Kind[] KINDS = Kind.values();

    private final String name;
    private final int swapPages;
    private final int clusterSlots;
    private final List<String> comments;
    private final List<Region> regions;
    private final List<String> labels;
    private final int[] ops;

    private Workload(final Builder b, final int[] ops, final List<String> labels) {
        this.name = b.name;
        this.swapPages = b.swapPages;
        this.clusterSlots = b.clusterSlots;
        this.comments = List.copyOf(b.comments);
        this.regions = List.copyOf(b.regions);
        this.labels = List.copyOf(labels);
        this.ops = ops;
    }

    /**
     * Starts a workload.
     *
     * @param name what reports call it (a built-in's name, or the script's file name)
     * @param swapPages the device size in pages, header page included: 2..{@value #MAX_PAGES}
     * @param clusterSlots slots per cluster: a power of two, 1..65536
     * @return a builder
     * @throws IllegalArgumentException when a value is out of range
     */
    public static Builder builder(final String name, final long swapPages, final long clusterSlots) {
        return new Builder(name, swapPages, clusterSlots);
    }

    /** Returns what reports call this workload. */
    public String name() {
        return name;
    }

    /** Returns the device size in pages, header included. */
    public int swapPages() {
        return swapPages;
    }

    /** Returns slots per cluster. */
    public int clusterSlots() {
        return clusterSlots;
    }

    /** Returns the device's geometry: the kernel's defaults with this size and cluster. */
    public Geometry geometry() {
        return Geometry.builder(swapPages).clusterSlots(clusterSlots).build();
    }

    /** Returns comment lines written at the head of the script (without the '#'). */
    public List<String> comments() {
        return comments;
    }

    /** Returns the regions, in declaration order. */
    public List<Region> regions() {
        return regions;
    }

    /** Returns the phase labels, in order. */
    public List<String> labels() {
        return labels;
    }

    /** Returns the number of operations, phase markers included. */
    public int size() {
        return ops.length / STRIDE;
    }

    /**
     * Returns its kind.
     *
     * @param i an operation index
     */
    public Kind kind(final int i) {
        return KINDS[ops[i * STRIDE]];
    }

    /**
     * Returns its region index, or for a phase its label index.
     *
     * @param i an operation index
     */
    public int region(final int i) {
        return ops[i * STRIDE + 1];
    }

    /**
     * Returns its first page.
     *
     * @param i an operation index
     */
    public int first(final int i) {
        return ops[i * STRIDE + 2];
    }

    /**
     * Returns its page count.
     *
     * @param i an operation index
     */
    public int count(final int i) {
        return ops[i * STRIDE + 3];
    }

    /** Returns the folio orders of the regions and order 0, largest first, each once. */
    public int[] reportedOrders() {
        final TreeSet<Integer> orders = new TreeSet<>(Collections.reverseOrder());
        orders.add(0);
        regions.forEach(r -> orders.add(r.folioOrder()));
        return orders.stream().mapToInt(Integer::intValue).toArray();
    }

    /**
     * Prints the workload as a v1 script. Parsing the output gives an equal workload (same regions, same
     * operations, same labels); comments are kept as comments.
     *
     * @param out where to write
     * @throws UncheckedIOException when out fails
     */
    public void writeScript(final Appendable out) {
        try {
            out.append(MAGIC).append(' ').append(Integer.toString(VERSION)).append('\n');
            for (final String c : comments) {
                out.append(c.isEmpty() ? "#" : "# " + c).append('\n');
            }
            out.append("swap ").append(Integer.toString(swapPages)).append(" cluster ")
                    .append(Integer.toString(clusterSlots)).append('\n');
            for (final Region r : regions) {
                out.append("region ").append(r.name()).append(' ').append(Integer.toString(r.pages()));
                if (r.folioOrder() > 0) {
                    out.append(" folio-order ").append(Integer.toString(r.folioOrder()));
                }
                out.append('\n');
            }
            final StringBuilder line = new StringBuilder(48);
            for (int i = 0; i < size(); i++) {
                line.setLength(0);
                appendOp(line, i);
                out.append(line).append('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void appendOp(final StringBuilder line, final int i) {
        final Kind k = kind(i);
        line.append(k.keyword()).append(' ');
        if (k == Kind.PHASE) {
            line.append(labels.get(region(i)));
            return;
        }
        final Region r = regions.get(region(i));
        line.append(r.name());
        if (k != Kind.PAGEOUT || first(i) != 0 || count(i) != r.pages()) {
            line.append(' ').append(first(i)).append(' ').append(count(i));
        }
    }

    /** Returns the script text (for tests and small workloads). */
    public String toScript() {
        final StringBuilder sb = new StringBuilder();
        writeScript(sb);
        return sb.toString();
    }

    /**
     * Returns whether both describe the same run: device, regions, operations and labels (name and comments aside).
     *
     * @param o another workload
     */
    public boolean sameRunAs(final Workload o) {
        return swapPages == o.swapPages && clusterSlots == o.clusterSlots && regions.equals(o.regions)
                && labels.equals(o.labels) && Arrays.equals(ops, o.ops);
    }

    @Override
    public String toString() {
        return "Workload(" + name + ": swap " + swapPages + ", " + regions.size() + " regions, " + size()
                + " operations, " + labels.size() + " phases)";
    }

    /**
     * Builds a {@link Workload}, validating every call; a rejected call throws and changes nothing, so a
     * parser can report it against the line that made it.
     *
     * <p>Thread safety: not thread-safe.
     */
    public static final class Builder {
        private final String name;
        private final int swapPages;
        private final int clusterSlots;
        private final int maxOrder;
        private final List<String> comments = new ArrayList<>();
        private final List<Region> regions = new ArrayList<>();
        private final Map<String, Integer> regionIndex = new HashMap<>();
        private final List<String> labels = new ArrayList<>();
        private final IntArrayList ops = new IntArrayList();

        private Builder(final String name, final long swapPages, final long clusterSlots) {
            this.name = name;
            this.swapPages = (int) checkRange("swap pages", swapPages, 2, MAX_PAGES);
            if (clusterSlots < 1 || clusterSlots > 1 << 16 || Long.bitCount(clusterSlots) != 1) {
                throw new IllegalArgumentException("cluster: " + clusterSlots
                        + " (expected: a power of two, 1..65536)");
            }
            this.clusterSlots = (int) clusterSlots;
            this.maxOrder = Math.min(Geometry.DEFAULT_MAX_ORDER,
                    Integer.numberOfTrailingZeros(this.clusterSlots));
        }

        /**
         * Returns this.
         *
         * @param line a comment line for the script's head
         */
        public Builder comment(final String line) {
            comments.add(line);
            return this;
        }

        /**
         * Declares a region.
         *
         * @param regionName a new name matching {@link #NAME}
         * @param pages 1..{@value #MAX_PAGES}
         * @param folioOrder 0..the device's largest order (min(9, log2 cluster))
         * @return the region's index
         * @throws IllegalArgumentException for a bad or duplicate name or an out-of-range value
         */
        public int region(final String regionName, final long pages, final long folioOrder) {
            if (!NAME.matcher(regionName).matches()) {
                throw new IllegalArgumentException("region name: " + UserInput.show(regionName)
                        + " (expected: 1-64 letters, digits, '_', '.' or '-')");
            }
            if (regionIndex.containsKey(regionName)) {
                throw new IllegalArgumentException("region name: " + regionName + " (expected: a name not declared "
                        + "before)");
            }
            checkRange("region pages", pages, 1, MAX_PAGES);
            checkRange("folio-order", folioOrder, 0, maxOrder);
            final long total = regions.stream().mapToLong(Region::pages).sum() + pages;
            if (total > MAX_PAGES) {
                throw new IllegalArgumentException("region pages: " + pages + " (expected: at most " + MAX_PAGES
                        + " pages in all regions together; " + (total - pages) + " already declared)");
            }
            regionIndex.put(regionName, regions.size());
            regions.add(new Region(regionName, (int) pages, (int) folioOrder));
            return regions.size() - 1;
        }

        /**
         * Returns its index.
         *
         * @param regionName a declared region
         * @throws IllegalArgumentException when not declared
         */
        public int regionIndex(final String regionName) {
            final Integer i = regionIndex.get(regionName);
            if (i == null) {
                final List<String> names = regionIndex.keySet().stream().sorted().toList();
                throw new IllegalArgumentException("region: " + UserInput.show(regionName) + " (expected: one declared"
                        + " above" + (regions.isEmpty() ? "; there is none" : ": " + String.join(", ",
                        names.subList(0, Math.min(5, names.size()))) + (names.size() > 5 ? ", ... ("
                        + names.size() + " regions)" : "")) + ")");
            }
            return i;
        }

        /**
         * Appends a page-range operation.
         *
         * @param kind WRITE, DONTNEED or PAGEOUT
         * @param region a region index
         * @param first the first page, inside the region
         * @param count 1.. pages, the range inside the region
         * @return this
         * @throws IllegalArgumentException when the range leaves the region
         */
        // An op is packed as its kind's ordinal and three numbers; KINDS decodes it.
        @SuppressWarnings("EnumOrdinal")
        public Builder op(final Kind kind, final int region, final long first, final long count) {
            if (kind == Kind.PHASE) {
                throw new IllegalArgumentException("kind: PHASE (expected: WRITE, DONTNEED or PAGEOUT; use phase())");
            }
            final Region r = regions.get(region);
            checkRange("first", first, 0, r.pages() - 1L);
            checkRange("count", count, 1, r.pages() - first);
            ops.add(kind.ordinal());
            ops.add(region);
            ops.add((int) first);
            ops.add((int) count);
            return this;
        }

        /**
         * Returns this.
         *
         * @param region a region index
         * @param first first page
         * @param count pages
         */
        public Builder write(final int region, final long first, final long count) {
            return op(Kind.WRITE, region, first, count);
        }

        /**
         * Returns this.
         *
         * @param region a region index
         * @param first first page
         * @param count pages
         */
        public Builder dontneed(final int region, final long first, final long count) {
            return op(Kind.DONTNEED, region, first, count);
        }

        /**
         * Returns this.
         *
         * @param region a region index
         * @param first first page
         * @param count pages
         */
        public Builder pageout(final int region, final long first, final long count) {
            return op(Kind.PAGEOUT, region, first, count);
        }

        /**
         * Returns this, after a pageout of the whole region.
         *
         * @param region a region index
         */
        public Builder pageout(final int region) {
            return op(Kind.PAGEOUT, region, 0, regions.get(region).pages());
        }

        /**
         * Starts a reporting phase.
         *
         * @param label a non-empty label without '#' or line breaks
         * @return this
         * @throws IllegalArgumentException for a bad label
         */
        // An op is packed as its kind's ordinal and three numbers; KINDS decodes it.
        @SuppressWarnings("EnumOrdinal")
        public Builder phase(final String label) {
            final String l = label.strip();
            if (l.isEmpty() || l.indexOf('#') >= 0 || l.indexOf('\n') >= 0 || l.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("phase label: '" + UserInput.show(label)
                        + "' (expected: non-empty text without"
                        + " '#')");
            }
            ops.add(Kind.PHASE.ordinal());
            ops.add(labels.size());
            ops.add(0);
            ops.add(0);
            labels.add(l);
            return this;
        }

        /** Returns whether a region is declared. */
        public boolean hasRegions() {
            return !regions.isEmpty();
        }

        /**
         * Returns the workload; operations before the first phase form a phase labelled {@value #FIRST_PHASE}.
         */
        // An op is packed as its kind's ordinal and three numbers; KINDS decodes it.
        @SuppressWarnings("EnumOrdinal")
        public Workload build() {
            if (ops.isEmpty() || ops.get(0) == Kind.PHASE.ordinal()) {
                return new Workload(this, ops.toArray(), labels);
            }
            final IntArrayList moved = new IntArrayList(ops.size() + STRIDE);
            moved.addAll(Kind.PHASE.ordinal(), 0, 0, 0);
            for (int i = 0; i < ops.size(); i += STRIDE) {
                final boolean phase = ops.get(i) == Kind.PHASE.ordinal();
                moved.addAll(ops.get(i), phase ? ops.get(i + 1) + 1 : ops.get(i + 1), ops.get(i + 2),
                        ops.get(i + 3));
            }
            final List<String> all = new ArrayList<>(labels.size() + 1);
            all.add(FIRST_PHASE);
            all.addAll(labels);
            return new Workload(this, moved.toArray(), all);
        }

        private static long checkRange(final String what, final long value, final long min, final long max) {
            if (value < min || value > max) {
                throw new IllegalArgumentException(what + ": " + value + " (expected: " + min + ".." + max + ")");
            }
            return value;
        }
    }
}

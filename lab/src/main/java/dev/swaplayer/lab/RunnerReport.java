package dev.swaplayer.lab;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the C runner ({@code lab/runner}) printed: the kernel release, the script's geometry, the mTHP
 * settings it made, and a snapshot of the kernel's counters before the first operation and at the end of
 * every phase. Format (one item per line; lab/README.md):
 * <pre>
 * swaplayer-runner 1
 * uname 6.12.117+deb13-amd64
 * swap 16384 512
 * orders 4 0
 * mthp 64 always              (one line per mTHP size: always for the script's orders, never for the others)
 * baseline
 * counter mthp 64 swpout 0    (hugepages-64kB/stats/swpout)
 * counter vmstat pswpout 0    (/proc/vmstat)
 * counter swap used_kib 0     (/proc/swaps, Used)
 * phase 0 warm-up
 * counter ...
 * done 71.250
 * </pre>
 * Counter keys are {@code mthp.<kB>.<stat>}, {@code vmstat.<name>} and {@code swap.used_kib}.
 *
 * <p>Thread safety: immutable.
 *
 * @param release the kernel's {@code uname -r}
 * @param swapPages the script's swap pages
 * @param clusterSlots the script's cluster size
 * @param orders the script's folio orders, largest first
 * @param mthp the mTHP setting per size in kB
 * @param baseline the counters before the first operation
 * @param phases one snapshot per phase, at its end, in order
 * @param seconds how long the operations took in the guest
 */
public record RunnerReport(String release, int swapPages, int clusterSlots, List<Integer> orders,
        Map<Integer, String> mthp, Map<String, Long> baseline, List<Snapshot> phases, double seconds) {
    /** The format version this parser reads. */
    public static final String MAGIC = "swaplayer-runner 1";

    /** Copies the collections. */
    public RunnerReport {
        orders = List.copyOf(orders);
        mthp = Collections.unmodifiableMap(new TreeMap<>(mthp));
        baseline = Collections.unmodifiableMap(new LinkedHashMap<>(baseline));
        phases = List.copyOf(phases);
    }

    /**
     * The counters at the end of one phase.
     *
     * @param label the phase label
     * @param counters counter key to value, cumulative since boot
     */
    public record Snapshot(String label, Map<String, Long> counters) {
        /** Copies the map. */
        public Snapshot {
            counters = Collections.unmodifiableMap(new LinkedHashMap<>(counters));
        }
    }

    /**
     * Parses the runner's output.
     *
     * @param lines the report, one line each (a trailing carriage return is ignored)
     * @return the report
     * @throws IllegalArgumentException naming the first bad line, or saying what is missing
     */
    public static RunnerReport parse(final List<String> lines) {
        return new Parser().parse(lines);
    }

    /** One parse. */
    private static final class Parser {
        private String release;
        private int swapPages = -1;
        private int cluster;
        private final List<Integer> orders = new ArrayList<>();
        private final Map<Integer, String> mthp = new TreeMap<>();
        private Map<String, Long> baseline;
        private final List<Snapshot> phases = new ArrayList<>();
        private String label;
        private Map<String, Long> current;
        private Double seconds;
        private int line;

        RunnerReport parse(final List<String> lines) {
            if (lines.isEmpty() || !strip(lines.get(0)).equals(MAGIC)) {
                throw new IllegalArgumentException("runner report: " + (lines.isEmpty() ? "empty" : "'"
                        + strip(lines.get(0)) + "'") + " (expected: first line '" + MAGIC + "')");
            }
            for (line = 2; line <= lines.size(); line++) {
                final String text = strip(lines.get(line - 1));
                if (!text.isEmpty()) {
                    accept(text);
                }
            }
            close();
            if (release == null || swapPages < 0 || orders.isEmpty() || baseline == null) {
                throw new IllegalArgumentException("runner report: incomplete (expected: uname, swap, orders and "
                        + "baseline lines)");
            }
            if (seconds == null) {
                throw new IllegalArgumentException("runner report: no 'done' line after " + phases.size()
                        + " phases (expected: the runner to finish; see the console log)");
            }
            return new RunnerReport(release, swapPages, cluster, orders, mthp, baseline, phases, seconds);
        }

        private static String strip(final String s) {
            return s.strip();
        }

        private void accept(final String text) {
            final String[] t = text.split("\\s+");
            if (seconds != null) {
                throw bad(text, "nothing after 'done'");
            }
            switch (t[0]) {
                case "uname" -> release = arity(t, 2, text)[1];
                case "swap" -> {
                    arity(t, 3, text);
                    swapPages = (int) number(t[1], text);
                    cluster = (int) number(t[2], text);
                }
                case "orders" -> {
                    for (int i = 1; i < t.length; i++) {
                        orders.add((int) number(t[i], text));
                    }
                }
                case "mthp" -> mthp.put((int) number(arity(t, 3, text)[1], text), t[2]);
                case "baseline" -> start(null, text);
                case "phase" -> {
                    if (t.length < 3 || number(t[1], text) != phases.size() + (current != null && label != null
                            ? 1 : 0)) {
                        throw bad(text, "phase <index> <label>, indexes from 0 in order");
                    }
                    start(text.substring(text.indexOf(t[1]) + t[1].length()).strip(), text);
                }
                case "counter" -> counter(t, text);
                case "done" -> {
                    close();
                    seconds = decimal(arity(t, 2, text)[1], text);
                }
                default -> throw bad(text, "uname, swap, orders, mthp, baseline, phase, counter or done");
            }
        }

        private void start(final String phaseLabel, final String text) {
            if (phaseLabel == null && (baseline != null || current != null)) {
                throw bad(text, "one baseline, before the phases");
            }
            if (phaseLabel != null && baseline == null && current == null) {
                throw bad(text, "a baseline before the first phase");
            }
            close();
            label = phaseLabel;
            current = new LinkedHashMap<>();
        }

        private void close() {
            if (current == null) {
                return;
            }
            if (label == null) {
                baseline = current;
            } else {
                phases.add(new Snapshot(label, current));
            }
            current = null;
        }

        private void counter(final String[] t, final String text) {
            if (current == null) {
                throw bad(text, "counters after a baseline or phase line");
            }
            final String key;
            final long value;
            if (t.length == 5 && t[1].equals("mthp")) {
                key = "mthp." + number(t[2], text) + "." + t[3];
                value = number(t[4], text);
            } else if (t.length == 4 && (t[1].equals("vmstat") || t[1].equals("swap"))) {
                key = t[1] + "." + t[2];
                value = number(t[3], text);
            } else {
                throw bad(text, "counter mthp <kB> <stat> <n>, counter vmstat <name> <n> or counter swap <name> <n>");
            }
            current.put(key, value);
        }

        private String[] arity(final String[] t, final int n, final String text) {
            if (t.length != n) {
                throw bad(text, t[0] + " with " + (n - 1) + " value" + (n == 2 ? "" : "s"));
            }
            return t;
        }

        private long number(final String token, final String text) {
            try {
                final long v = Long.parseLong(token);
                if (v < 0) {
                    throw bad(text, "non-negative numbers");
                }
                return v;
            } catch (NumberFormatException e) {
                throw bad(text, "a number where '" + token + "' is");
            }
        }

        private double decimal(final String token, final String text) {
            try {
                final double v = Double.parseDouble(token);
                if (!(v >= 0) || Double.isInfinite(v)) {
                    throw bad(text, "a non-negative number of seconds");
                }
                return v;
            } catch (NumberFormatException e) {
                throw bad(text, "a number of seconds where '" + token + "' is");
            }
        }

        private IllegalArgumentException bad(final String text, final String expected) {
            return new IllegalArgumentException("runner report line " + line + ": " + text + " (expected: "
                    + expected + ")");
        }
    }
}

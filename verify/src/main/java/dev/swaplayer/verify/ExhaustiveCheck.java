package dev.swaplayer.verify;

import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.SwapCountCall;
import dev.swaplayer.spec.Geometry;
import java.util.ArrayList;
import java.util.List;

/**
 * The bounded exhaustive check for any allocator: every sequence of up to {@code depth} steps from a small
 * alphabet, on small geometries, each replayed on a fresh allocator beside the specification. Depth grows
 * one step at a time, so the first counterexample found is a shortest one.
 *
 * <p>Thread safety: not thread-safe; run one at a time.
 *
 * <p>Unlike {@code ./swaplayer check}, which copies the buddy allocator's state and merges equal states, this
 * check cannot copy an unknown allocator; it replays each sequence from an empty device instead, which costs
 * {@code O(depth)} per sequence and needs nothing of the allocator but its interfaces.
 */
final class ExhaustiveCheck {
    private final Target target;
    private long sequences;

    ExhaustiveCheck(final Target target) {
        this.target = target;
    }

    String name() {
        return "exhaustive";
    }

    CheckResult run() {
        final long start = System.nanoTime();
        final List<String> notServed = new ArrayList<>();
        int served = 0;
        for (final Geometry g : Geometries.exhaustive()) {
            final SlotAllocator fresh = target.createIfServed(g, notServed);
            if (fresh == null) {
                continue;
            }
            final ModelledDevice probe = new ModelledDevice(fresh, false);
            served++;
            final List<Step> alphabet = alphabet(g, probe);
            for (int depth = 1; depth <= target.depth().exhaustiveDepth(); depth++) {
                final Failure f = explore(g, alphabet, new ArrayList<>(), depth);
                if (f != null) {
                    return CheckResult.fail(name(), StatefulCheck.seconds(start), f.steps, "on " + g + ": "
                            + f.message, target.rerun());
                }
            }
        }
        if (served == 0) { // an allocator built for real cluster sizes: the properties check covers what it serves
            return CheckResult.skipped(name(), "not run: the provider serves none of its small devices: "
                    + String.join("; ", notServed));
        }
        return CheckResult.pass(name(), StatefulCheck.seconds(start), sequences + " sequences of up to "
                + target.depth().exhaustiveDepth() + " steps on " + served + " geometries" + (notServed.isEmpty()
                ? "" : "; not served: " + String.join("; ", notServed)));
    }

    /** Runs every applicable extension of {@code prefix} to exactly {@code depth} steps. */
    private Failure explore(final Geometry g, final List<Step> alphabet, final List<Step> prefix, final int depth) {
        if (prefix.size() == depth) {
            sequences++;
            return replay(g, prefix);
        }
        for (final Step s : alphabet) {
            prefix.add(s);
            final Failure f = applicable(g, prefix) ? explore(g, alphabet, prefix, depth) : null;
            prefix.remove(prefix.size() - 1);
            if (f != null) {
                return f;
            }
        }
        return null;
    }

    private boolean applicable(final Geometry g, final List<Step> steps) {
        final ModelledDevice d = new ModelledDevice(target.create(g), false);
        try {
            for (int i = 0; i < steps.size() - 1; i++) {
                steps.get(i).run(d);
            }
        } catch (RuntimeException | AssertionError e) {
            return true;
        }
        return steps.get(steps.size() - 1).applicable(d);
    }

    private Failure replay(final Geometry g, final List<Step> steps) {
        ModelledDevice d = null;
        final List<String> listing = new ArrayList<>();
        try {
            d = new ModelledDevice(target.create(g), false);
            d.compare();
            for (final Step s : steps) {
                listing.add(s.toString());
                s.run(d);
                d.compare();
            }
            return null;
        } catch (AssertionError e) { // every call, in place of the device's last few
            final String m = String.valueOf(e.getMessage());
            final int last = m.indexOf("; last calls: ");
            return new Failure(listing, (last < 0 ? m : m.substring(0, last)) + transcript(d));
        } catch (RuntimeException e) {
            return new Failure(listing, "the allocator threw " + StatefulCheck.located(e, target.provider())
                    + transcript(d));
        }
    }

    private static String transcript(final ModelledDevice d) {
        return d == null ? "" : d.calls() == 0 ? "" : " (calls: " + String.join("; ", d.transcript()) + ")";
    }

    private static List<Step> alphabet(final Geometry g, final ModelledDevice probe) {
        final List<Step> a = new ArrayList<>();
        for (int k = 0; k <= g.maxOrder(); k++) {
            a.add(new Step.Allocate(k));
        }
        if (probe.hasFolios()) {
            for (int k = Math.max(1, g.minOrder()); k <= g.maxOrder(); k++) {
                a.add(new Step.AllocateFolio(k));
            }
        }
        a.add(new Step.Free(0, 0, 1 << g.maxOrder()));
        a.add(new Step.Free(1, 0, 1 << g.maxOrder()));
        a.add(new Step.Free(0, 1, 1));
        a.add(new Step.Free(0, 1, 3)); // three pages: a count that is not a power of two
        if (probe.hasCounts()) {
            a.add(new Step.Count(SwapCountCall.DUP, 0, 0));
            a.add(new Step.Count(SwapCountCall.PUT, 0, 0));
            a.add(new Step.Count(SwapCountCall.CACHE_ADD, 0, 0));
            a.add(new Step.Count(SwapCountCall.CACHE_DEL, 0, 0));
            a.add(new Step.Reject(Misuse.PUT_AT_ZERO, 0));
        }
        a.add(new Step.Reject(Misuse.DOUBLE_FREE, 0));
        a.add(new Step.Reject(Misuse.PARTIAL_DOUBLE_FREE, 0));
        a.add(new Step.Reject(Misuse.WRONG_TYPE, 0));
        if (probe.hasFolios()) {
            a.add(new Step.Reject(Misuse.FOLIO_PAGE_FREED, 0));
            a.add(new Step.Reject(Misuse.FOLIO_WRONG_ORDER, 0));
        }
        return a;
    }

    /** A failing sequence and what failed. */
    private record Failure(List<String> steps, String message) {
    }
}

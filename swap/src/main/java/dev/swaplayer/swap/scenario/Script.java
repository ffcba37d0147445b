package dev.swaplayer.swap.scenario;

import dev.swaplayer.spec.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * What one {@link Scenario} does, apart from where it comes from: its actions, the priorities of its two areas,
 * the pinned slots that fragment each area, and the generator of the page and byte a corrupt read flips. A
 * seeded check draws it from the seed ({@link #fromSeed}); a property draws it from its own engine and shrinks
 * it.
 *
 * <p>Thread safety: immutable.
 *
 * @param actions the actions, in order, each interpreted against the state when it runs
 * @param priorities 0: equal priorities; 1: area 0 first; 2: area 1 first
 * @param strides per area, 0 or 1 for no pins, else 2..4: every {@code (stride + 1)}-th slot is pinned
 * @param corruptSeed the corrupt read number k flips the page and byte drawn from
 *     {@code new Random(corruptSeed * 1_000_003L + k)}
 */
record Script(List<Action> actions, int priorities, List<Integer> strides, long corruptSeed) {

    /** The kinds of action. */
    enum Kind { SWAP_OUT, SWAP_IN, DUP, PUT, FREE }

    /**
     * One action. A swap-out takes a folio of {@code order} with the bytes of {@code content}; the others pick
     * the live folio {@code pick} modulo their number (nothing to do when none is live); a swap-in or a put
     * takes at most {@code length} swapped-out pages from the first swapped-out page at or after {@code first}
     * (cyclically); a swap-in with {@code keep} leaves the pages swapped out (the swap cache keeps them).
     *
     * @param kind the kind
     * @param order the folio order of a swap-out, 0..4
     * @param pick which live folio, 0..65535
     * @param first the first page, 0..15
     * @param length at most this many pages, 1..16
     * @param keep whether a swap-in keeps the pages swapped out
     * @param content the seed of a swapped-out folio's bytes
     */
    record Action(Kind kind, int order, int pick, int first, int length, boolean keep, long content) {
        /**
         * @throws IllegalArgumentException for a null kind or a value out of its range
         */
        Action {
            if (kind == null) {
                throw Checks.badArgument("kind", null, "one of SWAP_OUT, SWAP_IN, DUP, PUT, FREE");
            }
            Checks.checkInRange("order", order, 0, 4);
            Checks.checkInRange("pick", pick, 0, (1 << 16) - 1);
            Checks.checkInRange("first", first, 0, 15);
            Checks.checkInRange("length", length, 1, 16);
        }

        @Override
        public String toString() {
            return switch (kind) {
                case SWAP_OUT -> "SWAP_OUT order " + order + " content " + content;
                case SWAP_IN -> "SWAP_IN pick " + pick + " pages " + first + "+" + length + (keep ? " keep" : "");
                case PUT -> "PUT pick " + pick + " pages " + first + "+" + length;
                default -> kind + " pick " + pick;
            };
        }
    }

    /**
     * @throws IllegalArgumentException for null actions, priorities outside 0..2, or not two strides in 0..4
     */
    Script {
        if (actions == null) {
            throw Checks.badArgument("actions", null, "a list of actions");
        }
        actions = List.copyOf(actions);
        Checks.checkInRange("priorities", priorities, 0, 2);
        if (strides == null || strides.size() != 2) {
            throw Checks.badArgument("strides", strides, "two strides, one per area");
        }
        for (final Integer s : strides) {
            if (s == null || s < 0 || s > 4) {
                throw Checks.badArgument("stride", s, "0..4");
            }
        }
        strides = List.copyOf(strides);
    }

    /**
     * The script of a seed: the actions from {@code new Random(seed)}, the priorities then the strides from
     * {@code new Random(~seed)}, the corrupt reads from {@code seed}.
     *
     * @param seed the seed
     * @param steps how many actions
     * @return the script
     */
    static Script fromSeed(final long seed, final int steps) {
        final Random r = new Random(~seed);
        final int priorities = r.nextInt(3);
        final int stride0 = r.nextInt(5);
        final int stride1 = r.nextInt(5);
        return new Script(generate(new Random(seed), steps), priorities, List.of(stride0, stride1), seed);
    }

    /** The actions drawn from {@code r}: 35% swap-outs, 30% swap-ins, 10% dups, 15% puts, 10% frees. */
    private static List<Action> generate(final Random r, final int steps) {
        final List<Action> list = new ArrayList<>(steps);
        for (int i = 0; i < steps; i++) {
            final int w = r.nextInt(100);
            final Kind kind = w < 35 ? Kind.SWAP_OUT : w < 65 ? Kind.SWAP_IN : w < 75 ? Kind.DUP : w < 90 ? Kind.PUT
                    : Kind.FREE;
            final int order = r.nextInt(8) == 0 ? 4 : r.nextInt(4);
            list.add(new Action(kind, order, r.nextInt(1 << 16), r.nextInt(16), 1 + r.nextInt(16), r.nextInt(4) == 0,
                    r.nextLong()));
        }
        return list;
    }

    /**
     * Returns the stride of an area.
     *
     * @param area 0 or 1
     */
    int stride(final int area) {
        return strides.get(area);
    }

    @Override
    public String toString() {
        final StringBuilder b = new StringBuilder("priorities ").append(priorities).append(", strides ")
                .append(strides).append(", corrupt reads from ").append(corruptSeed).append(", ")
                .append(actions.size()).append(" actions:");
        for (int i = 0; i < actions.size(); i++) {
            b.append(System.lineSeparator()).append("    ").append(i).append(": ").append(actions.get(i));
        }
        return b.toString();
    }
}

package dev.swaplayer.swap.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link Script}: a seed's script is what the seeded checks (and {@code ./swaplayer verify}) have always drawn
 * from it, and an explicit script refuses values outside the ranges the scenario interprets.
 *
 * <p>Thread safety: JUnit runs it on one thread; each test builds its own scripts, which are immutable.
 */
class ScriptTest {
    private static final List<Integer> NO_PINS = List.of(0, 0);

    /**
     * The script of seed 1, pinned: the actions from {@code new Random(1)} and the priorities and strides from
     * {@code new Random(~1)}, in the order the scenario drew them before scripts were explicit.
     */
    @Test
    void fromSeed_drawsWhatTheSeedAlwaysDrew() {
        final Script s = Script.fromSeed(1, 4);
        assertEquals(1, s.priorities());
        assertEquals(List.of(2, 3), s.strides());
        assertEquals(1, s.corruptSeed());
        assertEquals(List.of("PUT 4 26875 6 4 true 6137546356583794141", "PUT 0 10009 15 3 false -8225913900319941199",
                "SWAP_IN 1 26029 14 6 true 5424394867226112926", "FREE 0 35340 12 10 false 780266760877150279"),
                s.actions().stream().map(ScriptTest::fields).toList());
    }

    /** Every field of an action (its {@code toString} shows only those its kind reads). */
    private static String fields(final Script.Action a) {
        return a.kind() + " " + a.order() + " " + a.pick() + " " + a.first() + " " + a.length() + " " + a.keep() + " "
                + a.content();
    }

    @Test
    void fromSeed_isAPrefixOfTheLongerScriptOfTheSameSeed() {
        assertEquals(Script.fromSeed(7, 30).actions().subList(0, 10), Script.fromSeed(7, 10).actions());
        assertEquals(Script.fromSeed(7, 30).strides(), Script.fromSeed(7, 10).strides());
        assertEquals(7, Script.fromSeed(7, 10).corruptSeed());
    }

    @Test
    void badArguments_areRefused() {
        final Script.Action a = new Script.Action(Script.Kind.SWAP_OUT, 0, 0, 0, 1, false, 0);
        assertEquals("order: 5 (expected: 0..4)", assertThrows(IllegalArgumentException.class,
                () -> new Script.Action(Script.Kind.SWAP_OUT, 5, 0, 0, 1, false, 0)).getMessage());
        assertEquals("length: 0 (expected: 1..16)", assertThrows(IllegalArgumentException.class,
                () -> new Script.Action(Script.Kind.PUT, 0, 0, 0, 0, false, 0)).getMessage());
        assertEquals("kind: null (expected: one of SWAP_OUT, SWAP_IN, DUP, PUT, FREE)", assertThrows(
                IllegalArgumentException.class, () -> new Script.Action(null, 0, 0, 0, 1, false, 0)).getMessage());
        assertEquals("priorities: 3 (expected: 0..2)", assertThrows(IllegalArgumentException.class,
                () -> new Script(List.of(a), 3, NO_PINS, 0)).getMessage());
        assertEquals("stride: 5 (expected: 0..4)", assertThrows(IllegalArgumentException.class,
                () -> new Script(List.of(a), 0, List.of(0, 5), 0)).getMessage());
        final List<Integer> withNull = new ArrayList<>(List.of(0));
        withNull.add(null);
        assertEquals("stride: null (expected: 0..4)", assertThrows(IllegalArgumentException.class,
                () -> new Script(List.of(a), 0, withNull, 0)).getMessage());
        assertEquals("strides: [0] (expected: two strides, one per area)", assertThrows(
                IllegalArgumentException.class, () -> new Script(List.of(a), 0, List.of(0), 0)).getMessage());
        assertEquals("actions: null (expected: a list of actions)", assertThrows(IllegalArgumentException.class,
                () -> new Script(null, 0, NO_PINS, 0)).getMessage());
    }
}

package dev.swaplayer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.swaplayer.simulator.ThpMode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * thp-swap-test's {@code --mode} as simulate (one or all) and kernel-run (one) parse it, with the one error both
 * give.
 *
 * <p>Thread safety: JUnit runs it on one thread.
 */
class ModeOptionTest {
    @Test
    void oneModeOrAllFour() {
        assertEquals(ThpMode.AS, ModeOption.one("as"));
        assertEquals(List.of(ThpMode.S), ModeOption.oneOrAll("s"));
        assertEquals(List.of(ThpMode.values()), ModeOption.oneOrAll("all"));
    }

    @Test
    void aValueThatIsNoMode_listsWhatTheVerbTakes_andNamesTheCFlagsSpelling() {
        assertEquals("--mode: all (expected: none, a, s or as)",
                assertThrows(UserError.class, () -> ModeOption.one("all")).getMessage());
        assertEquals("--mode: -as (expected: none, a, s or as; did you mean as?)",
                assertThrows(UserError.class, () -> ModeOption.one("-as")).getMessage());
        assertEquals("--mode: -all (expected: none, a, s or as)",
                assertThrows(UserError.class, () -> ModeOption.one("-all")).getMessage());
        assertEquals("--mode: -all (expected: none, a, s, as or all; did you mean all?)",
                assertThrows(UserError.class, () -> ModeOption.oneOrAll("-all")).getMessage());
        assertEquals("--mode: b (expected: none, a, s, as or all)",
                assertThrows(UserError.class, () -> ModeOption.oneOrAll("b")).getMessage());
    }
}

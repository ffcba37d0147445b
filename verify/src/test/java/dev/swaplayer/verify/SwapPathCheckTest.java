package dev.swaplayer.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.swaplayer.allocator.AllocatorProvider;
import dev.swaplayer.allocator.BuddyAllocator;
import dev.swaplayer.allocator.ForwardingSlotAllocator;
import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.allocator.policy.PolicyRegistry;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.swap.scenario.NoDataLoss;
import dev.swaplayer.swap.scenario.Plan;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The swap-path check shows a failure shrunk to the actions it needs: a planted plug-in that leaks one slot of
 * every large folio it frees fails NO-LEAK, and the listing shown is that of a few actions of the same seed, not
 * of the 30 the seed drew.
 *
 * <p>Thread safety: JUnit runs it on one thread.
 */
class SwapPathCheckTest {
    private static final Pattern SHRUNK = Pattern.compile("the first, shrunk to (\\d+) of its 30 actions: seed (\\d+)"
            + " with \\1 of its 30 actions \\[");

    @Test
    void aLeakIsShownShrunk_toFewerStepsThanTheSeedsWholeRun() throws Exception {
        final AllocatorProvider leaky = new AllocatorProvider() {
            @Override
            public String name() {
                return "leaky";
            }

            @Override
            public SlotAllocator create(final int type, final Geometry geometry) {
                return new ForwardingSlotAllocator<>(new BuddyAllocator(type, geometry)) {
                    @Override
                    public void free(final long entry, final long nrSlots) { // planted: the run's last slot kept
                        delegate().free(entry, nrSlots > 1 ? nrSlots - 1 : nrSlots);
                    }
                };
            }
        };
        final Target target = new Target(PolicyRegistry.builtIn(), "leaky", leaky, Depth.QUICK, 1,
                "./swaplayer verify --policy leaky --seed 1");
        final CheckResult r = new SwapPathCheck(target).run();
        assertTrue(r.failed(), r.message());
        final Matcher m = SHRUNK.matcher(r.message());
        assertTrue(m.find(), r.message());
        assertEquals("1", m.group(1), "one swap-out of a large folio, freed by the drain, is enough: " + r.message());
        assertTrue(r.counterexample().get(0).matches("swap-out of an order-[1-4] folio .*"), r.counterexample()
                .toString());
        assertTrue(r.message().contains("NO-LEAK"), r.message());
        assertTrue(r.message().contains("(the scenarios' seeds 1 to 6 follow from the run's seed 1)"), "said the same"
                + " way under the test kit, which has no --seed: " + r.message());
        final int unshrunk = NoDataLoss.check(leaky, Plan.of(6, 30, null).withSeeds(1, 6)).firstFailure().steps()
                .size();
        assertTrue(r.counterexample().size() < unshrunk, r.counterexample() + " against " + unshrunk + " lines");
        assertEquals("1", m.group(2), "the first failing seed");
    }
}

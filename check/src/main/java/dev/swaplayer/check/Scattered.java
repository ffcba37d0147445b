package dev.swaplayer.check;

import dev.swaplayer.allocator.SlotAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * A device whose free slots are scattered one by one, for the contested rounds on compound folios
 * ({@link ContestedCalls}): every slot is allocated at order 0 and then every other allocation freed, so that a folio
 * of two pages or more finds no contiguous run and is stored compound, often across two clusters.
 *
 * <p>Thread safety: laid by one thread before the rounds that use it; after that, as thread-safe as its allocator.
 */
final class Scattered {
    private final StressTarget folios;

    private Scattered(final StressTarget folios) {
        this.folios = folios;
    }

    /**
     * Scatters the free slots of an empty device.
     *
     * @param folios the device's allocator through its folio calls
     * @return the device, every other slot in use
     */
    static Scattered lay(final StressTarget folios) {
        final List<Long> taken = new ArrayList<>();
        final long slots = folios.geometry().totalSlots();
        for (long h = folios.allocate(0); h != SlotAllocator.NONE && taken.size() < slots; h = folios.allocate(0)) {
            taken.add(h);
        }
        for (int i = 0; i < taken.size(); i += 2) {
            folios.free(taken.get(i), 0, 0, 1);
        }
        return new Scattered(folios);
    }

    /** Returns the device's allocator through its folio calls. */
    StressTarget folios() {
        return folios;
    }

    /**
     * The audit after a round in which every compound folio was freed: null when the allocator's own audit holds and
     * no compound descriptor outlived its pages, else what was expected, in words.
     */
    static String descriptorsLeft(final StressTarget view) {
        try {
            view.audit();
            return null;
        } catch (final AssertionError e) {
            return "no descriptor left behind and the allocator's audit to hold once the folio's pages were freed: "
                    + e.getMessage();
        }
    }
}

package dev.swaplayer.verify;

/**
 * One live allocation of a {@link ModelledDevice}: a run from {@code allocate}, or a folio from {@code allocateFolio};
 * its slots, which of its pages are gone, and the compound descriptor's id when it has one.
 *
 * <p>Thread safety: not thread-safe; its device's check owns it.
 */
final class Held {
    final long handle;
    final long[] slots;
    final boolean[] gone;
    final int order;
    final boolean folio;
    final long descriptor;
    int live;

    private Held(final long handle, final long[] slots, final int order, final boolean folio,
            final long descriptor) {
        this.handle = handle;
        this.slots = slots;
        this.gone = new boolean[slots.length];
        this.order = order;
        this.folio = folio;
        this.descriptor = descriptor;
        this.live = slots.length;
    }

    static Held run(final long entry, final long first, final int size, final int order, final boolean folio) {
        final long[] slots = new long[size];
        for (int i = 0; i < size; i++) {
            slots[i] = first + i;
        }
        return new Held(entry, slots, order, folio, 0);
    }

    static Held compound(final long handle, final long[] slots, final int order, final long descriptor) {
        return new Held(handle, slots.clone(), order, true, descriptor);
    }

    void gone(final int page) {
        if (!gone[page]) {
            gone[page] = true;
            live--;
        }
    }
}

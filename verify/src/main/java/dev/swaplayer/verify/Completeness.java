package dev.swaplayer.verify;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.Legality;
import dev.swaplayer.spec.Postconditions;
import dev.swaplayer.spec.Snapshot;
import dev.swaplayer.spec.SwapSpaceModel;

/**
 * What the completeness check asks of an allocator beyond safety, judged over the model's state before the call:
 * NONE only when no legal placement exists (INV-22), and a compound folio in the fewest extents any placement
 * could take (INV-8). Each judgment returns what was incomplete, starting with {@link #INCOMPLETE}, or null; outside
 * the completeness check every judgment is null, since the searches read the whole device.
 *
 * <p>Thread safety: not thread-safe; the check that owns its {@link ModelledDevice} owns it.
 */
final class Completeness {
    /** How a completeness failure starts. */
    static final String INCOMPLETE = "incomplete:";

    private final SwapSpaceModel model;
    private final Geometry geometry;
    private final int type;
    private final boolean required;

    /**
     * @param model the specification beside the allocator
     * @param type the device's type, for the entries a message names
     * @param required whether completeness is checked at all
     */
    Completeness(final SwapSpaceModel model, final int type, final boolean required) {
        this.model = model;
        this.geometry = model.geometry();
        this.type = type;
        this.required = required;
    }

    /** {@code allocate} or {@code allocateFolio} answered NONE: null when no legal run of the order was free. */
    String ofNone(final int order) {
        final long legal = required ? Legality.firstLegalRun(model, order) : SwapSpaceModel.NONE;
        if (legal == SwapSpaceModel.NONE) {
            return null;
        }
        final long size = 1L << geometry.effectiveOrder(order);
        return INCOMPLETE + " NONE for order " + order + " while a legal run of " + size
                + (size == 1 ? " slot" : " slots") + " from slot " + legal + " ("
                + Transcript.show(SwapEntry.of(type, legal)) + ") was free";
    }

    /**
     * {@code allocateFolio} answered NONE: null unless enough whole chunks were free to store it as a compound
     * (the specification places it so when no contiguous run is free, INV-9, INV-22).
     */
    String ofFolioNone(final int order) {
        final int fewest = fewestExtents(order);
        if (fewest <= 0) {
            return null;
        }
        return INCOMPLETE + " allocateFolio(order " + order + ") = NONE while enough whole chunks were free to store"
                + " its " + (1 << order) + " pages as a compound folio in " + fewest + " extent"
                + (fewest == 1 ? "" : "s");
    }

    /**
     * A compound folio was placed in {@code used} extents: null unless fewer would have held it (INV-8,
     * {@link Postconditions#minimalExtents}). Call it before the model applies the placement.
     */
    String ofCompound(final int order, final int used) {
        final int fewest = fewestExtents(order);
        if (fewest <= 0 || used <= fewest) {
            return null;
        }
        return INCOMPLETE + " allocateFolio(order " + order + ") stored the folio in " + used + " extents while "
                + fewest + " would hold it (the fewest any placement could have)";
    }

    /**
     * The fewest extents a compound folio of the order could take in the model's state now (a copy of the model
     * and a search over its chunks); -1 when not enough whole chunks are free, or outside the completeness check.
     */
    private int fewestExtents(final int order) {
        return required ? Postconditions.minimalExtents(Snapshot.of(model), 1L << order) : -1;
    }
}

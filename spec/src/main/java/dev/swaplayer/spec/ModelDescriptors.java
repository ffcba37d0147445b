package dev.swaplayer.spec;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * The live compound descriptors of a {@link SwapSpaceModel}: each descriptor's id and the slot of each of its
 * pages, 0 once that page's slot was freed. A descriptor lives while one of its pages does.
 *
 * <p>Thread safety: as its model's: confined to one thread.
 *
 * <pre>
 *   id 1  [ 40, 41, 0, 96 ]    page 2 freed (a partial swap-in); the descriptor goes with its last page
 *   id 3  [ 12, 13, 14, 15 ]
 * </pre>
 * Ids are handed out in order from 1 and never reused, as the model's states are compared by value.
 */
final class ModelDescriptors {
    private final TreeMap<Long, long[]> pages = new TreeMap<>();
    private long nextId = 1;

    /** Returns an independent copy. */
    ModelDescriptors copy() {
        final ModelDescriptors d = new ModelDescriptors();
        d.pages.putAll(pages); // linear from a sorted map; then each value its own copy
        d.pages.replaceAll((k, v) -> v.clone());
        d.nextId = nextId;
        return d;
    }

    /** Returns how many descriptors are live. */
    int size() {
        return pages.size();
    }

    /**
     * Creates a descriptor.
     *
     * @param slots the slot of each page (copied)
     * @return its id
     */
    long add(final long[] slots) {
        final long id = nextId++;
        pages.put(id, slots.clone());
        return id;
    }

    /**
     * Returns the slot of each page, 0 for a freed page (a copy).
     *
     * @throws IllegalArgumentException when no live descriptor has that id
     */
    long[] pagesOf(final long id) {
        final long[] p = pages.get(id);
        if (p == null) {
            throw Checks.badArgument("descriptor", id, "a live compound descriptor");
        }
        return p.clone();
    }

    /** A page's slot was freed: the page goes, and the descriptor with its last page. */
    void slotFreed(final long id, final long slot) {
        final long[] p = pages.get(id);
        boolean live = false;
        for (int i = 0; i < p.length; i++) {
            if (p[i] == slot) {
                p[i] = 0;
            }
            live |= p[i] != 0;
        }
        if (!live) {
            pages.remove(id);
        }
    }

    /** Visits every live descriptor, ascending by id, with a copy of its pages. */
    void forEach(final SwapSpaceView.DescriptorVisitor visitor) {
        for (final Map.Entry<Long, long[]> e : pages.entrySet()) {
            visitor.visit(e.getKey(), Integer.numberOfTrailingZeros(e.getValue().length), e.getValue().clone());
        }
    }

    @Override
    public String toString() {
        return pages.entrySet().stream().map(e -> e.getKey() + "=" + Arrays.toString(e.getValue())).toList()
                .toString();
    }
}

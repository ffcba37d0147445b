package dev.swaplayer.properties;

import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.properties.engine.Action;
import dev.swaplayer.properties.engine.Coverage;
import dev.swaplayer.properties.engine.Gen;
import dev.swaplayer.properties.engine.Gens;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.spec.SlotState;

/**
 * The actions of the stateful properties. Arguments are drawn independently of the state (an order, a raw
 * index) and interpreted inside the action (the raw index picks the n-th in-use slot), which keeps shrinking
 * effective.
 *
 * <p>Thread safety: stateless.
 */
final class Actions {
    private Actions() {
    }

    /** Every action, weighted toward the operations that change state. */
    static Gen<Action<Harness>> all(final Geometry g) {
        final int maxOrder = g.maxOrder();
        final int maxRun = 1 << maxOrder;
        final Gen<Integer> raw = Gens.ints(0, 1 << 12);
        return Gens.<Action<Harness>>weighted()
                .add(5, Gens.orders(maxOrder).map(Actions::allocate))
                .add(2, Gens.ints(1, Math.max(1, maxOrder)).map(Actions::allocateFolio))
                .add(4, Gens.zip(raw, Gens.ints(1, maxRun), Actions::freeInUse))
                .add(1, Gens.zip(Gens.longs(0, g.totalSlots()), Gens.ints(0, maxRun + 1), Actions::freeRaw))
                .add(2, raw.map(Actions::dup))
                .add(2, raw.map(Actions::put))
                .add(1, Gens.longs(0, g.totalSlots()).map(Actions::cacheAdd))
                .add(2, raw.map(Actions::cacheDel))
                .add(2, Gens.zip(Gens.ints(0, 3), Gens.zip(raw, raw, (a, b) -> new int[] {a, b}),
                        (d, r) -> freePages(d, r, true)))
                .add(1, Gens.zip(Gens.ints(0, 3), Gens.zip(Gens.ints(-1, maxRun), Gens.ints(0, maxRun + 1),
                        (a, b) -> new int[] {a, b}), (d, r) -> freePages(d, r, false)))
                .add(1, Gens.ints(-2, maxOrder + 2).map(Actions::allocateAnyOrder))
                .add(1, Gens.constant(fill()))
                .add(1, Gens.ints(0, 3).map(Actions::swapInWhole))
                .add(1, raw.map(Actions::emptyCluster))
                .build();
    }

    static Action<Harness> allocate(final int order) {
        return Action.of("allocate(order " + order + ")", h -> {
            final String r = h.both("allocate(order " + order + ")", () -> Harness.offset(h.impl.allocate(order)),
                    () -> h.model.allocate(order));
            Coverage.classify("0".equals(r), "device full at order " + (order == 0 ? "0" : ">0"));
        });
    }

    /** Allocates order-0 slots until the device is full, as swap-out under memory pressure does. */
    static Action<Harness> fill() {
        return Action.of("fill()", h -> {
            for (long i = 0; i < h.geometry.totalSlots(); i++) {
                final String r = h.both("allocate(order 0)", () -> Harness.offset(h.impl.allocate(0)),
                        () -> h.model.allocate(0));
                if ("0".equals(r)) {
                    Coverage.label("device full at order 0");
                    return;
                }
            }
        });
    }

    /** Frees every in-use slot of one cluster, one by one (a burst of MADV_DONTNEED over a region). */
    static Action<Harness> emptyCluster(final int raw) {
        return Action.of("emptyCluster(#" + raw + ")", h -> {
            final int c = Math.floorMod(raw, h.geometry.clusterCount());
            final long first = Math.max(1, (long) c * h.geometry.clusterSlots());
            final long end = Math.min(h.geometry.totalSlots(), (long) (c + 1) * h.geometry.clusterSlots());
            final int before = h.impl.clustersWithMetadata();
            for (long s = first; s < end; s++) {
                if (h.model.state(s) == SlotState.IN_USE) {
                    final long slot = s;
                    h.both("free(" + s + ", 1)", () -> {
                        h.impl.free(h.entry(slot), 1);
                        return "ok";
                    }, () -> {
                        h.model.free(slot, 1);
                        return "ok";
                    });
                }
            }
            Coverage.classify(h.impl.clustersWithMetadata() < before, "cluster coalesced back to wholly free");
        });
    }

    /** Swaps a whole compound folio back in, page by page, which retires its descriptor. */
    static Action<Harness> swapInWhole(final int descriptor) {
        return Action.of("swapInWhole(descriptor #" + descriptor + ")", h -> {
            final long[] ids = h.descriptorIds();
            if (ids.length == 0) {
                return;
            }
            final long id = ids[descriptor % ids.length];
            final long[] pages = h.model.descriptor(id);
            final int order = Integer.numberOfTrailingZeros(pages.length);
            final long handle = SwapEntry.compound(Harness.TYPE, id);
            for (int p = 0; p < pages.length; p++) {
                if (pages[p] != 0) {
                    final int page = p;
                    h.both("freeFolioPages(#" + id + ", " + p + ", 1)", () -> {
                        h.impl.freeFolioPages(handle, order, page, 1);
                        return "ok";
                    }, () -> {
                        h.model.freeDescriptorPages(id, page, 1);
                        return "ok";
                    });
                }
            }
            Coverage.classify(h.descriptorIds().length < ids.length, "descriptor retired");
        });
    }

    static Action<Harness> allocateAnyOrder(final int order) {
        return Action.of("allocate(order " + order + ", maybe out of range)",
                h -> h.both("allocate(order " + order + ")", () -> Harness.offset(h.impl.allocate(order)),
                        () -> h.model.allocate(order)));
    }

    static Action<Harness> allocateFolio(final int order) {
        return Action.of("allocateFolio(order " + order + ")", h -> h.both("allocateFolio(order " + order + ")",
                () -> h.implFolio(order), () -> Harness.specFolio(h.model.allocateFolio(order))));
    }

    static Action<Harness> freeInUse(final int raw, final int n) {
        return Action.of("free(in-use #" + raw + ", " + n + ")", h -> {
            final long slot = h.inUseSlot(raw);
            final int before = h.impl.clustersWithMetadata();
            h.both("free(" + slot + ", " + n + ")", () -> {
                h.impl.free(h.entry(slot), n);
                return "ok";
            }, () -> {
                h.model.free(slot, n);
                return "ok";
            });
            Coverage.classify(h.impl.clustersWithMetadata() < before, "cluster coalesced back to wholly free");
        });
    }

    static Action<Harness> freeRaw(final long slot, final int n) {
        return Action.of("free(slot " + slot + ", " + n + ")", h -> h.both("free(" + slot + ", " + n + ")", () -> {
            h.impl.free(Harness.rawEntry(slot), n);
            return "ok";
        }, () -> {
            h.model.free(slot, n);
            return "ok";
        }));
    }

    static Action<Harness> dup(final int raw) {
        return Action.of("dup(in-use #" + raw + ")", h -> {
            final long slot = h.inUseSlot(raw);
            h.both("dup(" + slot + ")", () -> h.impl.dup(h.entry(slot)), () -> h.model.dup(slot));
        });
    }

    static Action<Harness> put(final int raw) {
        return Action.of("put(in-use #" + raw + ")", h -> {
            final long slot = h.inUseSlot(raw);
            h.both("put(" + slot + ")", () -> h.impl.put(h.entry(slot)), () -> h.model.put(slot));
        });
    }

    static Action<Harness> cacheAdd(final long slot) {
        return Action.of("cacheAdd(slot " + slot + ")", h -> h.both("cacheAdd(" + slot + ")",
                () -> h.impl.cacheAdd(Harness.rawEntry(slot)), () -> h.model.cacheAdd(slot)));
    }

    static Action<Harness> cacheDel(final int raw) {
        return Action.of("cacheDel(in-use #" + raw + ")", h -> {
            final long slot = h.inUseSlot(raw);
            h.both("cacheDel(" + slot + ")", () -> h.impl.cacheDel(h.entry(slot)), () -> h.model.cacheDel(slot));
        });
    }

    /**
     * Frees a page range of a live descriptor: with {@code fit}, the raw pair is folded into the folio (first =
     * a mod pages, count = 1 + b mod the rest); without, it is used as is, to exercise the range checks.
     */
    static Action<Harness> freePages(final int descriptor, final int[] range, final boolean fit) {
        return Action.of("freeFolioPages(descriptor #" + descriptor + ", " + range[0] + ", " + range[1]
                + (fit ? ", folded" : "") + ")", h -> {
                    final long[] ids = h.descriptorIds();
                    if (ids.length == 0) {
                        return;
                    }
                    final long id = ids[descriptor % ids.length];
                    final int pages = h.model.descriptor(id).length;
                    final int order = Integer.numberOfTrailingZeros(pages);
                    final int first = fit ? Math.floorMod(range[0], pages) : range[0];
                    final int count = fit ? 1 + Math.floorMod(range[1], pages - first) : range[1];
                    final long handle = SwapEntry.compound(Harness.TYPE, id);
                    final String r = h.both("freeFolioPages(#" + id + ", " + first + ", " + count + ")", () -> {
                        h.impl.freeFolioPages(handle, order, first, count);
                        return "ok";
                    }, () -> {
                        h.model.freeDescriptorPages(id, first, count);
                        return "ok";
                    });
                    Coverage.classify("ok".equals(r), "compound pages freed");
                    Coverage.classify("ok".equals(r) && h.descriptorIds().length < ids.length, "descriptor retired");
                });
    }
}

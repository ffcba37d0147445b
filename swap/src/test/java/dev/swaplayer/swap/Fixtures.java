package dev.swaplayer.swap;

import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.device.CompressedRamDevice;
import dev.swaplayer.device.FileSwapDevice;
import dev.swaplayer.device.SwapDevice;
import dev.swaplayer.entry.SwapEntry;
import dev.swaplayer.kernel.ClusterAllocator;
import dev.swaplayer.kernel.LegacyAllocator;
import dev.swaplayer.spec.Geometry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Devices, geometries and folio contents shared by the tests. Thread safety: stateless. */
final class Fixtures {
    static final int P = SwapDevice.DEFAULT_PAGE_SIZE;

    private Fixtures() {
    }

    /** The kinds of device the round-trip tests run on. */
    enum Kind {
        RAM, RAM_UNIT4, FILE;

        SwapDevice create(final Path dir, final String name, final long slots) {
            return switch (this) {
                case RAM -> CompressedRamDevice.builder(slots).build();
                case RAM_UNIT4 -> CompressedRamDevice.builder(slots).unitBytes(4 * P).build();
                case FILE -> file(dir, name, slots);
            };
        }
    }

    static SwapDevice file(final Path dir, final String name, final long slots) {
        try {
            return FileSwapDevice.create(dir.resolve(name), slots, name, null);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Clusters of 16 slots, so that small devices have several clusters; max order 4. */
    static Geometry small(final long slots) {
        return Geometry.builder(slots).clusterSlots(16).build();
    }

    /**
     * Folio bytes whose pages differ from one another and mix content kinds: random (incompressible),
     * a repeated pattern (compressible), a single repeated byte (zram's same-filled page). Every page starts
     * with its index and the seed, so a page out of place shows.
     */
    static byte[] folio(final long seed, final int order, final int pageSize) {
        final Random r = new Random(seed);
        final byte[] b = new byte[pageSize << order];
        for (int p = 0; p < 1 << order; p++) {
            final int off = p * pageSize;
            switch (r.nextInt(3)) {
                case 0 -> {
                    final byte[] page = new byte[pageSize];
                    r.nextBytes(page);
                    System.arraycopy(page, 0, b, off, pageSize);
                }
                case 1 -> {
                    for (int i = 0; i < pageSize; i++) {
                        b[off + i] = (byte) (i % 7 + p);
                    }
                }
                default -> java.util.Arrays.fill(b, off, off + pageSize, (byte) r.nextInt(256));
            }
            if (r.nextInt(4) > 0) { // mostly: stamp the page; sometimes leave a same-filled page alone
                ByteBuffer.wrap(b, off, 12).putInt(p).putLong(seed);
            }
        }
        return b;
    }

    /**
     * Fragments an allocator: takes every free slot, then frees all but those whose offset is a multiple of
     * {@code stride}, leaving free runs of {@code stride - 1} slots.
     *
     * @return the pinned entries (count 0, swap-cache flag set)
     */
    static List<Long> pinEvery(final SlotAllocator a, final int stride) {
        final List<Long> all = new ArrayList<>();
        for (long e = a.allocate(0); e != SwapEntry.NONE; e = a.allocate(0)) {
            all.add(e);
        }
        final List<Long> pinned = new ArrayList<>();
        for (final long e : all) {
            if (SwapEntry.offset(e) % stride == 0) {
                pinned.add(e);
            } else {
                a.free(e, 1);
            }
        }
        return pinned;
    }

    /** @return the slots in use over every area */
    static long used(final SwapSpace s) {
        long used = 0;
        for (int t = 0; t < s.areaCount(); t++) {
            used += s.area(t).allocator().usedSlots();
        }
        return used;
    }

    /**
     * The swap space's audit, plus the kernel models' own audits ({@code checkConsistency()} of
     * {@link LegacyAllocator} and {@link ClusterAllocator}: the swap space audits only buddy allocators in depth).
     */
    static void audit(final SwapSpace s) {
        s.checkConsistency();
        for (int t = 0; t < s.areaCount(); t++) {
            if (s.area(t).allocator() instanceof LegacyAllocator l) {
                l.checkConsistency();
            } else if (s.area(t).allocator() instanceof ClusterAllocator c) {
                c.checkConsistency();
            }
        }
    }

    /** @return the page writes over every area's device */
    static long writes(final SwapSpace s) {
        long writes = 0;
        for (int t = 0; t < s.areaCount(); t++) {
            writes += s.area(t).device().stats().writes();
        }
        return writes;
    }

    static byte[] swapInAll(final SwapSpace s, final SwappedFolio f) throws IOException {
        final ByteBuffer dst = ByteBuffer.allocate(f.pages() * s.pageSize());
        s.swapIn(f, dst);
        return dst.array();
    }

    static byte[] range(final byte[] folio, final int firstPage, final int count, final int pageSize) {
        return java.util.Arrays.copyOfRange(folio, firstPage * pageSize, (firstPage + count) * pageSize);
    }
}

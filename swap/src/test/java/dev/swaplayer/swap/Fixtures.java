package dev.swaplayer.swap;

import dev.swaplayer.allocator.SlotAllocator;
import dev.swaplayer.device.CompressedRamDevice;
import dev.swaplayer.device.FileSwapDevice;
import dev.swaplayer.device.SwapDevice;
import dev.swaplayer.spec.Geometry;
import dev.swaplayer.swap.scenario.FixturesAccess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * Devices, geometries and folio contents shared by the tests; those the no-data-loss scenario needs too live in
 * its package ({@link FixturesAccess}). Thread safety: stateless.
 */
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

    /** Same as {@link FixturesAccess#small}. */
    static Geometry small(final long slots) {
        return FixturesAccess.small(slots);
    }

    /** Same as {@link FixturesAccess#folio}. */
    static byte[] folio(final long seed, final int order, final int pageSize) {
        return FixturesAccess.folio(seed, order, pageSize);
    }

    /** Same as {@link FixturesAccess#pinEvery}. */
    static List<Long> pinEvery(final SlotAllocator a, final int stride) {
        return FixturesAccess.pinEvery(a, stride);
    }

    /** Same as {@link FixturesAccess#used}. */
    static long used(final SwapSpace s) {
        return FixturesAccess.used(s);
    }

    /** Same as {@link FixturesAccess#audit}. */
    static void audit(final SwapSpace s) {
        FixturesAccess.audit(s);
    }

    /** Returns the page writes over every area's device. */
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

    /** Same as {@link FixturesAccess#range}. */
    static byte[] range(final byte[] folio, final int firstPage, final int count, final int pageSize) {
        return FixturesAccess.range(folio, firstPage, count, pageSize);
    }
}

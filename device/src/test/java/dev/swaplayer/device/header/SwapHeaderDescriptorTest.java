package dev.swaplayer.device.header;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The swap header's layout: its fields at the kernel's offsets, where the magic and the bad-page list end, and the page
 * sizes it accepts.
 *
 * <p>Thread safety: JUnit runs it on one thread; it reads constants and pure functions only.
 */
class SwapHeaderDescriptorTest {

    @Test
    void offsets_matchTheKernelStruct() {
        // union swap_header.info in include/linux/swap.h
        assertEquals(0, SwapHeaderDescriptor.BOOTBITS_OFFSET);
        assertEquals(1024, SwapHeaderDescriptor.VERSION_OFFSET);
        assertEquals(1028, SwapHeaderDescriptor.LAST_PAGE_OFFSET);
        assertEquals(1032, SwapHeaderDescriptor.NR_BADPAGES_OFFSET);
        assertEquals(1036, SwapHeaderDescriptor.UUID_OFFSET);
        assertEquals(1052, SwapHeaderDescriptor.LABEL_OFFSET);
        assertEquals(1068, SwapHeaderDescriptor.PADDING_OFFSET);
        assertEquals(1536, SwapHeaderDescriptor.BADPAGES_OFFSET);
        assertEquals(1540, SwapHeaderDescriptor.badPageOffset(1));
    }

    @Test
    void magicOffset_everySupportedPageSize_isTenBytesBeforeTheEnd() {
        assertEquals(4086, SwapHeaderDescriptor.magicOffset(4096));
        assertEquals(637, SwapHeaderDescriptor.maxBadPages(4096));
        for (int p = SwapHeaderDescriptor.MIN_PAGE_SIZE; p <= SwapHeaderDescriptor.MAX_PAGE_SIZE; p <<= 1) {
            assertEquals(p - 10, SwapHeaderDescriptor.magicOffset(p), "page size " + p);
            final int max = SwapHeaderDescriptor.maxBadPages(p);
            // The last entry ends at or before the magic; one more would overlap it.
            assertTrue(SwapHeaderDescriptor.badPageOffset(max) <= p - 10, "page size " + p);
            assertTrue(SwapHeaderDescriptor.badPageOffset(max + 1) > p - 10, "page size " + p);
        }
    }

    @Test
    void isValidPageSize_exhaustiveUpTo128K_acceptsOnlyPowersOfTwoFrom4KTo64K() {
        for (int p = 0; p <= 131072; p++) {
            final boolean expected = p == 4096 || p == 8192 || p == 16384 || p == 32768 || p == 65536;
            assertEquals(expected, SwapHeaderDescriptor.isValidPageSize(p), "page size " + p);
        }
        assertFalse(SwapHeaderDescriptor.isValidPageSize(-4096));
    }

    @Test
    void checkPageSize_invalid_namesTheValueAndTheRange() {
        final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SwapHeaderDescriptor.checkPageSize(5000));
        assertEquals("pageSize: 5000 (expected: a power of two in 4096..65536)", e.getMessage());
    }
}

package dev.swaplayer.device;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A swap device as the swap layer sees it: an array of {@link #capacity()} page-sized slots, read and
 * written one whole page at a time. Slot 0 holds the on-disk header (or is reserved, on a RAM device) and
 * is never read or written as data, so the data slots are {@code 1..capacity()-1}.
 *
 * <p>Thread safety: each implementation states its own; the three in this module are safe for use by
 * several threads (see their class comments).
 *
 * <h2>Failures</h2>
 * <ul>
 *   <li><b>I/O failure</b> (the file system refused, the device went away, an injected fault): a checked
 *       {@link IOException}. The upper layer's no-data-loss logic depends on it: a {@link #write} that
 *       throws may have written nothing, all, or a prefix of the page (a torn write), and the slot must
 *       not be trusted until written successfully again; a {@link #read} that throws leaves the content of
 *       {@code dst} unspecified.</li>
 *   <li><b>Caller misuse</b> (slot 0 or past the end, a bad slot, a buffer that is not exactly one page,
 *       a read-only destination): {@link IllegalArgumentException} with a message of the form
 *       {@code slot: 0 (expected: 1..16383)}; nothing is changed, the statistics included.</li>
 *   <li><b>Use after {@link #close()}</b>: {@link IllegalStateException}
 *       {@code device: closed (expected: open)}. A close racing an I/O on another thread may instead make
 *       that I/O fail with an {@link IOException} (such as {@code ClosedChannelException}).</li>
 * </ul>
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>A {@link #read} returns the bytes of the last successful {@link #write} to the slot; a slot never
 *       written since the device was created, or discarded since, reads as zeros on both devices of this
 *       module. (On real hardware the content of a discarded block is undefined; the swap layer never
 *       reads a slot it has not written, so it must not rely on the zeros.)</li>
 *   <li>Runs: {@link #readRun}/{@link #writeRun} move consecutive slots in one operation and behave as the
 *       same page operations in ascending slot order would; {@code read}/{@code write} are runs of one.</li>
 *   <li>Buffers: {@code read} fills {@code dst} from its position, {@code write} consumes {@code src} from its
 *       position; exactly {@link #pageSize()} bytes must remain, and the position advances by one page on
 *       success.</li>
 *   <li>{@link #badSlots()} lists slots the allocator must never hand out; I/O to them is refused with an
 *       {@link IllegalArgumentException} where the device knows them ({@link FileSwapDevice}).</li>
 *   <li>{@link #stats()} counts successful operations only.</li>
 * </ul>
 */
public sealed interface SwapDevice extends Closeable permits FileSwapDevice, CompressedRamDevice, FaultInjectingDevice {
    /** The page size of x86-64 and the default of every device here. */
    int DEFAULT_PAGE_SIZE = 4096;
    /** The slot of the header page: never read or written as data. */
    long HEADER_SLOT = 0;

    /** Returns the size of one slot in bytes, fixed for the life of the device. */
    int pageSize();

    /** Returns the number of slots, header slot included; data slots are {@code 1..capacity()-1}. */
    long capacity();

    /**
     * Reads one page.
     *
     * @param slot a data slot, {@code 1..capacity()-1}, not bad
     * @param dst a writable buffer with exactly {@link #pageSize()} bytes remaining
     * @throws IOException when the I/O fails
     * @throws IllegalArgumentException for a bad slot or buffer
     * @throws IllegalStateException after {@link #close()}
     */
    void read(long slot, ByteBuffer dst) throws IOException;

    /**
     * Writes one page.
     *
     * @param slot a data slot, {@code 1..capacity()-1}, not bad
     * @param src a buffer with exactly {@link #pageSize()} bytes remaining
     * @throws IOException when the I/O fails; the slot then holds unspecified content
     * @throws IllegalArgumentException for a bad slot or buffer
     * @throws IllegalStateException after {@link #close()}
     */
    void write(long slot, ByteBuffer src) throws IOException;

    /**
     * Reads a run of consecutive slots with one device operation: one positional read of a file, one
     * decompression per compression unit of a RAM device, one numbered attempt of a fault injector.
     *
     * @param slot the first slot of the run, a data slot
     * @param pages how many slots, {@code 1..capacity()-slot}, none of them bad
     * @param dst a writable buffer with exactly {@code pages * pageSize()} bytes remaining; filled in slot order
     *     and advanced by the run on success
     * @throws IOException when the I/O fails; the content of {@code dst} is then unspecified
     * @throws IllegalArgumentException for a bad slot, run or buffer
     * @throws IllegalStateException after {@link #close()}
     */
    void readRun(long slot, int pages, ByteBuffer dst) throws IOException;

    /**
     * Writes a run of consecutive slots with one device operation (the write of one extent of a folio).
     * Counts as {@code pages} page writes in {@link #stats()}.
     *
     * @param slot the first slot of the run, a data slot
     * @param pages how many slots, {@code 1..capacity()-slot}, none of them bad
     * @param src a buffer with exactly {@code pages * pageSize()} bytes remaining, consumed in slot order
     * @throws IOException when the I/O fails; every slot of the run then holds unspecified content
     * @throws IllegalArgumentException for a bad slot, run or buffer
     * @throws IllegalStateException after {@link #close()}
     */
    void writeRun(long slot, int pages, ByteBuffer src) throws IOException;

    /**
     * Tells the device that slots no longer hold data (the kernel's swap discard / slot-free
     * notification); they read as zeros afterwards on the devices of this module. A range may span bad
     * slots.
     *
     * @param firstSlot the first slot, {@code 1..capacity()-1}
     * @param count how many slots, {@code 1..capacity()-firstSlot}
     * @throws IOException when the I/O fails
     * @throws IllegalArgumentException for a range outside the data slots
     * @throws IllegalStateException after {@link #close()}
     */
    void discard(long firstSlot, long count) throws IOException;

    /**
     * Makes every completed write durable (for a file: {@code fsync}).
     *
     * @throws IOException when the I/O fails; earlier writes may then be lost
     * @throws IllegalStateException after {@link #close()}
     */
    void flush() throws IOException;

    /**
     * Releases the device. Idempotent. Does not flush a file device: call {@link #flush()} first for
     * durability.
     *
     * @throws IOException when releasing fails
     */
    @Override
    void close() throws IOException;

    /** Returns the bad slots, sorted ascending, without duplicates (a fresh array). */
    long[] badSlots();

    /** Returns a snapshot of the operation counters; a run of {@code n} pages counts as {@code n} pages. */
    DeviceStats stats();
}

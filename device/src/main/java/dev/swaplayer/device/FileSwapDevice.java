package dev.swaplayer.device;

import dev.swaplayer.device.header.SwapHeader;
import dev.swaplayer.device.header.SwapHeaderDescriptor;
import dev.swaplayer.device.header.SwapHeaderException;
import dev.swaplayer.device.header.SwapHeaderException.Problem;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.UUID;
import java.util.function.LongConsumer;

/**
 * A swap device backed by a regular file in the Linux on-disk swap format, version 1: page 0 holds the
 * header ({@link SwapHeader}, layout in {@link SwapHeaderDescriptor}) and slot {@code n} is the page at byte
 * offset {@code n * pageSize}. Files made by util-linux {@code mkswap} open here; files made here are
 * recognised by {@code blkid} and {@code swaplabel} (and by {@code swapon}, bad pages aside).
 *
 * <p>Thread safety: thread-safe. Reads and writes are positional ({@link FileChannel#read(ByteBuffer, long)}),
 * so concurrent I/O to different slots needs no lock (concurrent writes to one slot are a caller bug and leave
 * unspecified content).
 * The header is immutable once opened, and the statistics are atomics.
 *
 * <h2>Semantics</h2>
 * <ul>
 *   <li>{@link #capacity()} is {@code last_page + 1} from the header; a file longer than that keeps its tail
 *       unused, as the kernel does.</li>
 *   <li>{@link #badSlots()} are the header's bad pages (sorted, duplicates counted once); reading or writing
 *       one is refused with {@link IllegalArgumentException}. The kernel refuses bad pages in a regular file at
 *       {@code swapon}; this class accepts them so that bad-page handling can be exercised on files.</li>
 *   <li>{@link #discard} overwrites the range with zeros (Java cannot punch holes), so discarded slots read as
 *       zeros and the file stays free of holes.</li>
 *   <li>{@link #flush()} is {@link FileChannel#force(boolean) force(true)}.</li>
 *   <li>{@link #create} writes every page (zeros) so that the file has no holes, which {@code swapon}
 *       requires, and makes it mode 0600 where the file system supports POSIX permissions, as {@code mkswap}
 *       advises.</li>
 * </ul>
 *
 * <h2>util-linux (2.38) compatibility notes</h2>
 * {@link #create} accepts areas of 2 pages or more, but {@code mkswap} refuses areas under 10 pages (40 KiB)
 * and {@code blkid} does not report swap on smaller files. Labels may use all 16 bytes here, as the kernel's
 * field allows and {@code blkid}/{@code swaplabel} read back; {@code mkswap -L} and {@code swaplabel -L}
 * truncate to 15 bytes.
 */
public final class FileSwapDevice extends DeviceBase implements SwapDevice {
    /** Bytes written per call when filling a new file or a discarded range. */
    private static final int ZERO_CHUNK = 1 << 20;
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(ZERO_CHUNK).asReadOnlyBuffer();

    private final Path path;
    private final FileChannel channel;
    private final SwapHeader header;

    private FileSwapDevice(final Path path, final FileChannel channel, final SwapHeader header) {
        super(header.pageSize(), header.pages(), header.badPages());
        this.path = path;
        this.channel = channel;
        this.header = header;
    }

    /**
     * Creates a new little-endian swap file of 4 KiB pages, as {@code mkswap -L label -U uuid} would, and
     * opens it.
     *
     * @param path a file that does not exist yet
     * @param pages the size in pages, header page included (2..2^32)
     * @param label the label, at most 16 bytes of UTF-8; {@code ""} or {@code null} for none
     * @param uuid the UUID; {@code null} for a random one
     * @param badPages bad pages to record in the header, each in {@code 1..pages-1}
     * @return the open device
     * @throws IOException when the file exists ({@link java.nio.file.FileAlreadyExistsException}) or cannot be
     *         written; a file this call created is deleted again
     * @throws IllegalArgumentException when an argument is out of range (see {@link SwapHeader#create})
     */
    public static FileSwapDevice create(final Path path, final long pages, final String label, final UUID uuid,
            final long... badPages) throws IOException {
        return create(path, SwapHeader.create(DEFAULT_PAGE_SIZE, pages, label == null ? "" : label,
                uuid == null ? UUID.randomUUID() : uuid, badPages));
    }

    /**
     * Creates a new swap file holding {@code header} (any page size or byte order) and opens it. The boot
     * bits and padding are zero and every page is written, so the file has no holes.
     *
     * @param path a file that does not exist yet
     * @param header the header to write
     * @return the open device
     * @throws IOException when the file exists or cannot be written
     */
    public static FileSwapDevice create(final Path path, final SwapHeader header) throws IOException {
        return create(path, header, pages -> { });
    }

    /**
     * Creates a new swap file holding {@code header}, as {@link #create(Path, SwapHeader)}, and reports
     * progress.
     *
     * @param path a file that does not exist yet
     * @param header the header to write
     * @param progress hears, on the calling thread, how many more pages were written (after each MiB); the
     *     amounts add up to the file's pages
     * @return the open device
     * @throws IOException when the file exists or cannot be written
     */
    public static FileSwapDevice create(final Path path, final SwapHeader header, final LongConsumer progress)
            throws IOException {
        final FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        boolean ok = false;
        try {
            restrictPermissions(path);
            final long bytes = header.pages() * header.pageSize();
            for (long pos = header.pageSize(); pos < bytes; ) {
                final ByteBuffer z = ZEROS.duplicate();
                z.limit((int) Math.min(ZERO_CHUNK, bytes - pos));
                final int n = writeFully(ch, z, pos);
                progress.accept(n / header.pageSize());
                pos += n;
            }
            writeFully(ch, header.encode(), 0);
            progress.accept(1);
            ch.force(true);
            ok = true;
            return new FileSwapDevice(path, ch, header);
        } finally {
            if (!ok) {
                ch.close();
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * Opens an existing swap file of 4 KiB pages for reading and writing.
     *
     * @param path the file
     * @return the open device
     * @throws SwapHeaderException when the header is not one {@code swapon} would accept (bad pages aside)
     * @throws IOException when the file cannot be opened or read
     */
    public static FileSwapDevice open(final Path path) throws IOException {
        return open(path, DEFAULT_PAGE_SIZE);
    }

    /**
     * Opens an existing swap file made for {@code pageSize}-byte pages for reading and writing.
     *
     * @param path the file
     * @param pageSize the page size the file was made for (a power of two in 4096..65536)
     * @return the open device
     * @throws SwapHeaderException when the header is not one {@code swapon} would accept (bad pages aside)
     * @throws IOException when the file cannot be opened or read
     */
    public static FileSwapDevice open(final Path path, final int pageSize) throws IOException {
        SwapHeaderDescriptor.checkPageSize(pageSize);
        final FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        boolean ok = false;
        try {
            final SwapHeader header = readHeader(ch, pageSize);
            ok = true;
            return new FileSwapDevice(path, ch, header);
        } finally {
            if (!ok) {
                ch.close();
            }
        }
    }

    /**
     * Reads and validates the header of a swap file without opening it for writing (for inspection).
     *
     * @param path the file
     * @param pageSize the page size the file was made for
     * @return the header
     * @throws SwapHeaderException when the header is not one {@code swapon} would accept (bad pages aside)
     * @throws IOException when the file cannot be read
     */
    public static SwapHeader readHeader(final Path path, final int pageSize) throws IOException {
        return readHeader(path, pageSize, false);
    }

    /**
     * Reads and validates the header of a swap area as swapon would for it, without opening it for writing.
     *
     * @param path the file
     * @param pageSize the page size the area was made for
     * @param fileArea true to apply swapon's rule for a regular file, which must list no bad pages
     *        ({@link SwapHeader#decode(ByteBuffer, long, boolean)}); false for a block device or its image
     * @return the header
     * @throws SwapHeaderException when the header is not one {@code swapon} would accept
     * @throws IOException when the file cannot be read
     */
    public static SwapHeader readHeader(final Path path, final int pageSize, final boolean fileArea)
            throws IOException {
        SwapHeaderDescriptor.checkPageSize(pageSize);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return readHeader(ch, pageSize, fileArea);
        }
    }

    private static SwapHeader readHeader(final FileChannel ch, final int pageSize) throws IOException {
        return readHeader(ch, pageSize, false);
    }

    private static SwapHeader readHeader(final FileChannel ch, final int pageSize, final boolean fileArea)
            throws IOException {
        final long size = ch.size();
        final ByteBuffer page = ByteBuffer.allocate(pageSize);
        readUpTo(ch, page, 0);
        page.clear();
        try {
            return SwapHeader.decode(page, size, fileArea);
        } catch (final SwapHeaderException e) {
            if (e.problem() == Problem.NO_SIGNATURE) {
                final int other = findSignaturePageSize(ch, pageSize);
                if (other != 0) {
                    throw new SwapHeaderException(e.problem(), e.getMessage() + "; but found at offset "
                            + SwapHeaderDescriptor.magicOffset(other) + ": the area was made for " + other
                            + "-byte pages, not " + pageSize);
                }
            }
            throw e;
        }
    }

    /** Probes the other page sizes, as blkid does, for a hint in the error message; 0 when none matches. */
    private static int findSignaturePageSize(final FileChannel ch, final int except) throws IOException {
        final byte[] expected = SwapHeaderDescriptor.MAGIC_V1.getBytes(StandardCharsets.US_ASCII);
        for (int p = SwapHeaderDescriptor.MIN_PAGE_SIZE; p <= SwapHeaderDescriptor.MAX_PAGE_SIZE; p <<= 1) {
            if (p == except || ch.size() < p) {
                continue;
            }
            final ByteBuffer magic = ByteBuffer.allocate(SwapHeaderDescriptor.MAGIC_LENGTH);
            readUpTo(ch, magic, SwapHeaderDescriptor.magicOffset(p));
            if (Arrays.equals(magic.array(), expected)) {
                return p;
            }
        }
        return 0;
    }

    private static void restrictPermissions(final Path path) throws IOException {
        if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        }
    }

    /** Returns the file. */
    public Path path() {
        return path;
    }

    /** Returns the header read (or written) when the device was opened. */
    public SwapHeader header() {
        return header;
    }

    /** Reads the run with one positional read (repeated only if the channel returns short). */
    @Override
    public void readRun(final long slot, final int pages, final ByteBuffer dst) throws IOException {
        checkRun(slot, pages, "dst", dst, true);
        final long pos = slot * pageSize();
        final int bytes = pages * pageSize();
        final int start = dst.position();
        if (readUpTo(channel, dst, pos) != bytes) {
            throw new EOFException("read of slots " + slot + ".." + (slot + pages - 1) + ": end of file after "
                    + (dst.position() - start) + " of " + bytes + " bytes at offset " + pos);
        }
        stats.read(pages, bytes);
    }

    /** Writes the run with one positional write (repeated only if the channel writes short). */
    @Override
    public void writeRun(final long slot, final int pages, final ByteBuffer src) throws IOException {
        checkRun(slot, pages, "src", src, false);
        final int bytes = writeFully(channel, src, slot * pageSize());
        stats.write(pages, bytes);
    }

    @Override
    public void discard(final long firstSlot, final long count) throws IOException {
        checkDiscard(firstSlot, count);
        final long end = (firstSlot + count) * pageSize();
        for (long pos = firstSlot * pageSize(); pos < end; ) {
            final ByteBuffer z = ZEROS.duplicate();
            z.limit((int) Math.min(ZERO_CHUNK, end - pos));
            pos += writeFully(channel, z, pos);
        }
        stats.discard(count);
    }

    @Override
    public void flush() throws IOException {
        checkOpen();
        channel.force(true);
        stats.flush();
    }

    @Override
    public void close() throws IOException {
        if (markClosed()) {
            channel.close();
        }
    }

    /** Reads until {@code dst} is full or end of file; returns the bytes read. */
    private static int readUpTo(final FileChannel ch, final ByteBuffer dst, final long pos) throws IOException {
        int done = 0;
        while (dst.hasRemaining()) {
            final int n = ch.read(dst, pos + done);
            if (n < 0) {
                break;
            }
            done += n;
        }
        return done;
    }

    private static int writeFully(final FileChannel ch, final ByteBuffer src, final long pos) throws IOException {
        int done = 0;
        while (src.hasRemaining()) {
            done += ch.write(src, pos + done);
        }
        return done;
    }

    @Override
    public String toString() {
        return "FileSwapDevice(" + path + ": " + capacity() + " x " + pageSize() + " B, " + badSlots().length + " bad"
                + (isClosed() ? ", closed" : "") + ")";
    }
}

package dev.swaplayer.bench;

import dev.swaplayer.device.FileSwapDevice;
import dev.swaplayer.device.TempFiles;
import dev.swaplayer.swap.FolioFallback;
import dev.swaplayer.swap.SwapSpace;
import dev.swaplayer.swap.SwappedFolio;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Swap-out and swap-in of 64 KiB folios (order 4) through {@link SwapSpace} onto a {@link FileSwapDevice},
 * against raw {@link FileChannel} writes and reads of the same bytes to a file of the same size.
 *
 * <p>Thread safety: one benchmark thread per fork ({@link SwapSpace} is single-threaded).
 *
 * <p>Both files are {@value #FILE_PAGES} pages (64 MiB) in {@code java.io.tmpdir}, so the data stays in the
 * page cache: this measures the CPU cost of the path, not the disk. A ring of {@value #RING} folios (16 MiB)
 * cycles through both files: a swap-out step frees the oldest folio and swaps out the next 64 KiB of the image
 * into the slots it left; a raw write step writes the same bytes at the next of {@value #RING} positions.
 * {@link #rawWritePages} writes the same bytes as 16 page writes, the device's own I/O pattern, to separate
 * the cost of the system calls from the cost of the layer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
public class SwapBench {
    static final int FILE_PAGES = 1 << 14;
    static final int RING = 256;
    private static final int ORDER = 4;
    private static final int FOLIO = 4096 << ORDER;

    /** The image file, or "" for the synthetic image. */
    @Param("")
    public String image;

    private Path dir;
    private FileSwapDevice device;
    private SwapSpace space;
    private FileChannel raw;
    private ByteBuffer[] chunks;
    private final SwappedFolio[] ring = new SwappedFolio[RING];
    private final ByteBuffer dst = ByteBuffer.allocateDirect(FOLIO);
    private int next;

    /**
     * Creates both files and swaps the ring out once.
     *
     * @throws IOException when the temporary files cannot be made
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        final byte[] sample = ImageSource.load(image, RING * FOLIO);
        chunks = new ByteBuffer[sample.length / FOLIO];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = ByteBuffer.allocateDirect(FOLIO).put(sample, i * FOLIO, FOLIO).flip();
        }
        dir = TempFiles.createDirectory("swaplayer-bench"); // deleted at exit even on Ctrl-C
        device = FileSwapDevice.create(dir.resolve("swapfile"), FILE_PAGES, "bench", new UUID(1, 1));
        space = SwapSpace.builder(FolioFallback.CONTIGUOUS).addDevice(device, 0).build();
        raw = FileChannel.open(dir.resolve("raw"), StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        final ByteBuffer zeros = ByteBuffer.allocateDirect(FOLIO);
        for (long pos = 0; pos < (long) FILE_PAGES * 4096; pos += FOLIO) {
            raw.write(zeros.clear(), pos);
        }
        for (int i = 0; i < RING; i++) {
            ring[i] = space.swapOut(chunk(i), ORDER);
            if (!ring[i].isSwappedOut()) {
                throw new IllegalStateException("setup: folio " + i + " not swapped out (expected: room for "
                        + RING + " folios)");
            }
        }
    }

    private ByteBuffer chunk(final int i) {
        return chunks[i % chunks.length].duplicate();
    }

    private long rawPosition(final int i) {
        return (long) (i % RING) * FOLIO + 4096; // page 0 is the swap header in the other file
    }

    /**
     * Closes the device.
     *
     * @throws IOException when closing fails
     */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        device.close();
        raw.close();
        TempFiles.delete(dir);
    }

    /**
     * Returns the new folio.
     *
     * @throws IOException when a write fails
     */
    @Benchmark
    public SwappedFolio swapOut() throws IOException {
        final int i = next++ % RING;
        space.free(ring[i]);
        ring[i] = space.swapOut(chunk(next), ORDER);
        return ring[i];
    }

    /**
     * Returns bytes written.
     *
     * @throws IOException when a write fails
     */
    @Benchmark
    public int rawWrite() throws IOException {
        final int i = next++;
        return raw.write(chunk(i), rawPosition(i));
    }

    /**
     * Returns bytes written.
     *
     * @throws IOException when a write fails
     */
    @Benchmark
    public int rawWritePages() throws IOException {
        final int i = next++;
        final ByteBuffer src = chunk(i);
        final long pos = rawPosition(i);
        int done = 0;
        for (int p = 0; p < 1 << ORDER; p++) {
            done += raw.write(src.limit((p + 1) * 4096), pos + (long) p * 4096);
        }
        return done;
    }

    /**
     * Reads a whole folio back, keeping it swapped out (as a swap-cache read would).
     *
     * @return the buffer read into
     * @throws IOException when a read fails
     */
    @Benchmark
    public ByteBuffer swapIn() throws IOException {
        space.swapIn(ring[next++ % RING], 0, 1 << ORDER, dst.clear(), true);
        return dst;
    }

    /**
     * Returns bytes read.
     *
     * @throws IOException when a read fails
     */
    @Benchmark
    public int rawRead() throws IOException {
        final int i = next++;
        return raw.read(dst.clear(), rawPosition(i));
    }
}

package dev.swaplayer.bench;

import dev.swaplayer.device.Algorithm;
import dev.swaplayer.device.CompressedRamDevice;
import java.io.IOException;
import java.nio.ByteBuffer;
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
 * Compression and decompression cost of {@link CompressedRamDevice} at 4 KiB and 64 KiB units, lz4 and zstd.
 * Every operation moves the same 64 KiB of the image: at 4 KiB units as 16 page writes or reads (each page is
 * compressed on its own), at 64 KiB units as one {@code writeUnit} or {@code readUnit}. So throughputs at the
 * two unit sizes compare CPU per byte directly.
 *
 * <p>Thread safety: one benchmark thread per fork.
 *
 * <p>The device holds the whole sample ({@value #SAMPLE} bytes, written in setup); operation i rewrites or
 * reads 64 KiB chunk i mod the chunk count, so the image is covered evenly.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(1)
public class CompressBench {
    static final int SAMPLE = 16 << 20;
    private static final int CHUNK = 1 << 16;
    private static final int PAGE = 4096;
    private static final int PAGES = CHUNK / PAGE;

    /** zram's name of the compressor. */
    @Param({"lz4", "zstd"})
    public String algorithm;

    /** The unit size in bytes. */
    @Param({"4096", "65536"})
    public int unit;

    /** The image file, or "" for the synthetic image. */
    @Param("")
    public String image;

    private CompressedRamDevice device;
    private ByteBuffer[] chunks;
    private final ByteBuffer dst = ByteBuffer.allocate(CHUNK);
    private int next;

    /**
     * Loads the sample and stores it on the device.
     *
     * @throws IOException when the image cannot be read
     */
    @Setup(Level.Trial)
    public void setUp() throws IOException {
        final byte[] sample = ImageSource.load(image, SAMPLE);
        chunks = new ByteBuffer[sample.length / CHUNK];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = ByteBuffer.wrap(sample, i * CHUNK, CHUNK).slice();
        }
        device = CompressedRamDevice.builder((long) (chunks.length + 1) * PAGES)
                .algorithm(Algorithm.fromKernelName(algorithm)).unitBytes(unit).build();
        for (int i = 0; i < chunks.length; i++) {
            compress(i);
        }
    }

    /** Closes the device. */
    @TearDown(Level.Trial)
    public void tearDown() {
        device.close();
    }

    /** Chunk i lives in slots {@code (i+1)*16 ..}: the unit holding slot 0 is never used. */
    private long firstSlot(final int i) {
        return (long) (i + 1) * PAGES;
    }

    private void compress(final int i) {
        final ByteBuffer src = chunks[i].duplicate();
        if (unit == CHUNK) {
            device.writeUnit(firstSlot(i), src);
        } else {
            for (int p = 0; p < PAGES; p++) {
                device.write(firstSlot(i) + p, src.limit((p + 1) * PAGE));
            }
        }
    }

    /** Returns the chunk index written. */
    @Benchmark
    public int compress() {
        final int i = next++ % chunks.length;
        compress(i);
        return i;
    }

    /** Returns the buffer read into. */
    @Benchmark
    public ByteBuffer decompress() {
        final int i = next++ % chunks.length;
        dst.clear();
        if (unit == CHUNK) {
            device.readUnit(firstSlot(i), dst);
        } else {
            for (int p = 0; p < PAGES; p++) {
                device.read(firstSlot(i) + p, dst.limit((p + 1) * PAGE));
            }
        }
        return dst;
    }
}

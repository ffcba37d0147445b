package dev.swaplayer.device;

import com.github.luben.zstd.Zstd;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * One compressor/decompressor pair working on byte arrays, like one of zram's per-CPU compression streams.
 *
 * <p>Thread safety: not thread-safe; a {@link CompressedRamDevice} uses its codec under its lock.
 */
abstract class Codec implements AutoCloseable {
    /** zstd's default level ({@code ZSTD_CLEVEL_DEFAULT}). */
    static final int ZSTD_LEVEL = 3;

    /** Returns the largest output {@link #compress} may produce for {@code length} input bytes. */
    abstract int maxCompressedLength(int length);

    /**
     * Returns the compressed length.
     *
     * @param src the input
     * @param length input bytes, from index 0
     * @param dst the output, at least {@link #maxCompressedLength(int)} long
     */
    abstract int compress(byte[] src, int length, byte[] dst);

    /**
     * Decompresses exactly {@code dstLength} bytes; anything else means the stored object is corrupt, which
     * cannot happen to data this device compressed itself, hence an {@link AssertionError}.
     */
    abstract void decompress(byte[] src, int srcLength, byte[] dst, int dstLength);

    @Override
    public void close() {
    }

    static AssertionError corrupt(final String algo, final int srcLength, final long got, final int expected) {
        return new AssertionError(algo + " object of " + srcLength + " bytes decompressed to " + got
                + " bytes (expected: " + expected + "): the stored object is corrupt");
    }

    /** LZ4 fast compression; decompression with the bounds-checked ("safe") decompressor. */
    static final class Lz4 extends Codec {
        private static final LZ4Factory FACTORY = LZ4Factory.fastestInstance();
        private final LZ4Compressor compressor = FACTORY.fastCompressor();
        private final LZ4SafeDecompressor decompressor = FACTORY.safeDecompressor();

        @Override
        int maxCompressedLength(final int length) {
            return compressor.maxCompressedLength(length);
        }

        @Override
        int compress(final byte[] src, final int length, final byte[] dst) {
            return compressor.compress(src, 0, length, dst, 0, dst.length);
        }

        @Override
        void decompress(final byte[] src, final int srcLength, final byte[] dst, final int dstLength) {
            final int n = decompressor.decompress(src, 0, srcLength, dst, 0, dstLength);
            if (n != dstLength) {
                throw corrupt("lz4", srcLength, n, dstLength);
            }
        }
    }

    /**
     * Zstandard through zstd-jni's one-shot byte-array calls. zram's zstd backend keeps one context per stream
     * ({@code zstd_create} in {@code drivers/block/zram/backend_zstd.c}, v6.12); a context kept here
     * ({@code ZstdCompressCtx}) was measured with {@code CompressBench} and compressed 4 KiB units no faster and
     * 64 KiB units more slowly than the one-shot calls, so the codec stays with them.
     */
    static final class Zstandard extends Codec {
        @Override
        int maxCompressedLength(final int length) {
            return (int) Zstd.compressBound(length);
        }

        @Override
        int compress(final byte[] src, final int length, final byte[] dst) {
            final long n = Zstd.compressByteArray(dst, 0, dst.length, src, 0, length, ZSTD_LEVEL);
            if (Zstd.isError(n)) {
                throw new AssertionError("zstd compress of " + length + " bytes: " + Zstd.getErrorName(n));
            }
            return (int) n;
        }

        @Override
        void decompress(final byte[] src, final int srcLength, final byte[] dst, final int dstLength) {
            final long n = Zstd.decompressByteArray(dst, 0, dstLength, src, 0, srcLength);
            if (Zstd.isError(n) || n != dstLength) {
                throw corrupt("zstd", srcLength, n, dstLength);
            }
        }
    }

    /** Raw deflate (no zlib header), as the kernel's deflate backend produces. */
    static final class Deflate extends Codec {
        private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        private final Inflater inflater = new Inflater(true);

        @Override
        int maxCompressedLength(final int length) {
            // zlib's deflateBound for stored blocks: 5 bytes per 16 KiB block plus slack for the final block.
            return length + 5 * (length / 16383 + 1) + 64;
        }

        @Override
        int compress(final byte[] src, final int length, final byte[] dst) {
            deflater.reset();
            deflater.setInput(src, 0, length);
            deflater.finish();
            int n = 0;
            while (!deflater.finished()) {
                if (n == dst.length) {
                    throw new AssertionError("deflate of " + length + " bytes: output exceeds " + dst.length);
                }
                n += deflater.deflate(dst, n, dst.length - n);
            }
            return n;
        }

        @Override
        void decompress(final byte[] src, final int srcLength, final byte[] dst, final int dstLength) {
            inflater.reset();
            inflater.setInput(src, 0, srcLength);
            int n = 0;
            try {
                while (n < dstLength && !inflater.finished()) {
                    final int got = inflater.inflate(dst, n, dstLength - n);
                    if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                        break;
                    }
                    n += got;
                }
            } catch (final DataFormatException e) {
                throw new AssertionError("deflate object of " + srcLength + " bytes: " + e.getMessage(), e);
            }
            if (n != dstLength) {
                throw corrupt("deflate", srcLength, n, dstLength);
            }
        }

        @Override
        public void close() {
            deflater.end();
            inflater.end();
        }
    }
}

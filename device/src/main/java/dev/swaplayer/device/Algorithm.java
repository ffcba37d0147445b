package dev.swaplayer.device;

import java.util.Locale;

/**
 * The compressors of {@link CompressedRamDevice}, named as in zram's {@code comp_algorithm}.
 *
 * <p>Thread safety: immutable; the codecs it makes are not thread-safe and belong to one device.
 */
public enum Algorithm {
    /** LZ4 fast mode ({@code at.yawk.lz4:lz4-java}, the fastest available instance). */
    LZ4("lz4"),
    /** Zstandard at level 3, zstd's default ({@code com.github.luben:zstd-jni}). */
    ZSTD("zstd"),
    /** Raw deflate at zlib's default level (the JDK's {@link java.util.zip.Deflater}, no zlib wrapper). */
    DEFLATE("deflate");

    private final String kernelName;

    Algorithm(final String kernelName) {
        this.kernelName = kernelName;
    }

    /** Returns the name zram's {@code comp_algorithm} uses: {@code lz4}, {@code zstd} or {@code deflate}. */
    public String kernelName() {
        return kernelName;
    }

    /**
     * Returns the algorithm.
     *
     * @param name a kernel name, any case
     * @throws IllegalArgumentException for an unknown name
     */
    public static Algorithm fromKernelName(final String name) {
        for (final Algorithm a : values()) {
            if (a.kernelName.equals(name == null ? null : name.toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw Checks.badArgument("algorithm", name, "one of lz4, zstd, deflate");
    }

    Codec newCodec() {
        return switch (this) {
            case LZ4 -> new Codec.Lz4();
            case ZSTD -> new Codec.Zstandard();
            case DEFLATE -> new Codec.Deflate();
            default -> throw new AssertionError(this);
        };
    }
}

package dev.swaplayer.simulator;

/**
 * glibc's {@code rand()} / {@code random()}: the TYPE_3 additive feedback generator that a C program gets
 * by default, bit for bit, so that a replay of {@code tools/mm/thp_swap_allocator_test.c} draws the same
 * numbers as the program does on a glibc system.
 *
 * <p>Thread safety: not thread-safe; one instance per run.
 *
 * <h2>Algorithm (glibc {@code stdlib/random_r.c}, TYPE_3: degree 31, separation 3)</h2>
 * <ol>
 *   <li>{@code srandom(seed)}: a seed of 0 becomes 1; {@code r[0] = seed} as a signed 32-bit word, then
 *       {@code r[i] = 16807 * r[i-1] mod (2^31 - 1)} for i = 1..30, computed with Schrage's method (no
 *       64-bit product), adding {@code 2^31 - 1} when negative.</li>
 *   <li>The front pointer starts 3 words after the rear pointer; 310 outputs are discarded.</li>
 *   <li>Each draw: {@code r[f] += r[r]} (unsigned 32-bit, wrapping), both pointers advance cyclically over
 *       the 31 words, and the result is {@code r[f] >>> 1}, in 0..2^31-1. Equivalently
 *       {@code r[i] = r[i-3] + r[i-31]}.</li>
 * </ol>
 * With the default seed 1 the first draws are 1804289383, 846930886, 1681692777.
 */
public final class GlibcRandom {
    /** {@code RAND_MAX} on glibc. */
    public static final int RAND_MAX = Integer.MAX_VALUE;
    /** glibc's default seed: a program that never calls srand() runs as if it called srand(1). */
    public static final long DEFAULT_SEED = 1;
    /** The largest accepted seed: srand() takes an unsigned int. */
    public static final long MAX_SEED = 0xffff_ffffL;

    private static final int DEGREE = 31;
    private static final int SEPARATION = 3;
    private static final int DISCARD = DEGREE * 10;
    private static final int MODULUS = Integer.MAX_VALUE; // 2^31 - 1, the Park-Miller prime
    private static final int MULTIPLIER = 16807;
    private static final int SCHRAGE_Q = MODULUS / MULTIPLIER; // 127773
    private static final int SCHRAGE_R = MODULUS % MULTIPLIER; // 2836

    private final int[] state = new int[DEGREE];
    private int front;
    private int rear;

    /** Seeds as a C program that never calls {@code srand()}: seed 1. */
    public GlibcRandom() {
        this(DEFAULT_SEED);
    }

    /**
     * Seeds as {@code srand(seed)}.
     *
     * @param seed 0..2^32-1 (an unsigned int); 0 behaves as 1, as in glibc
     * @throws IllegalArgumentException when out of range
     */
    public GlibcRandom(final long seed) {
        if (seed < 0 || seed > MAX_SEED) {
            throw new IllegalArgumentException("seed: " + seed + " (expected: 0.." + MAX_SEED + ")");
        }
        int word = seed == 0 ? 1 : (int) seed; // glibc keeps the seed in an int32_t
        state[0] = word;
        for (int i = 1; i < DEGREE; i++) {
            final int hi = word / SCHRAGE_Q;
            final int lo = word % SCHRAGE_Q;
            word = MULTIPLIER * lo - SCHRAGE_R * hi;
            if (word < 0) {
                word += MODULUS;
            }
            state[i] = word;
        }
        front = SEPARATION;
        rear = 0;
        for (int i = 0; i < DISCARD; i++) {
            next();
        }
    }

    /** Returns the next {@code rand()} value, 0..RAND_MAX. */
    public int next() {
        state[front] += state[rear];
        final int result = state[front] >>> 1;
        front = front + 1 == DEGREE ? 0 : front + 1;
        rear = rear + 1 == DEGREE ? 0 : rear + 1;
        return result;
    }

    /**
     * {@code rand() % bound}, as the C test writes it (modulo bias included, on purpose).
     *
     * @param bound a positive bound
     * @return the next draw modulo bound
     */
    public int nextMod(final int bound) {
        return next() % bound;
    }

    @Override
    public String toString() {
        return "GlibcRandom(TYPE_3, front " + front + ", rear " + rear + ")";
    }
}

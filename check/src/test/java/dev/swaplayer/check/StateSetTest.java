package dev.swaplayer.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The state set against a hash map: the same ids for the same keys through growth of the table and of the
 * key chunks, keys that differ in one byte or only in length, and reuse after {@link StateSet#clear()}.
 *
 * <p>Thread safety: each test runs on JUnit's one thread and builds its own set.
 */
class StateSetTest {

    private static byte[] key(final Random random) {
        final byte[] k = new byte[random.nextInt(40)];
        for (int i = 0; i < k.length; i++) {
            k[i] = (byte) random.nextInt(3); // few values: many keys share prefixes
        }
        return k;
    }

    @Test
    void findsWhatAHashMapFinds() {
        final StateSet set = new StateSet();
        for (int round = 0; round < 2; round++) {
            final Map<String, Integer> expected = new HashMap<>();
            final Random random = new Random(42 + round);
            for (int i = 0; i < 200_000; i++) {
                final byte[] k = key(random);
                final String s = new String(k, StandardCharsets.ISO_8859_1);
                final int found = set.find(k, StateSet.hash(k));
                assertEquals(expected.getOrDefault(s, -1), found, s);
                if (found < 0) {
                    expected.put(s, set.add(k, StateSet.hash(k)));
                }
            }
            assertEquals(expected.size(), set.size());
            set.clear();
            assertEquals(0, set.size());
        }
    }

    @Test
    void keysLongerThanAChunkRemainderGoToTheNextChunk() {
        final StateSet set = new StateSet();
        final byte[] big = new byte[(1 << 19) + 1];
        for (int i = 0; i < 20; i++) { // 7 keys fill a 4 MiB chunk but for 7 bytes: the 8th starts the next
            big[0] = (byte) i;
            assertEquals(i, set.add(big.clone(), StateSet.hash(big)));
        }
        for (int i = 0; i < 20; i++) {
            big[0] = (byte) i;
            assertEquals(i, set.find(big, StateSet.hash(big)));
        }
        assertEquals(-1, set.find(new byte[0], StateSet.hash(new byte[0])));
    }
}

package dev.swaplayer.verify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * What the linearizability judge relies on: in {@link Lockstep}, a thread's call i ends before the other thread's
 * call i+1 begins, however the scheduler runs the two; and an abandoned history lets its waiter go.
 *
 * <p>Thread safety: each test starts and joins its own threads.
 */
class LockstepTest {
    private static final int CALLS = 2_000;

    @Test
    void eachThreadsCallEndsBeforeTheOthersNextCallBegins() throws InterruptedException {
        final Lockstep step = new Lockstep();
        final long[][] begin = new long[2][CALLS];
        final long[][] end = new long[2][CALLS];
        final Thread[] threads = new Thread[2];
        for (int t = 0; t < 2; t++) {
            final int me = t;
            threads[t] = new Thread(() -> {
                for (int i = 0; i < CALLS; i++) {
                    step.meet(i);
                    begin[me][i] = System.nanoTime();
                    for (int k = 0; k < (i * 7 + me * 13) % 50; k++) { // calls of uneven length
                        Thread.onSpinWait();
                    }
                    end[me][i] = System.nanoTime();
                }
            });
            threads[t].start();
        }
        for (final Thread t : threads) {
            t.join();
        }
        for (int i = 0; i + 1 < CALLS; i++) {
            for (int t = 0; t < 2; t++) {
                assertTrue(end[t][i] <= begin[1 - t][i + 1], "thread " + t + "'s call " + i + " ended at " + end[t][i]
                        + " ns, after the other thread's call " + (i + 1) + " began at " + begin[1 - t][i + 1]);
            }
        }
    }

    @Test
    void anAbandonedHistoryLetsItsWaiterGo() throws InterruptedException {
        final Lockstep step = new Lockstep();
        final AtomicBoolean met = new AtomicBoolean(true);
        final Thread alone = new Thread(() -> met.set(step.meet(0)));
        alone.start();
        alone.join(100); // ms
        assertTrue(alone.isAlive(), "waits while the other thread has not arrived");
        step.abandon();
        alone.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(alone.isAlive(), "let go once the history is abandoned");
        assertFalse(met.get(), "and told not to make its call");
    }
}

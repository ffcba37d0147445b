package dev.swaplayer.jcstress;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import dev.swaplayer.allocator.SpinLock;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;

/**
 * The lock under every other test: {@link SpinLock}, the allocators' {@code si->lock} and {@code ci->lock}.
 * Two threads each take it (one of them twice, nested), read a plain counter, and write it back plus one.
 * Mutual exclusion means neither increment is lost (INV-17 rests on it); release/acquire ordering means the
 * second holder reads what the first wrote.
 *
 * <p>Thread safety: JCStress runs both actors on one instance at once; the lock is the object under test and
 * the counter is deliberately plain.
 *
 * <p>r1 and r2: the counter value each actor read under the lock; r3: the counter after both.
 */
@JCStressTest
@State
@Description("Two critical sections on one SpinLock, one nested: no lost increment, each sees the other's write.")
@Outcome(id = {"0, 1, 2", "1, 0, 2"}, expect = ACCEPTABLE, desc = "One section ran wholly before the other.")
@Outcome(id = ".*, .*, 1", expect = FORBIDDEN, desc = "Both read 0: an increment was lost.")
@Outcome(expect = FORBIDDEN, desc = "Any other combination.")
public class SpinLockExclusionTest {
    private final SpinLock lock = new SpinLock();
    private int counter;

    @Actor
    public void plain(final III_Result r) {
        lock.lock();
        try {
            final int seen = counter;
            r.r1 = seen;
            counter = seen + 1;
        } finally {
            lock.unlock();
        }
    }

    @Actor
    public void nested(final III_Result r) {
        lock.lock();
        try {
            lock.lock(); // re-entry: the inner unlock must not let the other actor in
            try {
                r.r2 = counter;
            } finally {
                lock.unlock();
            }
            counter = r.r2 + 1;
        } finally {
            lock.unlock();
        }
    }

    @Arbiter
    public void arbiter(final III_Result r) {
        r.r3 = counter;
    }
}

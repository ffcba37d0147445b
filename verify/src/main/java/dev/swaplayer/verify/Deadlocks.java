package dev.swaplayer.verify;

import dev.swaplayer.allocator.policy.PolicyRegistry;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Threads of the JVM that wait for each other's locks for ever, monitors and {@code java.util.concurrent} locks
 * alike, as the JVM finds them ({@link ThreadMXBean#findDeadlockedThreads}): a check whose allocator deadlocked is
 * named at once, with each thread, the lock it waits for, who holds it and where, instead of after the check's time
 * limit. A deadlock on a spin lock or a lock-free retry loop is not a cycle the JVM can see: that one still shows as
 * a check that did not finish.
 *
 * <p>Thread safety: immutable; the JVM's thread management bean is thread-safe.
 */
final class Deadlocks {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** The deadlocked threads when it was made: they are not this check's. */
    private final Set<Long> before;

    private Deadlocks(final Set<Long> before) {
        this.before = before;
    }

    /** Notes the threads deadlocked now, before a check starts: an earlier check's allocator may have left some. */
    static Deadlocks baseline() {
        return new Deadlocks(ids(THREADS.findDeadlockedThreads()));
    }

    /**
     * Describes the threads deadlocked now that were not at the baseline, or returns null when there are none.
     *
     * @param provider the verified policy's provider, whose frames name where each thread is
     */
    String since(final Object provider) {
        final long[] now = THREADS.findDeadlockedThreads();
        if (now == null) {
            return null;
        }
        final List<String> cycle = new ArrayList<>();
        for (final ThreadInfo t : THREADS.getThreadInfo(now, Integer.MAX_VALUE)) {
            if (t != null && !before.contains(t.getThreadId())) {
                cycle.add(describe(t, provider));
            }
        }
        return cycle.isEmpty() ? null : String.join("; ", cycle);
    }

    private static String describe(final ThreadInfo t, final Object provider) {
        final StackTraceElement[] stack = t.getStackTrace();
        final StackTraceElement own = provider == null ? null : PolicyRegistry.userFrame(stack, provider);
        final StackTraceElement at = own != null ? own : stack.length > 0 ? stack[0] : null;
        return "thread " + t.getThreadName() + " waits for " + t.getLockName() + " held by thread "
                + t.getLockOwnerName() + (at == null ? "" : ", in " + PolicyRegistry.where(at));
    }

    private static Set<Long> ids(final long[] ids) {
        final Set<Long> s = new HashSet<>();
        if (ids != null) {
            for (final long id : ids) {
                s.add(id);
            }
        }
        return s;
    }
}

/**
 * Deliberately broken JCStress tests: the same races as the gate's tests, run against a
 * {@link dev.swaplayer.allocator.BuddyAllocator} built
 * {@linkplain dev.swaplayer.allocator.BuddyAllocator#withoutLocks without locks}.
 * JCStress must report a FORBIDDEN outcome and exit 1; that proves the gate's tests can fail. Each takes its
 * outcome table from the gate's test it mirrors ({@code @JCStressMeta}), so the two judge by one table. The gate's
 * test regex ({@code jcstress.tests} in the module pom) leaves this package out; run it by hand as
 * {@code concurrency-tests/README.md} shows.
 *
 * <p>Thread safety: each test races its actors on purpose.
 */
package dev.swaplayer.jcstress.racy;

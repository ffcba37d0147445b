/**
 * JCStress tests of the allocators: each races two actors on a tiny device and lists every outcome it can
 * see, ACCEPTABLE, ACCEPTABLE_INTERESTING or FORBIDDEN, with a FORBIDDEN default for anything unlisted. An
 * {@code @Arbiter} audits the device after the race ({@code checkConsistency()}, buddyinfo, free slots).
 *
 * <p>Thread safety: the tests exercise thread-safe allocators; {@link dev.swaplayer.jcstress.Devices} is
 * stateless.
 *
 * <p>The annotation processor turns each test into a harness; the module's shade execution packs them into
 * {@code target/jcstress.jar}, which the {@code verify} phase runs in a bounded mode. The subpackage
 * {@code racy} holds the deliberately broken variants, outside the gate.
 */
package dev.swaplayer.jcstress;

/**
 * Swap devices: a Linux v1 swap file ({@link dev.swaplayer.device.FileSwapDevice}), a zram-like compressed RAM
 * device ({@link dev.swaplayer.device.CompressedRamDevice}), and a wrapper that injects faults into any device
 * ({@link dev.swaplayer.device.FaultInjectingDevice}).
 *
 * <h2>Fault injection</h2>
 * A {@link dev.swaplayer.device.FaultPlan} is deterministic: it names attempts by number (the n-th read,
 * write, discard or flush, or the n-th I/O of any kind) or, for corruption, by slot. Its outcomes:
 * <b>fail</b> (an {@link java.io.IOException}, the device untouched), <b>tear</b> (a write that stores only a
 * prefix, then fails) and <b>corrupt</b> (a read that succeeds but returns one flipped bit: wrong data without
 * an error, which only a checksum such as the swap path's CRC32C can catch). The plan's class comment has the
 * outcome table and a drawing of which byte a corruption changes.
 *
 * <h2>Temporary files</h2>
 * {@link dev.swaplayer.device.TempFiles} deletes the temporary swap files of simulations and benchmarks when
 * the JVM exits, Ctrl-C and SIGTERM included, and publishes a file a user asked for by an atomic rename
 * once it is complete.
 *
 * <h2>User input</h2>
 * {@link dev.swaplayer.device.UserInput} is how every module that reads user input (swap headers here, workload
 * scripts, the command line) shows it in a message, escaped and cut, and reads a number (ASCII digits only). It
 * lives here because this is the lowest module that reads such input.
 */
package dev.swaplayer.device;

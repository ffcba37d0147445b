/**
 * The no-data-loss check of the swap path, for any allocator provider: {@link
 * dev.swaplayer.swap.scenario.NoDataLoss#check} runs random sequences of swap-outs, partial swap-ins, dups,
 * puts and frees over two fault-injecting areas against a plain model (invariants COUNTS, NO-LEAK,
 * CONSISTENT, BYTES), once clean and once per position of one injected fault (an I/O error at every I/O
 * attempt, a corrupt read at every read), and returns a {@link dev.swaplayer.swap.scenario.Report}: how
 * many runs, what they covered, and the first failure with its seed, fault and steps. An allocator defect is a
 * failure in the report, never an exception. The swap module's own tests and {@code ./swaplayer verify} run
 * this same check; a seed's run is a {@code Script} drawn from the seed, and the
 * swap module's properties draw scripts on the property engine instead, so that a failure shrinks to a short
 * one.
 */
package dev.swaplayer.swap.scenario;

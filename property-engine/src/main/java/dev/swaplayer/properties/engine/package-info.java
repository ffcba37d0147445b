/**
 * The project's own small property-based testing engine: seeded generators, stateful action
 * sequences, integrated shrinking, an exhaustive mode and required coverage labels.
 *
 * <p>Generators draw every random decision from a {@link dev.swaplayer.properties.engine.Source},
 * which records the sequence of raw choices. A failing test case is shrunk by editing that
 * choice sequence (deleting chunks, then lowering values) and replaying it, so arguments and
 * action sequences shrink without generator-specific code.
 *
 * <p>System properties: {@code swaplayer.seed} replays one exact run of every property,
 * {@code swaplayer.tries} overrides the number of tries, {@code swaplayer.maxTries} caps it (a property that asks
 * for fewer keeps its own number); empty values count as unset.
 */
package dev.swaplayer.properties.engine;

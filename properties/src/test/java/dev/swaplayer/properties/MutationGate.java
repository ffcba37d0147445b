package dev.swaplayer.properties;

/**
 * What the mutation gate (the {@code pit} profile of this module's {@code pom.xml}) leaves out of its test runs.
 *
 * <p>PIT runs every covering test of a mutant until one fails, and all of them for a mutant that survives, so a
 * slow test that covers most of spec and allocator costs its time once per surviving mutant. A test tagged
 * {@link #MUTATION_REDUNDANT} is one that the gate's last full mutation report never named as a mutant's killing
 * test ({@code killingTest} in {@code target/pit-reports/mutations.xml}, which names the first test that failed),
 * or whose few named mutants a fast, targeted unit test now kills (checked by planting each mutant by hand): no
 * mutant fails it alone, so leaving it out of mutation analysis loses no kill and saves its time. It still runs
 * in the normal test phase of the gate, with every assertion. To check the tags, run the gate's PIT with them
 * included ({@code mvn -Ppit verify -pl properties -am -Dpit.excludedGroups=none}) and count each test method's kills:
 * {@code grep -o '\[method:[^](]*' properties/target/pit-reports/mutations.xml | sort | uniq -c}.
 *
 * <p>Thread safety: constants only.
 */
final class MutationGate {

    /**
     * The JUnit tag of a test that mutation analysis leaves out ({@code excludedGroups} in the pit profile). The
     * unit tests of allocator and spec, which cannot see this class, write its value.
     */
    static final String MUTATION_REDUNDANT = "mutation-redundant";

    private MutationGate() {
    }
}

package dev.swaplayer.properties.engine;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Not thread-safe; counts, per label, the tries of one property run in which it occurred. */
final class CoverageRecorder {

    private final Map<String, Integer> triesWithLabel = new TreeMap<>();
    private final Set<String> currentTry = new HashSet<>();
    private int tries;

    void record(final String label) {
        currentTry.add(label);
    }

    void startTry() {
        currentTry.clear();
    }

    void endTry() {
        tries++;
        for (String label : currentTry) {
            triesWithLabel.merge(label, 1, Integer::sum);
        }
        currentTry.clear();
    }

    int tries() {
        return tries;
    }

    /** Returns label to number of tries it occurred in, sorted by label. */
    Map<String, Integer> counts() {
        return Collections.unmodifiableMap(new TreeMap<>(triesWithLabel));
    }

    List<String> missing(final List<String> required) {
        List<String> missing = new ArrayList<>();
        for (String label : required) {
            if (!triesWithLabel.containsKey(label)) {
                missing.add(label);
            }
        }
        return missing;
    }
}

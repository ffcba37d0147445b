package dev.swaplayer.properties.engine;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Not thread-safe (tests run sequentially); clears {@code swaplayer.seed}, {@code swaplayer.tries} and
 * {@code swaplayer.maxTries} around each test so that a {@code -Dswaplayer.seed} given to the whole
 * build does not change the engine's self-tests, and restores them afterwards.
 */
final class CleanSystemProperties implements BeforeEachCallback, AfterEachCallback {

    private static final String[] KEYS = {Settings.SEED, Settings.TRIES, Settings.MAX_TRIES};
    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(CleanSystemProperties.class);

    @Override
    public void beforeEach(final ExtensionContext context) {
        for (String key : KEYS) {
            context.getStore(NAMESPACE).put(key, System.getProperty(key, ""));
            System.clearProperty(key);
        }
    }

    @Override
    public void afterEach(final ExtensionContext context) {
        for (String key : KEYS) {
            String saved = context.getStore(NAMESPACE).get(key, String.class);
            if (saved == null || saved.isEmpty()) {
                System.clearProperty(key);
            } else {
                System.setProperty(key, saved);
            }
        }
    }
}

package io.netstack4j.buffer;

import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.List;

/**
 * Fails a test that leaves a packet buffer neither released nor held (see {@link LeakDetector}).
 * Registered for every test of the module through {@code META-INF/services} (JUnit's extension
 * auto-detection, switched on in {@code junit-platform.properties}); the build turns the detector
 * on with {@code -Dnetstack4j.leakDetection=true}.
 */
public final class LeakCheckExtension implements BeforeEachCallback, AfterEachCallback {
    @Override
    public void beforeEach(ExtensionContext context) {
        LeakDetector.reset();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        List<String> leaks = LeakDetector.check();
        LeakDetector.reset();
        if (!leaks.isEmpty()) {
            throw new AssertionError(leaks.size() + " packet buffer(s) leaked by "
                    + context.getDisplayName() + ":\n" + String.join("\n", leaks.subList(0, Math.min(5, leaks.size()))));
        }
    }
}

package dev.sonde.core.config;

import dev.sonde.core.ProbeSettings;
import dev.sonde.core.selector.MethodSelector;
import dev.sonde.core.timing.TimingFeature;
import java.util.ArrayList;
import java.util.List;

/** The settings the loader's tests know: the probe's own, timing's, and one more list of selectors. */
final class TestCatalog {

    /** A second setting of selectors that warns of classes never woven, as {@code trace.bytecode} does. */
    static final Setting<List<MethodSelector>> ALSO = Setting.selectors("also", "More selectors, for tests.", true);

    static final List<Setting<?>> KNOWN = known();

    /** The keys, as the loader lists them: {@code time, exclude, …}. */
    static final String KEYS = keys(false);

    /** The environment variables, as the loader lists them. */
    static final String VARIABLES = keys(true);

    private TestCatalog() {}

    private static List<Setting<?>> known() {
        List<Setting<?>> known = new ArrayList<>(ProbeSettings.ALL);
        known.addAll(new TimingFeature().settings());
        known.add(ALSO);
        return known;
    }

    private static String keys(boolean variables) {
        List<String> keys = new ArrayList<>();
        for (Setting<?> setting : known()) {
            keys.add(variables ? setting.environmentVariable() : setting.key());
        }
        return String.join(", ", keys);
    }
}

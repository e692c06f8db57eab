package dev.sonde.core.feature;

import dev.sonde.core.ProbeSettings;
import dev.sonde.core.config.Setting;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceLoader;

/**
 * The features in {@code sonde.jar}, found through {@link ServiceLoader}, and everything they declare:
 * with the probe's own settings first, the settings every source may give and the command-line options.
 */
public final class Features {

    private final List<Feature> all;

    private Features(List<Feature> all) {
        this.all = List.copyOf(all);
    }

    /** The features that {@code loader} provides, by name. */
    public static Features discover(ClassLoader loader) {
        List<Feature> found = new ArrayList<>();
        Iterator<Feature> providers = ServiceLoader.load(Feature.class, loader).iterator();
        while (providers.hasNext()) {
            found.add(providers.next());
        }
        Collections.sort(found, new Comparator<Feature>() {
            @Override
            public int compare(Feature a, Feature b) {
                return a.name().compareTo(b.name());
            }
        });
        return new Features(found);
    }

    /** Exactly these features, for tests. */
    public static Features of(List<Feature> features) {
        return new Features(features);
    }

    public List<Feature> all() {
        return all;
    }

    /** Every setting: the probe's own, then each feature's. */
    public List<Setting<?>> settings() {
        List<Setting<?>> settings = new ArrayList<>(ProbeSettings.ALL);
        for (Feature feature : all) {
            settings.addAll(feature.settings());
        }
        return settings;
    }

    /** Every command-line option: each feature's, then the probe's own. */
    public List<Option> options() {
        List<Option> options = new ArrayList<>();
        for (Feature feature : all) {
            options.addAll(feature.options());
        }
        options.addAll(ProbeSettings.OPTIONS);
        return options;
    }
}

package dev.sonde.core.feature;

import dev.sonde.core.ProbeSettings;
import dev.sonde.core.config.Setting;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;

/**
 * The features in {@code sonde.jar}, named in {@code META-INF/services/dev.sonde.core.feature.Feature}
 * (the file {@link java.util.ServiceLoader} reads, merged from every module by the build), and
 * everything they declare: with the probe's own settings first, the settings every source may give and
 * the command-line options.
 *
 * <p>The file is read here rather than by {@code ServiceLoader}: the probe starts inside the program's
 * JVM, and that machinery (lazy iterators, providers checked against module layers) costs it start-up
 * time for two or three names.
 */
public final class Features {

    private final List<Feature> all;

    private Features(List<Feature> all) {
        this.all = List.copyOf(all);
    }

    static final String SERVICES = "META-INF/services/" + Feature.class.getName();

    /** The features that {@code loader} provides, by name. Throws when one named cannot be made. */
    public static Features discover(ClassLoader loader) {
        List<Feature> found = new ArrayList<>();
        for (String name : providerNames(loader)) {
            try {
                found.add((Feature) Class.forName(name, true, loader)
                        .getDeclaredConstructor()
                        .newInstance());
            } catch (ReflectiveOperationException | ClassCastException e) {
                throw new IllegalStateException("the feature " + name + " cannot be made: " + e, e);
            }
        }
        Collections.sort(found, new Comparator<Feature>() {
            @Override
            public int compare(Feature a, Feature b) {
                return a.name().compareTo(b.name());
            }
        });
        return new Features(found);
    }

    /** The class names a services file lists: one a line, '#' starting a comment, as ServiceLoader reads them. */
    private static List<String> providerNames(ClassLoader loader) {
        List<String> names = new ArrayList<>();
        try {
            Enumeration<URL> files = loader.getResources(SERVICES);
            while (files.hasMoreElements()) {
                read(files.nextElement().openStream(), names);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + SERVICES, e);
        }
        return names;
    }

    private static void read(InputStream in, List<String> names) throws IOException {
        // decoded at once rather than through a Reader, whose classes the JVM has not loaded yet
        String text;
        try (in) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        for (String line : text.split("\n")) {
            int comment = line.indexOf('#');
            String name = (comment < 0 ? line : line.substring(0, comment)).strip();
            if (!name.isEmpty() && !names.contains(name)) {
                names.add(name);
            }
        }
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

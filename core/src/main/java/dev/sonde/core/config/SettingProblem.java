package dev.sonde.core.config;

/**
 * One of {@link Settings#problems()} as data — the key as written, the setting it names, where it came
 * from, the value refused and why — so that a tool can say it in its own words (the command line names
 * the option the user typed rather than the environment variable it became).
 */
public final class SettingProblem {

    private final String key;
    private final Setting<?> setting;
    private final String source;
    private final String value;
    private final String reason;

    SettingProblem(String key, Setting<?> setting, String source, String value, String reason) {
        this.key = key;
        this.setting = setting;
        this.source = source;
        this.value = value;
        this.reason = reason;
    }

    /** The key as the source wrote it: {@code report.rows}, {@code SONDE_COLOUR}, {@code colour}. */
    public String key() {
        return key;
    }

    /** The setting the key names, or null when the key is unknown. */
    public Setting<?> setting() {
        return setting;
    }

    /** Where the value came from, as the messages say it: "the environment", "the properties file F"… */
    public String source() {
        return source;
    }

    /**
     * The value refused: the whole value, or the one selector that is malformed; for a properties file that
     * cannot be read, the file's name.
     */
    public String value() {
        return value;
    }

    /** Why, without the key, the source or what happens next: {@code 'abc' is not a whole number}. */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return key + "=" + value + " from " + source + ": " + reason;
    }
}

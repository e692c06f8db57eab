package dev.sonde.core.feature;

import dev.sonde.core.config.Setting;
import java.util.List;

/**
 * A command-line option of {@code sonde run} and its kin, declared by the feature whose setting it gives
 * a value to: {@code --time SELECTOR} for the setting {@code time}. The usage text and the README are made
 * from these declarations.
 */
public final class Option {

    /** The commands that probe a program: an option for all of them. */
    public static final List<String> PROBING_COMMANDS = List.of("run", "trace", "demo");

    private final String name;
    private final String argument;
    private final Setting<?> setting;
    private final String help;
    private final List<String> commands;
    private final String requiredBy;
    private final String whenMissing;

    private Option(
            String name,
            String argument,
            Setting<?> setting,
            String help,
            List<String> commands,
            String requiredBy,
            String whenMissing) {
        this.name = name;
        this.argument = argument;
        this.setting = setting;
        this.help = help;
        this.commands = List.copyOf(commands);
        this.requiredBy = requiredBy;
        this.whenMissing = whenMissing;
    }

    /** An option of every probing command. */
    public static Option of(String name, String argument, Setting<?> setting, String help) {
        return new Option(name, argument, setting, help, PROBING_COMMANDS, null, null);
    }

    /** An option of one command only. */
    public static Option ofCommand(String command, String name, String argument, Setting<?> setting, String help) {
        return new Option(name, argument, setting, help, List.of(command), null, null);
    }

    /** An option one command cannot run without; {@code whenMissing} is what it says when it is not given. */
    public static Option requiredBy(
            String command, String name, String argument, Setting<?> setting, String help, String whenMissing) {
        return new Option(name, argument, setting, help, List.of(command), command, whenMissing);
    }

    /** As typed: {@code --time}. */
    public String name() {
        return name;
    }

    /** What its value is, in the usage text: {@code SELECTOR}, {@code N}, {@code DIR}. */
    public String argument() {
        return argument;
    }

    public Setting<?> setting() {
        return setting;
    }

    /** One line for the usage text, starting lower-case: {@code time the methods SELECTOR matches (repeatable)}. */
    public String help() {
        return help;
    }

    /** The commands that take it. */
    public List<String> commands() {
        return commands;
    }

    /** The command that cannot run without it, or null. */
    public String requiredBy() {
        return requiredBy;
    }

    /** What that command says when it is missing: {@code give the methods to trace with --bytecode SELECTOR}. */
    public String whenMissing() {
        return whenMissing;
    }

    @Override
    public String toString() {
        return name + " " + argument;
    }
}

package dev.sonde.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * {@code JAVA_TOOL_OPTIONS} for a probed command: what the user had, without any Sonde probe already
 * there, and ours at the end. A probe left in would load first and its agent arguments would take
 * precedence over the options of {@code sonde run}, so each one removed is said, with its arguments.
 */
final class JavaToolOptions {

    /** What {@code sonde.jar}'s manifest names as its {@code Premain-Class}. */
    static final String SONDE_PREMAIN_CLASS = "dev.sonde.launch.AgentEntry";

    private final String value;
    private final List<String> notes;

    private JavaToolOptions(String value, List<String> notes) {
        this.value = value;
        this.notes = notes;
    }

    /** The variable's new value. */
    String value() {
        return value;
    }

    /** One sentence for each probe removed (none for a copy of ours without arguments). */
    List<String> notes() {
        return notes;
    }

    /** {@code existing} is the variable as the command would inherit it (may be null); {@code jar} is ours. */
    static JavaToolOptions forCommand(String commandName, String existing, Path jar) {
        Path ours = jar.toAbsolutePath();
        String path = ours.toString();
        String agent = "-javaagent:" + (path.contains(" ") ? "\"" + path + "\"" : path);
        List<String> kept = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (Token token : tokens(existing == null ? "" : existing)) {
            if (!token.text().startsWith("-javaagent:")) {
                kept.add(token.original());
                continue;
            }
            String spec = token.text().substring("-javaagent:".length());
            int eq = spec.indexOf('=');
            String agentPath = eq < 0 ? spec : spec.substring(0, eq);
            String arguments = eq < 0 ? "" : spec.substring(eq + 1);
            if (!isSonde(agentPath)) {
                kept.add(token.original());
            } else if (arguments.isEmpty() && isSameFile(agentPath, ours)) {
                continue; // our own probe, as we would add it: nothing changes
            } else if (arguments.isEmpty()) {
                notes.add("sonde " + commandName + ": removed '" + token.original()
                        + "' from JAVA_TOOL_OPTIONS: the probe" + " is loaded once, from " + path
                        + ", with the options of sonde " + commandName);
            } else {
                notes.add("sonde " + commandName + ": removed '" + token.original() + "' from JAVA_TOOL_OPTIONS: that"
                        + " probe's agent arguments '" + arguments
                        + "' would take precedence over the options of sonde "
                        + commandName);
            }
        }
        kept.add(agent);
        return new JavaToolOptions(String.join(" ", kept), notes);
    }

    /** A jar whose manifest says it is Sonde's, or one named {@code sonde.jar} that cannot be read. */
    private static boolean isSonde(String agentPath) {
        Path path;
        try {
            path = Path.of(agentPath);
        } catch (InvalidPathException e) {
            return false;
        }
        try (JarFile jar = new JarFile(path.toFile(), false)) {
            Manifest manifest = jar.getManifest();
            return manifest != null
                    && SONDE_PREMAIN_CLASS.equals(manifest.getMainAttributes().getValue("Premain-Class"));
        } catch (IOException | SecurityException e) {
            return path.getFileName() != null && path.getFileName().toString().equals("sonde.jar");
        }
    }

    private static boolean isSameFile(String agentPath, Path ours) {
        try {
            return Path.of(agentPath).toAbsolutePath().equals(ours) || Files.isSameFile(Path.of(agentPath), ours);
        } catch (IOException | InvalidPathException e) {
            return false;
        }
    }

    /** One option: its text as the JVM reads it (quotes removed), and as it was written. */
    record Token(String text, String original) {}

    /**
     * Splits the variable as HotSpot does: at white space outside quotes; a single or double quote
     * runs to the next one of its kind and is removed, and it may start in the middle of an option.
     */
    static List<Token> tokens(String options) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < options.length()) {
            if (Character.isWhitespace(options.charAt(i))) {
                i++;
                continue;
            }
            int start = i;
            StringBuilder text = new StringBuilder();
            while (i < options.length() && !Character.isWhitespace(options.charAt(i))) {
                char c = options.charAt(i);
                if (c == '\'' || c == '"') {
                    int close = options.indexOf(c, i + 1);
                    int end = close < 0 ? options.length() : close;
                    text.append(options, i + 1, end);
                    i = close < 0 ? end : end + 1;
                } else {
                    text.append(c);
                    i++;
                }
            }
            tokens.add(new Token(text.toString(), options.substring(start, i)));
        }
        return tokens;
    }
}

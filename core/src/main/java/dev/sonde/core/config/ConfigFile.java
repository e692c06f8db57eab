package dev.sonde.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The properties file the setting {@code config} names, read: its pairs, or why it could not be read.
 * A class of its own, loaded only when a file is named, so that a start without one does not load
 * what reading files takes.
 */
final class ConfigFile {

    /** The pairs, sorted by key; empty when the file cannot be read. */
    final Map<String, String> pairs = new TreeMap<>();
    /** Why the file cannot be read, or null. */
    final String unreadable;

    private ConfigFile(String unreadable) {
        this.unreadable = unreadable;
    }

    static ConfigFile read(String file) {
        String[] why = new String[1];
        String text = readText(file, why);
        if (text == null) {
            return new ConfigFile(why[0]);
        }
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException | RuntimeException e) {
            return new ConfigFile(e.getMessage() != null ? e.getMessage() : e.toString());
        }
        ConfigFile read = new ConfigFile(null);
        for (String name : properties.stringPropertyNames()) {
            read.pairs.put(name, properties.getProperty(name));
        }
        return read;
    }

    /**
     * The file's text, or null with the reason in {@code why[0]}. Only a regular file is opened (a FIFO
     * would block the JVM before {@code main}, a device would never end), it is read up to
     * {@link SettingsLoader#MAX_FILE_BYTES}, and it must be UTF-8, with or without a byte order mark.
     */
    private static String readText(String file, String[] why) {
        try {
            Path path = Path.of(file);
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (attributes.isDirectory()) {
                why[0] = "it is a directory";
            } else if (!attributes.isRegularFile()) {
                why[0] = "it is not a regular file but a device, a pipe or a socket";
            } else {
                byte[] bytes;
                try (InputStream in = Files.newInputStream(path)) {
                    bytes = in.readNBytes(SettingsLoader.MAX_FILE_BYTES + 1);
                }
                if (bytes.length > SettingsLoader.MAX_FILE_BYTES) {
                    why[0] = "it is larger than " + SettingsLoader.MAX_FILE_BYTES
                            + " bytes (1 MiB), the most a properties file may have";
                } else {
                    return decode(bytes, why);
                }
            }
        } catch (NoSuchFileException e) {
            why[0] = "there is no such file";
        } catch (AccessDeniedException e) {
            why[0] = "permission denied";
        } catch (IOException | InvalidPathException e) {
            why[0] = e.toString();
        }
        return null;
    }

    private static String decode(byte[] bytes, String[] why) {
        boolean bom = bytes.length >= 3
                && (bytes[0] & 0xFF) == 0xEF
                && (bytes[1] & 0xFF) == 0xBB
                && (bytes[2] & 0xFF) == 0xBF;
        ByteBuffer in = ByteBuffer.wrap(bytes, bom ? 3 : 0, bytes.length - (bom ? 3 : 0));
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int bad = in.position();
            why[0] = "line " + lineOf(bytes, bad) + " is not UTF-8 (byte 0x"
                    + Integer.toHexString(bytes[bad] & 0xFF).toUpperCase(Locale.ROOT)
                    + "); the file must be UTF-8";
            return null;
        }
        return out.flip().toString();
    }

    /** The line, counted from 1, of the byte at {@code index}; lines end as Properties ends them: \n, \r or \r\n. */
    private static int lineOf(byte[] bytes, int index) {
        int line = 1;
        for (int i = 0; i < index; i++) {
            if (bytes[i] == '\n' || bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n')) {
                line++;
            }
        }
        return line;
    }
}

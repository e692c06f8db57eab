package dev.sonde.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sonde.core.ProbeSettings;
import dev.sonde.core.timing.TimingFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsLoaderTest {

    @TempDir
    Path temp;

    private static Properties properties(String... pairs) {
        Properties properties = new Properties();
        for (int i = 0; i < pairs.length; i += 2) {
            properties.setProperty(pairs[i], pairs[i + 1]);
        }
        return properties;
    }

    @Test
    void defaultsApplyWhenNothingIsGiven() {
        Settings settings = SettingsLoader.load(TestCatalog.KNOWN, null, new Properties(), Map.of());

        assertEquals(List.of(), settings.problems());
        assertTrue(TimingFeature.selection(settings).isEmpty());
        assertEquals(Path.of("sonde-reports").toAbsolutePath(), settings.get(ProbeSettings.REPORT_DIR));
        assertEquals(50_000, settings.get(TimingFeature.MAX_METHODS));
        assertEquals(4096, settings.get(ProbeSettings.MAX_THREADS));
        assertEquals(30, settings.get(ProbeSettings.REPORT_ROWS));
        assertTrue(settings.get(ProbeSettings.REPORT_TABLE));
    }

    @Test
    void agentArgumentsKeepCommasInsideParenthesesAndRepeatedKeysAddUp() {
        Settings settings = SettingsLoader.load(
                TestCatalog.KNOWN, "time=a.B#c(int, long),exclude=a.B#d,time=x.Y", new Properties(), Map.of());

        assertEquals(List.of(), settings.problems());
        assertEquals("[a.B#c(int, long), x.Y]", settings.get(TimingFeature.TIME).toString());
        assertEquals("[a.B#d]", settings.get(TimingFeature.EXCLUDE).toString());
    }

    @Test
    void precedenceIsArgumentsThenSystemPropertiesThenEnvironmentThenFile() throws IOException {
        Path file = Files.writeString(
                temp.resolve("sonde.properties"), "time=file.F\nsonde.report.rows=4\nmax.methods=7\nverbose=true\n");
        Map<String, String> env =
                Map.of("SONDE_CONFIG", file.toString(), "SONDE_TIME", "env.E", "SONDE_MAX_METHODS", "8");
        Properties system = properties("sonde.time", "prop.P", "unrelated", "x");

        Settings withArgument = SettingsLoader.load(TestCatalog.KNOWN, "time=arg.A", system, env);
        Settings withoutArgument = SettingsLoader.load(TestCatalog.KNOWN, null, system, env);
        Settings environmentOnly = SettingsLoader.load(TestCatalog.KNOWN, null, new Properties(), env);

        assertEquals(List.of(), withArgument.problems());
        assertEquals("[arg.A]", withArgument.get(TimingFeature.TIME).toString());
        assertEquals("[prop.P]", withoutArgument.get(TimingFeature.TIME).toString());
        assertEquals("[env.E]", environmentOnly.get(TimingFeature.TIME).toString());
        assertEquals(8, environmentOnly.get(TimingFeature.MAX_METHODS), "the environment beats the file");
        assertEquals(4, environmentOnly.get(ProbeSettings.REPORT_ROWS), "the file's keys may carry the sonde. prefix");
        assertTrue(environmentOnly.get(ProbeSettings.VERBOSE));
    }

    @Test
    void unknownKeysAreNamedWithTheirSourceAndTheKnownKeys() throws IOException {
        Path file = Files.writeString(temp.resolve("f.properties"), "colour=red\nconfig=other.properties\n");
        Settings settings = SettingsLoader.load(
                TestCatalog.KNOWN,
                "flavour=x,noequals",
                properties("sonde.size", "1"),
                Map.of("SONDE_TIMES", "a.B", "SONDE_CONFIG", file.toString()));

        assertEquals(
                List.of(
                        "ignoring agent argument 'noequals': expected key=value",
                        "unknown setting 'SONDE_TIMES' in the environment; known: " + TestCatalog.VARIABLES,
                        "ignoring setting 'config' in the properties file " + file
                                + ": a properties file cannot name another",
                        "unknown setting 'colour' in the properties file " + file + "; known: " + TestCatalog.KEYS,
                        "unknown setting 'size' in system properties; known: " + TestCatalog.KEYS,
                        "unknown setting 'flavour' in the agent arguments; known: " + TestCatalog.KEYS),
                settings.problems());
    }

    @Test
    void badValuesAreNamedAndTheDefaultIsKept() {
        Settings settings = SettingsLoader.load(
                TestCatalog.KNOWN,
                "max.methods=0,max.threads=x,report.table=yes,time=a..B;c.D",
                new Properties(),
                Map.of());

        assertEquals(
                List.of(
                        "ignoring setting 'report.table' from the agent arguments: 'yes' is neither true nor false; using the"
                                + " default 'true'",
                        "ignoring setting 'max.threads' from the agent arguments: 'x' is not a whole number; using the default"
                                + " '4096'",
                        "ignoring a selector of setting 'time' from the agent arguments: malformed selector 'a..B': the class"
                                + " pattern 'a..B' has an empty segment (at character 3)",
                        "ignoring setting 'max.methods' from the agent arguments: '0' is not between 1 and 16777216; using the"
                                + " default '50000'"),
                settings.problems());
        assertEquals(50_000, settings.get(TimingFeature.MAX_METHODS));
        assertEquals("[c.D]", settings.get(TimingFeature.TIME).toString());
    }

    @Test
    void anUnreadableFileIsNamed() {
        Settings settings =
                SettingsLoader.load(TestCatalog.KNOWN, "config=/no/such.properties", new Properties(), Map.of());

        assertEquals(
                List.of("cannot read the properties file '/no/such.properties' named by setting 'config': there is"
                        + " no such file"),
                settings.problems());
    }

    private static final String KNOWN = "; known: " + TestCatalog.KEYS;

    private static String fileProblem(Object file, String why) {
        return "cannot read the properties file '" + file + "' named by setting 'config': " + why;
    }

    // reading a device or opening a pipe would never end: the time limits only keep a regression from hanging the build

    @Test
    void aDeviceIsRefusedWithoutBeingRead() {
        Settings settings = assertTimeoutPreemptively(
                Duration.ofSeconds(60),
                () -> SettingsLoader.load(TestCatalog.KNOWN, "time=a.B,config=/dev/zero", new Properties(), Map.of()));

        assertEquals(
                List.of(fileProblem("/dev/zero", "it is not a regular file but a device, a pipe or a socket")),
                settings.problems());
        assertEquals("[a.B]", settings.get(TimingFeature.TIME).toString());
    }

    @Test
    void aNamedPipeIsRefusedWithoutBeingOpened() throws IOException, InterruptedException {
        Path fifo = temp.resolve("settings.fifo");
        assertEquals(
                0,
                new ProcessBuilder("mkfifo", fifo.toString())
                        .inheritIO()
                        .start()
                        .waitFor());

        Settings settings = assertTimeoutPreemptively(
                Duration.ofSeconds(60),
                () -> SettingsLoader.load(
                        TestCatalog.KNOWN, null, new Properties(), Map.of("SONDE_CONFIG", fifo.toString())));

        assertEquals(
                List.of(fileProblem(fifo, "it is not a regular file but a device, a pipe or a socket")),
                settings.problems());
    }

    @Test
    void aDirectoryIsRefused() {
        Settings settings = SettingsLoader.load(TestCatalog.KNOWN, "config=" + temp, new Properties(), Map.of());

        assertEquals(List.of(fileProblem(temp, "it is a directory")), settings.problems());
    }

    @Test
    void aFileLargerThanOneMebibyteIsRefusedAndOneOfThatSizeIsRead() throws IOException {
        String line = "# padding\n";
        String body = "time=a.B\n" + line.repeat((SettingsLoader.MAX_FILE_BYTES - 9) / line.length());
        body += "#".repeat(SettingsLoader.MAX_FILE_BYTES - body.length() - 1) + "\n";
        Path largest = Files.writeString(temp.resolve("largest.properties"), body);
        Path larger = Files.writeString(temp.resolve("larger.properties"), body + "\n");

        Settings read = SettingsLoader.load(TestCatalog.KNOWN, "config=" + largest, new Properties(), Map.of());
        Settings refused = SettingsLoader.load(TestCatalog.KNOWN, "config=" + larger, new Properties(), Map.of());

        assertEquals(1 << 20, Files.size(largest));
        assertEquals(List.of(), read.problems());
        assertEquals("[a.B]", read.get(TimingFeature.TIME).toString());
        assertEquals(
                List.of(fileProblem(
                        larger, "it is larger than 1048576 bytes (1 MiB), the most a properties file may" + " have")),
                refused.problems());
        assertEquals("[]", refused.get(TimingFeature.TIME).toString());
    }

    @Test
    void aByteOrderMarkIsAccepted() throws IOException {
        Path file = temp.resolve("bom.properties");
        Files.write(file, ("\uFEFFtime=caf\u00e9.B\nreport.rows=3\n").getBytes(StandardCharsets.UTF_8));

        Settings settings = SettingsLoader.load(TestCatalog.KNOWN, "config=" + file, new Properties(), Map.of());

        assertEquals(List.of(), settings.problems());
        assertEquals("[caf\u00e9.B]", settings.get(TimingFeature.TIME).toString());
        assertEquals(3, settings.get(ProbeSettings.REPORT_ROWS));
    }

    @Test
    void aFileThatIsNotUtf8IsRefusedNamingTheLine() throws IOException {
        Path file = temp.resolve("latin1.properties");
        Files.write(file, "time=a.B\r\n# caf\u00e9\r\nreport.rows=3\n".getBytes(StandardCharsets.ISO_8859_1));

        Settings settings = SettingsLoader.load(TestCatalog.KNOWN, "config=" + file, new Properties(), Map.of());

        assertEquals(
                List.of(fileProblem(file, "line 2 is not UTF-8 (byte 0xE9); the file must be UTF-8")),
                settings.problems());
        assertEquals(30, settings.get(ProbeSettings.REPORT_ROWS));
    }

    @Test
    void aFileOfManyUnknownKeysGetsOneMessage() throws IOException {
        StringBuilder passwd = new StringBuilder();
        for (String user : List.of(
                "root",
                "daemon",
                "bin",
                "sys",
                "sync",
                "games",
                "man",
                "lp",
                "mail",
                "news",
                "uucp",
                "proxy",
                "www-data",
                "backup")) {
            passwd.append(user).append(":x:0:0:").append(user).append(":/:/usr/sbin/nologin\n");
        }
        Path file = Files.writeString(temp.resolve("passwd"), passwd + "report.rows=3\n");

        Settings settings = SettingsLoader.load(TestCatalog.KNOWN, "config=" + file, new Properties(), Map.of());

        assertEquals(
                List.of("unknown settings 'backup', 'bin', 'daemon', 'games', 'lp', 'mail', 'man', 'news', 'proxy',"
                        + " 'root' and 4 more in the properties file " + file + KNOWN),
                settings.problems());
        assertEquals(3, settings.get(ProbeSettings.REPORT_ROWS), "the file's known keys still apply");
    }

    @Test
    void unknownKeysOfOneSourceGetOneMessage() {
        Settings settings = SettingsLoader.load(
                TestCatalog.KNOWN,
                "flavour=x,colour=y",
                properties("sonde.size", "1", "sonde.shape", "2"),
                Map.of("SONDE_TIMES", "a.B", "SONDE_COLOUR", "red"));

        assertEquals(
                List.of(
                        "unknown settings 'SONDE_COLOUR', 'SONDE_TIMES' in the environment; known: "
                                + TestCatalog.VARIABLES,
                        "unknown settings 'shape', 'size' in system properties" + KNOWN,
                        "unknown settings 'flavour', 'colour' in the agent arguments" + KNOWN),
                settings.problems());
    }

    @Test
    void anUnclosedParenthesisIsNamedAndTheArgumentsAfterItStillApply() {
        Settings settings = SettingsLoader.load(
                TestCatalog.KNOWN,
                "time=a.B#c(int,report.rows=5,exclude=x.Y#z(int, long),verbose=true",
                new Properties(),
                Map.of());

        assertEquals(
                List.of(
                        "agent argument 'time=a.B#c(int' does not close its '(' (at character 11 of the agent arguments); the 3"
                                + " arguments after it are read on their own",
                        "ignoring a selector of setting 'time' from the agent arguments: malformed selector 'a.B#c(int': the '('"
                                + " that opens the argument list is never closed (at character 6)"),
                settings.problems());
        assertEquals(5, settings.get(ProbeSettings.REPORT_ROWS));
        assertEquals("[x.Y#z(int, long)]", settings.get(TimingFeature.EXCLUDE).toString());
        assertTrue(settings.get(ProbeSettings.VERBOSE));
    }

    @Test
    void anUnclosedParenthesisInTheLastArgumentStaysInItsValue() {
        Settings selector = SettingsLoader.load(
                TestCatalog.KNOWN, "report.rows=5,time=a.B#c(int, long", new Properties(), Map.of());
        Settings directory =
                SettingsLoader.load(TestCatalog.KNOWN, "report.dir=/tmp/a(b,c", new Properties(), Map.of());

        assertEquals(
                List.of("ignoring a selector of setting 'time' from the agent arguments: malformed selector"
                        + " 'a.B#c(int, long': the '(' that opens the argument list is never closed (at character 6)"),
                selector.problems());
        assertEquals(5, selector.get(ProbeSettings.REPORT_ROWS));
        assertEquals(List.of(), directory.problems());
        assertEquals(Path.of("/tmp/a(b,c"), directory.get(ProbeSettings.REPORT_DIR));
    }

    @Test
    void selectorsAreSeparatedByColonsOrSemicolonsAndRepeatedKeysAddUp() {
        Settings arguments = SettingsLoader.load(
                TestCatalog.KNOWN, "time=a.B:c.D#e(int, long) ; f.G,time=h.I:!h.I#j", new Properties(), Map.of());
        Settings environment = SettingsLoader.load(
                TestCatalog.KNOWN,
                null,
                new Properties(),
                Map.of("SONDE_TIME", "a.B:c.D", "SONDE_ALSO", "e.F:g.H;i.J"));

        assertEquals(List.of(), arguments.problems());
        assertEquals(
                "[a.B, c.D#e(int, long), f.G, h.I, !h.I#j]",
                arguments.get(TimingFeature.TIME).toString());
        assertEquals("[a.B, c.D]", environment.get(TimingFeature.TIME).toString());
        assertEquals("[e.F, g.H, i.J]", environment.get(TestCatalog.ALSO).toString());
    }

    @Test
    void aDoubleColonIsNotASeparatorAndGetsAHint() {
        Settings settings =
                SettingsLoader.load(TestCatalog.KNOWN, "time=com.shop.Cart::checkout:a.B", new Properties(), Map.of());

        assertEquals(
                List.of("ignoring a selector of setting 'time' from the agent arguments: malformed selector"
                        + " 'com.shop.Cart::checkout': '::' does not name a method in a selector; write '#', as in"
                        + " 'com.shop.Cart#checkout' (at character 14)"),
                settings.problems());
        assertEquals("[a.B]", settings.get(TimingFeature.TIME).toString());
    }

    @Test
    void selectorsOfClassesTheProbeNeverWeavesAreWarnedOfNotRefused() {
        Settings settings = SettingsLoader.load(
                TestCatalog.KNOWN,
                "time=java.lang.String#*:a.B:!java.lang.Thread,exclude=java.lang.Object," + "also=java.lang.invoke.**",
                new Properties(),
                Map.of());

        assertEquals(List.of(), settings.problems());
        assertEquals(
                List.of(
                        "the selector 'java.lang.String#*' of setting 'time' from the agent arguments selects nothing: the probe"
                                + " never weaves java.lang.String, which it relies on itself while recording",
                        "the selector 'java.lang.invoke.**' of setting 'also' from the agent arguments selects nothing:"
                                + " the probe never weaves the classes in java.lang.invoke, which it relies on itself while recording"),
                settings.warnings());
        assertEquals(
                "[java.lang.String#*, a.B, !java.lang.Thread]",
                settings.get(TimingFeature.TIME).toString());
    }

    @Test
    void aMegabyteOfSelectorsIsReadInLinearTime() {
        int mega = 1 << 20;
        String longName = "time=a." + "b".repeat(mega);
        String manySegments = "time=a" + ".b".repeat(mega / 2);
        String repeatedKeys = "time=a.B,".repeat(mega / 9);

        // quadratic work on a megabyte takes minutes; linear, milliseconds
        Settings[] loaded = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> new Settings[] {
            SettingsLoader.load(TestCatalog.KNOWN, longName, new Properties(), Map.of()),
            SettingsLoader.load(TestCatalog.KNOWN, manySegments, new Properties(), Map.of()),
            SettingsLoader.load(TestCatalog.KNOWN, repeatedKeys, new Properties(), Map.of())
        });

        for (Settings settings : loaded) {
            assertEquals(List.of(), settings.problems());
        }
        assertEquals(mega / 9, loaded[2].get(TimingFeature.TIME).size());
    }

    @Test
    void splittingSelectorsReadsEachCharacterOnce() {
        int[] reads = {0};
        String value = "a.B:c.D;".repeat(1 << 17);
        CharSequence counted = new CharSequence() {
            @Override
            public int length() {
                return value.length();
            }

            @Override
            public char charAt(int index) {
                reads[0]++;
                return value.charAt(index);
            }

            @Override
            public CharSequence subSequence(int start, int end) {
                reads[0] += end - start;
                return value.substring(start, end);
            }
        };

        List<String> texts = Setting.selectorTexts(counted);

        assertEquals(1 << 18, texts.size());
        assertTrue(reads[0] <= 2 * value.length(), reads[0] + " reads of " + value.length());
    }
}

package dev.sonde.core.library;

import dev.sonde.core.config.Setting;
import dev.sonde.core.config.Settings;
import dev.sonde.core.feature.Feature;
import dev.sonde.core.feature.FeatureContext;
import dev.sonde.core.feature.Option;
import dev.sonde.core.selector.MethodSelection;
import dev.sonde.core.selector.MethodSelector;
import dev.sonde.core.snapshot.Snapshot;
import dev.sonde.core.snapshot.StatementSnapshot;
import dev.sonde.core.weave.ScopePoint;
import dev.sonde.core.weave.ScopeTransformer;
import dev.sonde.core.weave.ValueCode;
import java.util.ArrayList;
import java.util.List;

/**
 * The libraries a program calls, instrumented by named units, with no selector: the requests it served
 * (the {@code jdk-httpserver} and {@code servlet} units, and the entry points the {@code entry} setting
 * names) and the calls it made: SQL statements ({@code jdbc}), Redis commands ({@code jedis}, {@code lettuce}) and
 * outgoing HTTP calls ({@code jdk-httpclient}, {@code httpurlconnection}, {@code apache-httpclient}, {@code
 * okhttp}), how often and how long, each
 * request with the calls it made. A unit weaves only the classes of its library as they load: a program
 * without that library pays nothing for it but a look at each class's name and supertypes.
 */
public final class LibrariesFeature implements Feature {

    /** The units there are, in the order the README lists them. */
    static final List<String> UNITS = List.of(
            JdbcUnit.NAME,
            JedisUnit.NAME,
            LettuceUnit.NAME,
            JdkHttpServerUnit.NAME,
            ServletUnit.NAME,
            NettyHttpUnit.NAME,
            HttpClientUnits.JDK_CLIENT,
            HttpClientUnits.URL_CONNECTION,
            HttpLibraryUnits.APACHE,
            HttpLibraryUnits.OKHTTP,
            ExecutorsUnit.NAME);

    public static final Setting<List<String>> INSTRUMENT = Setting.names(
            "instrument",
            "none",
            UNITS,
            "Units of library instrumentation to turn on, separated by ',' (by ';' in agent arguments, where ','"
                    + " separates settings): jdbc (every SQL statement run through JDBC, by its text with the"
                    + " literals taken out), jedis (every Redis command sent through Jedis, by command and key"
                    + " pattern), lettuce (the same through Lettuce, sync, async and reactive), jdk-httpserver (every request the JDK's HTTP server hands the program,"
                    + " by method and path), servlet (the same for every servlet container, javax and jakarta), netty-http (the same for"
                    + " Netty's HTTP server, until the response is written),"
                    + " jdk-httpclient, httpurlconnection, apache-httpclient and okhttp (every outgoing HTTP call"
                    + " through the JDK's clients, Apache HttpClient 4 and 5, OkHttp 3 to 5, by method, host:port and"
                    + " path),"
                    + " executors (a request's work handed to other threads counts toward it), or all, or none.");

    public static final Setting<List<String>> NO_INSTRUMENT = Setting.names(
            "instrument.exclude",
            "",
            UNITS,
            "Units of library instrumentation to leave off, separated by ',' (by ';' in agent arguments),"
                    + " whatever 'instrument' says.");

    public static final Setting<List<MethodSelector>> ENTRY = Setting.selectors(
            "entry",
            "Selectors of methods that are entry points: each call a request named after its method"
                    + " (pkg.Class#method), as a batch job's, a queue consumer's or a tool's main; separated by ':'"
                    + " or ';'. A call inside another request is part of it.",
            true);

    public static final Setting<Integer> SLOWEST = Setting.number(
            "requests.slowest",
            5,
            0,
            100,
            "How many of the slowest requests of each name are kept whole, with their calls (0: none).");

    public static final Setting<Integer> FAILED = Setting.number(
            "requests.failed",
            5,
            0,
            100,
            "How many of the last requests of each name that failed are kept whole, with their calls (0: none).");

    private final List<StatementTable> statements = new ArrayList<>();
    private RequestTable requests;

    @Override
    public String name() {
        return "libraries";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(INSTRUMENT, NO_INSTRUMENT, ENTRY, SLOWEST, FAILED);
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.of(
                        "--instrument",
                        "UNITS",
                        INSTRUMENT,
                        "instrument these libraries: jdbc, jedis, lettuce, jdk-httpserver, servlet, netty-http,"
                                + " jdk-httpclient,"
                                + " httpurlconnection, apache-httpclient, okhttp, executors, all or none (repeatable)"),
                Option.of("--no-instrument", "UNITS", NO_INSTRUMENT, "leave these libraries alone (repeatable)"),
                Option.of(
                        "--entry",
                        "SELECTOR",
                        ENTRY,
                        "make each call of the methods SELECTOR matches a request, named pkg.Class#method (repeatable)"));
    }

    /** The units the settings turn on. */
    static List<String> units(Settings settings) {
        List<String> on = new ArrayList<>(settings.get(INSTRUMENT));
        on.removeAll(settings.get(NO_INSTRUMENT));
        return on;
    }

    @Override
    public boolean wanted(Settings settings) {
        return !units(settings).isEmpty() || !settings.get(ENTRY).isEmpty();
    }

    @Override
    public void start(FeatureContext context) {
        List<ScopePoint> points = new ArrayList<>();
        // the points in the JDK's own classes, woven apart: the others never weave the JDK
        List<ScopePoint> jdkPoints = new ArrayList<>();
        if (units(context.settings()).contains(JdbcUnit.NAME)) {
            PreparedSql prepared = new PreparedSql();
            StatementTable table = new StatementTable(RequestState.SQL, new SqlTexts(prepared));
            points.addAll(JdbcUnit.points(context.recorder(), table, prepared));
            synchronized (this) {
                statements.add(table);
            }
        }
        boolean jedis = units(context.settings()).contains(JedisUnit.NAME);
        boolean lettuce = units(context.settings()).contains(LettuceUnit.NAME);
        if (jedis || lettuce) {
            StatementTable table = new StatementTable(RequestState.REDIS);
            if (jedis) {
                points.addAll(JedisUnit.points(context.recorder(), table));
            }
            if (lettuce) {
                points.addAll(LettuceUnit.points(context.recorder(), table));
            }
            synchronized (this) {
                statements.add(table);
            }
        }
        // outgoing HTTP calls: one table for every client, those of the JDK woven apart (below)
        boolean jdkClient = units(context.settings()).contains(HttpClientUnits.JDK_CLIENT);
        boolean urlConnection = units(context.settings()).contains(HttpClientUnits.URL_CONNECTION);
        boolean apache = units(context.settings()).contains(HttpLibraryUnits.APACHE);
        boolean okHttp = units(context.settings()).contains(HttpLibraryUnits.OKHTTP);
        StatementTable http = null;
        if (jdkClient || urlConnection || apache || okHttp) {
            http = new StatementTable(RequestState.HTTP);
            if (apache) {
                points.addAll(HttpLibraryUnits.apachePoints(context.recorder(), http));
            }
            if (okHttp) {
                points.addAll(HttpLibraryUnits.okHttpPoints(context.recorder(), http));
            }
            synchronized (this) {
                statements.add(http);
            }
        }
        boolean jdkServer = units(context.settings()).contains(JdkHttpServerUnit.NAME);
        boolean servlet = units(context.settings()).contains(ServletUnit.NAME);
        boolean netty = units(context.settings()).contains(NettyHttpUnit.NAME);
        List<MethodSelector> entries = context.settings().get(ENTRY);
        if (jdkServer || servlet || netty || !entries.isEmpty()) {
            RequestTable table = new RequestTable(
                    new Servers(),
                    context.settings().get(SLOWEST),
                    context.settings().get(FAILED),
                    new RecordedNames(context.recorder()));
            // one kind for every request, so that a request inside another (an entry point a handler
            // calls) is part of it
            int request = context.recorder().kind(table);
            if (jdkServer) {
                jdkPoints.add(JdkHttpServerUnit.point(request));
            }
            if (servlet) {
                points.add(ServletUnit.point(request));
            }
            if (netty) {
                points.addAll(NettyHttpUnit.points(context.recorder(), table));
            }
            if (!entries.isEmpty()) {
                points.add(new ScopePoint(MethodSelection.of(entries, List.of()), request, ValueCode.methodName()));
            }
            synchronized (this) {
                requests = table;
            }
        }
        if (!points.isEmpty()) {
            context.weave(new ScopeTransformer(points, context.bridgeReader()), "the libraries");
        }
        if (jdkClient) {
            jdkPoints.addAll(HttpClientUnits.jdkClientPoints(context.recorder(), http));
        }
        if (urlConnection) {
            jdkPoints.addAll(HttpClientUnits.urlConnectionPoints(context.recorder(), http));
        }
        if (units(context.settings()).contains(ExecutorsUnit.NAME)) {
            jdkPoints.addAll(ExecutorsUnit.points(context.recorder()));
        }
        if (!jdkPoints.isEmpty()) {
            context.weave(new ScopeTransformer(jdkPoints, context.bridgeReader(), true), "the JDK's classes");
        }
    }

    /**
     * Reads a request's name and status from its scope's value, whichever server's it is: a servlet
     * container's request and response, or the JDK server's exchange (whose class is touched only then:
     * a runtime without the JDK's HTTP server never loads it).
     */
    private static final class Servers implements RequestTable.Reader {
        private final ServletUnit servlet = new ServletUnit();
        private final JdkHttpServerUnit jdk = new JdkHttpServerUnit();

        @Override
        public String name(Object value) {
            return ServletUnit.accepts(value) ? servlet.name(value) : jdk.name(value);
        }

        @Override
        public int status(Object value) {
            return ServletUnit.accepts(value) ? servlet.status(value) : jdk.status(value);
        }

        @Override
        public Object continuing(Object value, Object context) {
            return ServletUnit.accepts(value) ? servlet.continuing(value, context) : null;
        }

        @Override
        public boolean endsLater(Object value, RequestTable.Ending ending) {
            return ServletUnit.accepts(value) && servlet.endsLater(value, ending);
        }
    }

    /** Timed methods named as the recorder knows them. */
    private static final class RecordedNames implements RequestState.MethodNames {
        private final dev.sonde.core.record.Recorder recorder;

        RecordedNames(dev.sonde.core.record.Recorder recorder) {
            this.recorder = recorder;
        }

        @Override
        public String name(int method) {
            return recorder.methodName(method);
        }
    }

    @Override
    public boolean reports() {
        return true;
    }

    @Override
    public void contribute(Snapshot.Builder snapshot) {
        List<StatementTable> tables;
        RequestTable served;
        synchronized (this) {
            tables = new ArrayList<>(statements);
            served = requests;
        }
        if (!tables.isEmpty()) {
            // every kind's statements by total time, the rows past the caps last
            List<StatementSnapshot> rows = new ArrayList<>();
            List<StatementSnapshot> others = new ArrayList<>();
            for (StatementTable table : tables) {
                for (StatementSnapshot row : table.snapshot()) {
                    (row.other() ? others : rows).add(row);
                }
            }
            rows.sort(StatementSnapshot.BY_TOTAL_TIME);
            rows.addAll(others);
            snapshot.statements(rows);
        }
        if (served != null) {
            snapshot.requests(served.snapshot());
        }
    }

    @Override
    public void finish() {}

    @Override
    public void stop() {}
}

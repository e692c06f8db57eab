package dev.sonde.core.library;

import dev.sonde.core.config.Setting;
import dev.sonde.core.config.Settings;
import dev.sonde.core.feature.Feature;
import dev.sonde.core.feature.FeatureContext;
import dev.sonde.core.feature.Option;
import dev.sonde.core.internal.Log;
import dev.sonde.core.record.Recorder;
import dev.sonde.core.sample.JfrSampler;
import dev.sonde.core.selector.MethodSelection;
import dev.sonde.core.selector.MethodSelector;
import dev.sonde.core.snapshot.HotMethods;
import dev.sonde.core.snapshot.RequestSnapshot;
import dev.sonde.core.snapshot.Snapshot;
import dev.sonde.core.snapshot.StatementSnapshot;
import dev.sonde.core.weave.ScopePoint;
import dev.sonde.core.weave.ScopeTransformer;
import dev.sonde.core.weave.ValueCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The libraries a program calls, instrumented by named units, with no selector: the requests it served
 * (the {@code jdk-httpserver}, {@code servlet} and {@code netty-http} units, and the entry points the {@code
 * entry} setting names) and the calls it made: SQL statements ({@code jdbc}), Redis commands ({@code
 * jedis}, {@code lettuce}) and outgoing HTTP calls ({@code jdk-httpclient}, {@code httpurlconnection},
 * {@code apache-httpclient}, {@code okhttp}), how often and how long, each request with the calls it
 * made. Every unit is on by default, and starts only when its library's first class loads ({@link
 * UnitStarter}): a program without that library pays nothing for it but a look at each class's package.
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

    /**
     * Not a unit of its own: the part of {@code servlet} that names requests by their JAX-RS resource
     * method's route, started with a JAX-RS API rather than with the servlet API.
     */
    static final String SERVLET_JAX_RS = "servlet (JAX-RS routes)";

    /**
     * Not a unit of its own either: the part of {@code servlet} that names requests by the route Spring MVC's
     * handler mapping chose, started with Spring MVC: until then a request's end does not ask the container
     * for Spring's request attribute.
     */
    static final String SERVLET_SPRING_MVC = "servlet (Spring MVC routes)";

    public static final Setting<List<String>> INSTRUMENT = Setting.names(
            "instrument",
            "all",
            UNITS,
            "Units of library instrumentation to turn on, each when its library first loads, separated by ','"
                    + " (by ';' in agent arguments, where ','"
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

    public static final Setting<Boolean> THREAD_TIMES = Setting.flag(
            "requests.thread.times",
            true,
            "Measure the CPU time and the bytes allocated of each request's own thread, from the request's"
                    + " start until that thread lets it go (true or false).");

    public static final Setting<Integer> REQUEST_SAMPLES = Setting.number(
            "requests.sample.period",
            20,
            0,
            60_000,
            "Milliseconds between stack samples of the whole program (JFR's execution samples), told apart by"
                    + " request name on the threads that serve requests, to show the hottest methods of each;"
                    + " 0 takes none.");

    public static final Setting<Integer> HELD_UP_MILLIS = Setting.number(
            "requests.held.millis",
            1,
            0,
            60_000,
            "With samples taken: the shortest spell, in milliseconds, that a request's thread is counted as held"
                    + " up, blocked on a lock or waiting (JFR's monitor, park, wait and sleep events).");

    public static final Setting<Boolean> FINDINGS = Setting.flag(
            "findings",
            true,
            "Whether the report starts with findings: what the requests and their calls say is wrong, most"
                    + " costly first (N+1 statements, a call taking most of a request, failing requests, a hot"
                    + " method, a contended lock, a statement with a long tail).");

    public static final Setting<Integer> FINDINGS_REPEATED = Setting.number(
            "findings.repeated",
            10,
            2,
            1_000_000,
            "repeated-statement: a statement run at least this many times a request, on average over the"
                    + " requests of a name that ran it.");

    public static final Setting<Integer> FINDINGS_SHARE = Setting.number(
            "findings.share",
            50,
            1,
            100,
            "dominant-call: a statement or outgoing call taking at least this percentage of its request name's"
                    + " time.");

    public static final Setting<Integer> FINDINGS_MIN_MILLIS = Setting.number(
            "findings.min.millis",
            1,
            0,
            3_600_000,
            "dominant-call: the call takes at least this many milliseconds a request on average.");

    public static final Setting<Integer> FINDINGS_ERROR_RATE = Setting.number(
            "findings.error.rate",
            5,
            1,
            100,
            "errors: at least this percentage of a request name's requests failed (and at least "
                    + Findings.MIN_ERRORS
                    + ").");

    public static final Setting<Integer> FINDINGS_TAIL = Setting.number(
            "findings.tail",
            10,
            2,
            1_000_000,
            "slow-statement: a statement run at least "
                    + Findings.MIN_TAIL_COUNT
                    + " times whose p99 is at least this many times its median.");

    public static final Setting<Integer> FINDINGS_TAIL_MILLIS = Setting.number(
            "findings.tail.millis",
            10,
            0,
            3_600_000,
            "slow-statement: its p99 is at least this many milliseconds above its median.");

    public static final Setting<Integer> FINDINGS_HOT = Setting.number(
            "findings.hot",
            40,
            1,
            100,
            "hot-method: a method running its own code in at least this percentage of a request name's"
                    + " samples (or of the request threads', program-wide), of "
                    + Findings.MIN_SAMPLES
                    + " samples at least.");

    public static final Setting<Integer> FINDINGS_LOCK = Setting.number(
            "findings.lock",
            20,
            1,
            100,
            "lock-contention: a request name's requests blocked on locks for at least this percentage of their"
                    + " time (and for findings.min.millis a request).");

    private final List<StatementTable> statements = new ArrayList<>();
    /** The program's stack samples, given to the requests their threads served; made with the request table. */
    private RequestSamples samples;
    /** The sampler of {@link #samples}, once started; guarded by this. */
    private JfrSampler sampler;

    private boolean finished;
    private RequestTable requests;
    /** The kind of scope every request is, once there is a request table. Guarded by this. */
    private int requestKind;

    private StatementTable redis;
    private StatementTable http;
    private FeatureContext context;
    private ScopeTransformer library;
    private ScopeTransformer jdk;
    private UnitStarter starter;

    @Override
    public String name() {
        return "libraries";
    }

    @Override
    public List<Setting<?>> settings() {
        return List.of(
                INSTRUMENT,
                NO_INSTRUMENT,
                ENTRY,
                SLOWEST,
                FAILED,
                THREAD_TIMES,
                REQUEST_SAMPLES,
                HELD_UP_MILLIS,
                FINDINGS,
                FINDINGS_REPEATED,
                FINDINGS_SHARE,
                FINDINGS_MIN_MILLIS,
                FINDINGS_ERROR_RATE,
                FINDINGS_TAIL,
                FINDINGS_TAIL_MILLIS,
                FINDINGS_HOT,
                FINDINGS_LOCK);
    }

    @Override
    public List<Option> options() {
        return List.of(
                Option.of(
                        "--instrument",
                        "UNITS",
                        INSTRUMENT,
                        "instrument only these libraries (default all): jdbc, jedis, lettuce, jdk-httpserver, servlet,"
                                + " netty-http,"
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

    /**
     * Which classes start each unit: the first class to load of one of these packages (a name ending with
     * {@code /}, subpackages included) or of one of these names (exactly).
     * A library's own classes, or the JDK's it cannot do without ({@code java.sql} for a driver), so that a
     * unit's classes, selectors and tables cost nothing until its library shows up.
     */
    static String[] startedBy(String unit) {
        switch (unit) {
            case JdbcUnit.NAME:
                return new String[] {"java/sql/", "javax/sql/"};
            case JedisUnit.NAME:
                return new String[] {"redis/clients/jedis/"};
            case LettuceUnit.NAME:
                return new String[] {"io/lettuce/core/"};
            case JdkHttpServerUnit.NAME:
                return new String[] {"com/sun/net/httpserver/"};
            case ServletUnit.NAME:
                return new String[] {"javax/servlet/", "jakarta/servlet/"};
            case SERVLET_JAX_RS:
                return new String[] {"javax/ws/rs/", "jakarta/ws/rs/"};
            case SERVLET_SPRING_MVC:
                return new String[] {"org/springframework/web/servlet/"};
            case NettyHttpUnit.NAME:
                return new String[] {"io/netty/handler/codec/http/"};
            case HttpClientUnits.JDK_CLIENT:
                return new String[] {"jdk/internal/net/http/HttpClientImpl"};
            case HttpClientUnits.URL_CONNECTION:
                return new String[] {"sun/net/www/protocol/http/HttpURLConnection"};
            case HttpLibraryUnits.APACHE:
                return new String[] {"org/apache/http/", "org/apache/hc/client5/"};
            case HttpLibraryUnits.OKHTTP:
                return new String[] {"okhttp3/"};
            case ExecutorsUnit.NAME:
                return new String[] {
                    "java/util/concurrent/ThreadPoolExecutor",
                    "java/util/concurrent/ScheduledThreadPoolExecutor",
                    "java/util/concurrent/ForkJoinPool",
                    "java/util/concurrent/ForkJoinTask",
                    "java/util/concurrent/FutureTask",
                    "java/util/concurrent/CompletableFuture",
                    "java/util/concurrent/ThreadPerTaskExecutor"
                };
            default:
                throw new IllegalArgumentException("no unit " + unit);
        }
    }

    /** Whether a unit weaves classes of the JDK's own modules (the transformer that may is added only then). */
    private static boolean weavesJdk(String unit) {
        switch (unit) {
            case JdkHttpServerUnit.NAME:
            case HttpClientUnits.JDK_CLIENT:
            case HttpClientUnits.URL_CONNECTION:
            case ExecutorsUnit.NAME:
                return true;
            default:
                return false;
        }
    }

    @Override
    public void start(FeatureContext context) {
        List<String> on = units(context.settings());
        if (on.contains(ServletUnit.NAME)) {
            on.add(SERVLET_JAX_RS);
            on.add(SERVLET_SPRING_MVC);
        }
        UnitStarter starter = new UnitStarter(on, this);
        synchronized (this) {
            this.starter = starter;
        }
        boolean anyJdk = false;
        for (String unit : on) {
            anyJdk |= weavesJdk(unit);
        }
        List<MethodSelector> entries = context.settings().get(ENTRY);
        synchronized (this) {
            this.context = context;
            library = new ScopeTransformer(List.of(), context.bridgeReader(), false, starter);
            // the points in the JDK's own classes, woven apart: the other transformer never weaves the JDK
            // told of classes by the other, which sees each class first
            jdk = new ScopeTransformer(List.of(), context.bridgeReader(), true);
            if (!entries.isEmpty()) {
                library.add(List.of(
                        new ScopePoint(MethodSelection.of(entries, List.of()), requestKind(), ValueCode.methodName())));
            }
        }
        starter.transformers(context, library);
        context.weave(library, "the libraries");
        if (anyJdk) {
            context.weave(jdk, "the JDK's classes");
        }
    }

    /**
     * Starts a unit: its tables, its listeners, its points added to the transformers. Called once, as the
     * first class of its library loads.
     */
    synchronized List<ScopePoint> startUnit(String unit) {
        Recorder recorder = context.recorder();
        List<ScopePoint> inLibraries = new ArrayList<>();
        switch (unit) {
            case JdbcUnit.NAME:
                PreparedSql prepared = new PreparedSql();
                StatementTable sql = new StatementTable(RequestState.SQL, new SqlTexts(prepared));
                statements.add(sql);
                inLibraries.addAll(JdbcUnit.points(recorder, sql, prepared));
                break;
            case JedisUnit.NAME:
                inLibraries.addAll(JedisUnit.points(recorder, redisTable()));
                break;
            case LettuceUnit.NAME:
                inLibraries.addAll(LettuceUnit.points(recorder, redisTable()));
                break;
            case JdkHttpServerUnit.NAME:
                jdk.add(List.of(JdkHttpServerUnit.point(requestKind())));
                break;
            case ServletUnit.NAME:
                inLibraries.add(ServletUnit.point(requestKind()));
                break;
            case SERVLET_JAX_RS:
                inLibraries.add(JaxRsRoutes.point(recorder));
                break;
            case SERVLET_SPRING_MVC:
                requestKind();
                servers.servlet.springMvcLoaded();
                break;
            case NettyHttpUnit.NAME:
                requestKind();
                inLibraries.addAll(NettyHttpUnit.points(recorder, requests));
                break;
            case HttpClientUnits.JDK_CLIENT:
                jdk.add(HttpClientUnits.jdkClientPoints(recorder, httpTable()));
                break;
            case HttpClientUnits.URL_CONNECTION:
                jdk.add(HttpClientUnits.urlConnectionPoints(recorder, httpTable()));
                break;
            case HttpLibraryUnits.APACHE:
                inLibraries.addAll(HttpLibraryUnits.apachePoints(recorder, httpTable()));
                break;
            case HttpLibraryUnits.OKHTTP:
                inLibraries.addAll(HttpLibraryUnits.okHttpPoints(recorder, httpTable()));
                break;
            case ExecutorsUnit.NAME:
                List<ScopePoint> inJdk = new ArrayList<>();
                ExecutorsUnit.addPoints(recorder, inLibraries, inJdk);
                jdk.add(inJdk);
                break;
            default:
                throw new IllegalArgumentException("no unit " + unit);
        }
        library.add(inLibraries);
        return inLibraries;
    }

    /** The table of Redis commands, Jedis's and Lettuce's. Guarded by this. */
    private StatementTable redisTable() {
        if (redis == null) {
            redis = new StatementTable(RequestState.REDIS);
            statements.add(redis);
        }
        return redis;
    }

    /** The table of outgoing HTTP calls, every client's. Guarded by this. */
    private StatementTable httpTable() {
        if (http == null) {
            http = new StatementTable(RequestState.HTTP);
            statements.add(http);
        }
        return http;
    }

    /**
     * The kind of scope of every request, made with the request table the first time: one kind for every
     * server's request and entry point's, so that a request inside another (an entry point a handler calls)
     * is part of it. Guarded by this.
     */
    private int requestKind() {
        if (requests == null) {
            requests = new RequestTable(
                    servers,
                    context.settings().get(SLOWEST),
                    context.settings().get(FAILED),
                    new RecordedNames(context.recorder()),
                    context.settings().get(THREAD_TIMES) ? ThreadClock.of() : ThreadClock.NONE);
            requestKind = context.recorder().kind(requests);
            int period = context.settings().get(REQUEST_SAMPLES);
            if (period > 0) {
                RequestTimeline timeline = new RequestTimeline();
                samples = new RequestSamples(timeline, period * 1_000_000L);
                requests.follow(timeline);
                startSampling(samples, period, context.settings().get(HELD_UP_MILLIS));
            }
        }
        return requestKind;
    }

    /**
     * Reads a request's name and status from its scope's value, whichever server's it is: a servlet
     * container's request and response, or the JDK server's exchange (whose class is touched only then:
     * a runtime without the JDK's HTTP server never loads it).
     */
    /** The servers' requests as the request table reads them. */
    private final Servers servers = new Servers();

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

        @Override
        public String route(Object value, String chosen) {
            return ServletUnit.accepts(value) ? servlet.route(value, chosen) : null;
        }
    }

    /** Timed methods named as the recorder knows them. */
    private static final class RecordedNames implements RequestState.MethodNames {
        private final Recorder recorder;

        RecordedNames(Recorder recorder) {
            this.recorder = recorder;
        }

        @Override
        public String name(int method) {
            return recorder.methodName(method);
        }
    }

    /** Once a unit with a table of its own started (its library showed up), or with entry points. */
    @Override
    public synchronized boolean reports() {
        return !statements.isEmpty() || requests != null;
    }

    @Override
    public void contribute(Snapshot.Builder snapshot) {
        List<StatementTable> tables;
        RequestTable served;
        synchronized (this) {
            tables = new ArrayList<>(statements);
            served = requests;
        }
        List<StatementSnapshot> rows = new ArrayList<>();
        List<RequestSnapshot> names = served == null ? List.of() : served.snapshot();
        if (!tables.isEmpty()) {
            // every kind's statements by total time, the rows past the caps last
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
        snapshot.requests(names);
        RequestSamples sampled;
        synchronized (this) {
            sampled = samples;
        }
        HotMethods hot = sampled == null ? null : sampled.snapshot();
        if (hot != null) {
            snapshot.hotMethods(hot);
        }
        Settings settings = context == null ? null : context.settings();
        if (settings != null && settings.get(FINDINGS)) {
            Findings rules = new Findings(
                    settings.get(FINDINGS_REPEATED),
                    settings.get(FINDINGS_SHARE),
                    settings.get(FINDINGS_MIN_MILLIS) * 1_000_000L,
                    settings.get(FINDINGS_ERROR_RATE),
                    settings.get(FINDINGS_TAIL),
                    settings.get(FINDINGS_TAIL_MILLIS) * 1_000_000L);
            snapshot.findings(rules.of(names, rows));
            if (hot != null) {
                snapshot.findings(rules.hot(hot, settings.get(FINDINGS_HOT)));
                snapshot.findings(rules.heldUp(hot, names, settings.get(FINDINGS_LOCK)));
            }
        }
    }

    /**
     * Starts JFR's sampler on a thread of its own: the request table is made as a server's class loads,
     * where starting JFR (which loads classes of its own) must not happen.
     */
    private void startSampling(RequestSamples sink, int periodMillis, int heldUpMillis) {
        Thread starting = new Thread(
                new Runnable() {
                    @Override
                    public void run() {
                        JfrSampler made;
                        try {
                            made = JfrSampler.start(
                                    sink,
                                    Duration.ofMillis(periodMillis),
                                    "sonde-request-samples",
                                    Duration.ofMillis(heldUpMillis));
                        } catch (RuntimeException | LinkageError e) {
                            if (String.valueOf(e.getMessage()).contains("Shutdown in progress")) {
                                Log.debug("no request samples: the JVM is shutting down");
                            } else {
                                Log.warnOnce(
                                        "request-samples",
                                        "cannot take stack samples in this JVM (" + e
                                                + "); the report shows no hot methods");
                            }
                            return;
                        }
                        boolean late;
                        synchronized (LibrariesFeature.this) {
                            late = finished;
                            if (!late) {
                                sampler = made;
                            }
                        }
                        if (late) {
                            made.close(Duration.ZERO);
                        }
                    }
                },
                "sonde-request-sampler-start");
        starting.setDaemon(true);
        starting.start();
    }

    /** No class is woven for a unit started from now on, and no sample taken: the session ends. */
    @Override
    public void finish() {
        UnitStarter starting;
        JfrSampler sampling;
        synchronized (this) {
            starting = starter;
            sampling = sampler;
            sampler = null;
            finished = true;
        }
        if (starting != null) {
            starting.stop();
        }
        if (sampling != null) {
            try {
                sampling.close(Duration.ofSeconds(1));
            } catch (RuntimeException | LinkageError e) {
                Log.debug("closing the request sampler: " + e);
            }
        }
    }

    @Override
    public void stop() {
        finish();
    }
}

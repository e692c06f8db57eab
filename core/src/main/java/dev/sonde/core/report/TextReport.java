package dev.sonde.core.report;

import dev.sonde.core.snapshot.CallSnapshot;
import dev.sonde.core.snapshot.CallTotals;
import dev.sonde.core.snapshot.Finding;
import dev.sonde.core.snapshot.HeldUp;
import dev.sonde.core.snapshot.HotMethod;
import dev.sonde.core.snapshot.HotMethods;
import dev.sonde.core.snapshot.KeptRequest;
import dev.sonde.core.snapshot.LeftOutMethods;
import dev.sonde.core.snapshot.MethodSnapshot;
import dev.sonde.core.snapshot.RequestSnapshot;
import dev.sonde.core.snapshot.RunInfo;
import dev.sonde.core.snapshot.SamplingSummary;
import dev.sonde.core.snapshot.Snapshot;
import dev.sonde.core.snapshot.StatementSnapshot;
import dev.sonde.core.snapshot.UntimedMethods;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The table printed on stderr at exit, sorted by self time: the modern form of "spent 3.0s". Method
 * names are shortened to fit {@value #NAME_WIDTH} characters; the JSON report keeps full names and
 * descriptors.
 */
public final class TextReport {

    static final int NAME_WIDTH = 64;
    static final int COMMAND_WIDTH = 100;
    static final int STATEMENT_WIDTH = 80;
    /** Request names, costliest first, whose slowest request is shown with its calls. */
    static final int SLOWEST_TREES = 3;
    /** Hot methods shown in the table; the JSON report has more. */
    static final int HOT_ROWS = 10;
    /** Lines of calls shown for each. */
    static final int TREE_LINES = 20;

    private static final String[] HEADERS = {"count", "errors", "self", "total", "p50", "p99", "max"};

    private TextReport() {}

    public static String render(Snapshot snapshot, int maxRows) {
        RunInfo run = snapshot.run();
        List<MethodSnapshot> methods = snapshot.methods();
        List<MethodSnapshot> sorted = methods;
        List<MethodSnapshot> shown = sorted.subList(0, Math.min(maxRows, sorted.size()));
        StringBuilder out = new StringBuilder();
        out.append("[sonde] pid ")
                .append(run.pid())
                .append(", ")
                .append(cut(run.command(), COMMAND_WIDTH))
                .append(", ran ")
                .append(Durations.format(run.durationNanos()))
                .append(", ")
                .append(methods.size())
                .append(methods.size() == 1 ? " method" : " methods")
                .append(" timed\n");
        findings(out, snapshot.findings(), maxRows);
        requests(out, snapshot.requests(), snapshot.hotMethods(), maxRows);
        hotMethods(out, snapshot.hotMethods(), maxRows);
        statements(out, snapshot.statements(), maxRows);
        if (shown.isEmpty()) {
            if (snapshot.statements().isEmpty() && snapshot.requests().isEmpty()) {
                out.append("[sonde] no selected method was called\n");
            }
            notes(out, snapshot);
            return out.toString();
        }
        boolean anyRunning = false;
        for (MethodSnapshot m : shown) {
            anyRunning |= m.running() > 0;
        }
        List<String[]> rows = new ArrayList<>();
        for (MethodSnapshot m : shown) {
            boolean finished = m.anyTimed();
            String[] row = new String[] {
                MethodNames.fitted(m.key(), NAME_WIDTH),
                Long.toString(m.count()),
                Long.toString(m.errors()),
                (m.estimated() ? "≈" : "") + Durations.format(m.shownSelfNanos()),
                (m.estimated() ? "≈" : "") + Durations.format(m.shownTotalNanos()),
                finished ? Durations.format(m.p50Nanos()) : "-",
                finished ? Durations.format(m.p99Nanos()) : "-",
                finished ? Durations.format(m.maxNanos()) : "-",
                m.running() > 0 ? Long.toString(m.running()) : ""
            };
            rows.add(anyRunning ? row : java.util.Arrays.copyOf(row, row.length - 1));
        }
        String[] header = new String[HEADERS.length + (anyRunning ? 2 : 1)];
        header[0] = "method";
        System.arraycopy(HEADERS, 0, header, 1, HEADERS.length);
        if (anyRunning) {
            header[header.length - 1] = "running";
        }
        table(out, header, rows);
        more(out, sorted.size() - shown.size(), "method", maxRows);
        if (anyRunning) {
            out.append("[sonde] running: calls still in progress when the report was written; their time so far is in"
                    + " self and total\n");
        } else {
            long running = 0;
            for (MethodSnapshot m : sorted) {
                running += m.running();
            }
            if (running > 0) {
                out.append("[sonde] running: ")
                        .append(running)
                        .append(running == 1 ? " call was" : " calls were")
                        .append(" still in progress when the report was written, in methods below the rows shown;")
                        .append(" the JSON report has them\n");
            }
        }
        notes(out, snapshot);
        return out.toString();
    }

    private static void notes(StringBuilder out, Snapshot snapshot) {
        UntimedMethods untimed = snapshot.untimed();
        if (untimed.methods() > 0) {
            out.append("[sonde] ")
                    .append(untimed.methods())
                    .append(untimed.methods() == 1 ? " selected method was" : " selected methods were")
                    .append(" not timed, max.methods=")
                    .append(untimed.maxMethods())
                    .append(" others being called first (")
                    .append(untimed.calls())
                    .append(untimed.calls() == 1 ? " call" : " calls")
                    .append("); in ");
            int named = 0;
            for (Map.Entry<String, Integer> entry : untimed.byPackage().entrySet()) {
                if (named == 5) {
                    break;
                }
                out.append(named == 0 ? "" : ", ")
                        .append(entry.getKey().isEmpty() ? "(unnamed package)" : entry.getKey())
                        .append(" (")
                        .append(entry.getValue())
                        .append(')');
                named++;
            }
            int otherPackages = untimed.byPackage().size() - named;
            if (otherPackages > 0 || untimed.inOtherPackages() > 0) {
                out.append(" and ").append(otherPackages > 0 ? otherPackages + " more packages" : "more packages");
            }
            out.append("; raise max.methods to time them\n");
        }
        if (snapshot.perCallNanos() > 0 && !snapshot.methods().isEmpty()) {
            out.append("[sonde] self and total have the probe's own cost taken out, as calibrated at start: ")
                    .append(snapshot.perCallNanos())
                    .append(" ns for each timed call beneath, ")
                    .append(snapshot.insideNanos())
                    .append(" ns of each call's own; the JSON report has the measured times too\n");
        }
        int counted = 0;
        int timedAgain = 0;
        for (MethodSnapshot m : snapshot.methods()) {
            if ("counted".equals(m.tier())) {
                counted++;
            } else if (m.countedCalls() > 0) {
                timedAgain++;
            }
        }
        if (snapshot.countedFromStart() && counted + timedAgain > 0) {
            out.append("[sonde] time.counted: ")
                    .append(counted)
                    .append(counted == 1 ? " method is" : " methods are")
                    .append(" counted, every call, none timed (their time is in their timed callers' self time);")
                    .append(" percentiles only for methods timed");
            if (timedAgain > 0) {
                out.append("; ")
                        .append(timedAgain)
                        .append(timedAgain == 1 ? " method was" : " methods were")
                        .append(" timed once samples showed long calls, from then on");
            }
            out.append('\n');
        } else if (counted + timedAgain > 0) {
            out.append("[sonde] ")
                    .append(counted + timedAgain)
                    .append(counted + timedAgain == 1 ? " method" : " methods")
                    .append(" proved hot and short and moved to the counted tier: their calls since are counted,")
                    .append(" not timed (their time is in their callers' self time); their percentiles are of")
                    .append(" the calls timed before. time.hot=true keeps them timed\n");
        }
        if (counted > 0) {
            SamplingSummary sampling = snapshot.sampling();
            if (sampling.ran()) {
                out.append("[sonde] ≈ self and total of counted methods are estimated from ")
                        .append(sampling.samples())
                        .append(" stack samples, one every ")
                        .append(Durations.format(sampling.periodNanos()))
                        .append(" of a running thread (")
                        .append(sampling.source())
                        .append("); with n samples a method's estimate is off by about 1/√n of it");
                if (sampling.truncated() > 0) {
                    out.append("; ")
                            .append(sampling.truncated())
                            .append(" stacks were cut at the JDK's depth limit, where deeper methods go unseen");
                }
                if (!Boolean.TRUE.equals(sampling.exactInCompiledCode())) {
                    out.append("; in compiled code the JVM places a sample at the nearest call or safepoint poll,")
                            .append(" so a short method inlined into a loop may be charged to its caller")
                            .append(" (-XX:+UnlockDiagnosticVMOptions -XX:+DebugNonSafepoints places them exactly,")
                            .append(" at a cost to the JIT)");
                }
                out.append('\n');
            } else {
                out.append("[sonde] no stack samples were taken (sample.period): self and total of counted methods")
                        .append(" are only those of the calls timed before they moved, if any\n");
            }
        }
        LeftOutMethods leftOut = snapshot.leftOut();
        if (leftOut.methods() > 0) {
            out.append("[sonde] ")
                    .append(leftOut.methods())
                    .append(leftOut.methods() == 1 ? " selected method was" : " selected methods were")
                    .append(" left out as too small to time (")
                    .append(leftOut.rule())
                    .append("); time.small=true times them\n");
        }
        if (snapshot.lostCalls() > 0) {
            out.append("[sonde] ")
                    .append(snapshot.lostCalls())
                    .append(" calls could not be recorded (no memory left for them,"
                            + " or a recursion past a million timed calls deep)\n");
        }
    }

    /**
     * The requests the instrumented servers served, most total time first, with what each spent in the
     * libraries' calls on average: {@code sql/req} statements and {@code sql time/req}, the same for Redis
     * commands and outgoing HTTP calls; a kind no request made has no columns (SQL's are there when no
     * request made any call, to say so).
     */
    /** What was found wrong, most costly first: what, where, how much, and one sentence on what to do next. */
    private static void findings(StringBuilder out, List<Finding> findings, int maxRows) {
        if (findings.isEmpty()) {
            return;
        }
        out.append("Findings, most costly first:\n");
        int shown = Math.min(maxRows, findings.size());
        for (int i = 0; i < shown; i++) {
            Finding finding = findings.get(i);
            out.append(String.valueOf(i + 1)).append(". ").append(finding.kind());
            if (finding.request() != null) {
                out.append(" in ").append(finding.request());
            }
            out.append(": ")
                    .append(cut(finding.target(), STATEMENT_WIDTH))
                    .append(" (")
                    .append(Durations.format(finding.impactNanos()))
                    .append(" in all");
            if (finding.share() >= 0) {
                out.append(", ").append(Math.round(finding.share() * 100)).append(" %");
            }
            out.append(")\n   ").append(finding.detail()).append('\n');
        }
        more(out, findings.size() - shown, "finding", maxRows);
        out.append('\n');
    }

    private static void requests(StringBuilder out, List<RequestSnapshot> requests, HotMethods hot, int maxRows) {
        if (requests.isEmpty()) {
            return;
        }
        int shown = Math.min(maxRows, requests.size());
        boolean sql = false;
        boolean redis = false;
        boolean http = false;
        boolean methods = false;
        boolean cpu = false;
        boolean allocated = false;
        boolean heldUp = false;
        for (RequestSnapshot request : requests.subList(0, shown)) {
            methods |= request.methods().count() > 0;
            cpu |= request.cpu().count() > 0;
            allocated |= request.allocated().count() > 0;
            heldUp |= hot != null && hot.heldUp().containsKey(request.name());
            sql |= request.sql().count() > 0;
            redis |= request.redis().count() > 0;
            http |= request.http().count() > 0;
        }
        sql |= !redis && !http;
        List<String> header = new ArrayList<>(List.of("request", "count", "errors", "total", "p50", "p99", "max"));
        if (sql) {
            header.addAll(List.of("sql/req", "sql time/req"));
        }
        if (redis) {
            header.addAll(List.of("redis/req", "redis time/req"));
        }
        if (http) {
            header.addAll(List.of("http/req", "http time/req"));
        }
        if (methods) {
            header.add("timed methods time/req");
        }
        if (cpu) {
            header.add("cpu/req");
        }
        if (allocated) {
            header.add("alloc/req");
        }
        if (heldUp) {
            header.addAll(List.of("blocked/req", "waited/req"));
        }
        List<String[]> rows = new ArrayList<>();
        for (RequestSnapshot request : requests.subList(0, shown)) {
            long count = Math.max(1, request.count());
            List<String> row = new ArrayList<>(List.of(
                    cut(request.name(), STATEMENT_WIDTH),
                    Long.toString(request.count()),
                    Long.toString(request.errors()),
                    Durations.format(request.totalNanos()),
                    Durations.format(request.p50Nanos()),
                    Durations.format(request.p99Nanos()),
                    Durations.format(request.maxNanos())));
            if (sql) {
                perRequest(row, request.sql(), count);
            }
            if (redis) {
                perRequest(row, request.redis(), count);
            }
            if (http) {
                perRequest(row, request.http(), count);
            }
            if (methods) {
                row.add(Durations.format(request.methods().totalNanos() / count));
            }
            if (cpu) {
                CallTotals measured = request.cpu();
                row.add(measured.count() == 0 ? "-" : Durations.format(measured.totalNanos() / measured.count()));
            }
            if (allocated) {
                CallTotals measured = request.allocated();
                row.add(measured.count() == 0 ? "-" : bytes(measured.totalNanos() / measured.count()));
            }
            if (heldUp) {
                HeldUp held = hot.heldUp().get(request.name());
                row.add(Durations.format(held == null ? 0 : held.blockedNanos() / count));
                row.add(Durations.format(held == null ? 0 : held.waitedNanos() / count));
            }
            rows.add(row.toArray(new String[0]));
        }
        table(out, header.toArray(new String[0]), rows);
        more(out, requests.size() - shown, "request name", maxRows);
        out.append('\n');
        int trees = 0;
        for (RequestSnapshot request : requests) {
            if (trees == SLOWEST_TREES) {
                break;
            }
            if (!request.slowest().isEmpty()
                    && !request.slowest().get(0).calls().isEmpty()) {
                slowest(out, request.name(), request.slowest().get(0));
                trees++;
            }
        }
    }

    /** The slowest request of a name, with its calls: where an N+1 shows as one line ×40. */
    private static void slowest(StringBuilder out, String name, KeptRequest request) {
        out.append("slowest ")
                .append(cut(name, STATEMENT_WIDTH))
                .append(": ")
                .append(Durations.format(request.durationNanos()));
        if (request.status() > 0) {
            out.append(", status ").append(request.status());
        }
        if (request.error() != null) {
            out.append(", ").append(cut(request.error(), STATEMENT_WIDTH));
        }
        out.append('\n');
        int total = countCalls(request.calls());
        int lines = treeLines(out, request.calls(), 0, 0);
        if (lines < total) {
            out.append("  … ").append(total - lines).append(" more in the JSON report\n");
        }
        out.append('\n');
    }

    /** Writes calls, each one's children indented beneath it, up to {@code TREE_LINES} lines; answers how many. */
    private static int treeLines(StringBuilder out, List<CallSnapshot> calls, int depth, int lines) {
        for (CallSnapshot call : calls) {
            if (lines == TREE_LINES) {
                return lines;
            }
            String offset = "+" + Durations.format(call.offsetNanos());
            String total = Durations.format(call.totalNanos());
            String count = "×" + call.count();
            out.append("  ")
                    .append(" ".repeat(Math.max(0, 10 - offset.length())))
                    .append(offset)
                    .append(" ".repeat(Math.max(0, 10 - total.length())))
                    .append(total)
                    .append(" ".repeat(Math.max(0, 7 - count.length())))
                    .append(count)
                    .append("  ")
                    .append("  ".repeat(depth))
                    .append(cut(call.kind() + ": " + call.name(), STATEMENT_WIDTH))
                    .append('\n');
            lines = treeLines(out, call.children(), depth + 1, lines + 1);
        }
        return lines;
    }

    private static int countCalls(List<CallSnapshot> calls) {
        int count = calls.size();
        for (CallSnapshot call : calls) {
            count += countCalls(call.children());
        }
        return count;
    }

    /** Says how many rows of a table {@code report.rows} left out: the JSON report has them. */
    private static void more(StringBuilder out, int more, String what, int maxRows) {
        if (more > 0) {
            out.append("… and ")
                    .append(more)
                    .append(" more ")
                    .append(what)
                    .append(more == 1 ? "" : "s")
                    .append(" in the JSON report (report.rows=")
                    .append(maxRows)
                    .append(")\n");
        }
    }

    /** The hottest methods of the request threads' samples, and how to look closer at the first. */
    private static void hotMethods(StringBuilder out, HotMethods hot, int maxRows) {
        if (hot == null || hot.requestThreads().samples() == 0) {
            return;
        }
        HotMethods.Part part = hot.requestThreads();
        long samples = part.samples();
        int shown = Math.min(Math.min(maxRows, HOT_ROWS), part.methods().size());
        List<String[]> rows = new ArrayList<>();
        for (HotMethod method : part.methods().subList(0, shown)) {
            rows.add(new String[] {
                cut(method.method(), STATEMENT_WIDTH),
                Long.toString(method.selfSamples()),
                Math.round(100.0 * method.selfSamples() / samples) + " %",
                Math.round(100.0 * method.totalSamples() / samples) + " %"
            });
        }
        out.append("hot methods of the request threads: ")
                .append(samples)
                .append(" samples, one every ")
                .append(Durations.format(hot.periodNanos()))
                .append(" of running code\n");
        table(out, new String[] {"method", "self samples", "self", "total"}, rows);
        for (HotMethod method : part.methods().subList(0, shown)) {
            if (!MethodNames.isJdk(method.method())) {
                out.append("look closer: --time '").append(method.method()).append("'\n");
                break;
            }
        }
        out.append('\n');
    }

    /** Bytes for people: B, KiB, MiB or GiB, three significant digits. */
    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes / 1024.0;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return Durations.scaled(value, units[unit]);
    }

    /** A kind's calls per request: how many, and how long. */
    private static void perRequest(List<String> row, CallTotals calls, long requests) {
        row.add(perRequest(calls.count(), requests));
        row.add(Durations.format(calls.totalNanos() / requests));
    }

    /** {@code total} over {@code count}, to one decimal: "4", "2.5". */
    static String perRequest(long total, long count) {
        long tenths = Math.round(total * 10.0 / count);
        return tenths % 10 == 0 ? Long.toString(tenths / 10) : (tenths / 10) + "." + (tenths % 10);
    }

    /** A header and its rows, each column as wide as its widest cell, the first left-aligned. */
    private static void table(StringBuilder out, String[] header, List<String[]> rows) {
        int[] widths = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            widths[i] = header[i].length();
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        line(out, header, widths);
        for (String[] row : rows) {
            line(out, row, widths);
        }
    }

    /**
     * The statements the instrumented libraries ran, most total time first, the statement's text last
     * (cut to {@value #STATEMENT_WIDTH} characters; the JSON report has it whole).
     */
    private static void statements(StringBuilder out, List<StatementSnapshot> statements, int maxRows) {
        if (statements.isEmpty()) {
            return;
        }
        String[] header = {"statement", "count", "errors", "total", "p50", "p99", "max"};
        List<String[]> rows = new ArrayList<>();
        int shown = Math.min(maxRows, statements.size());
        for (StatementSnapshot statement : statements.subList(0, shown)) {
            rows.add(new String[] {
                cut(statement.kind() + ": " + statement.text(), STATEMENT_WIDTH),
                Long.toString(statement.count()),
                Long.toString(statement.errors()),
                Durations.format(statement.totalNanos()),
                Durations.format(statement.p50Nanos()),
                Durations.format(statement.p99Nanos()),
                Durations.format(statement.maxNanos())
            });
        }
        table(out, header, rows);
        more(out, statements.size() - shown, "statement", maxRows);
        out.append('\n');
    }

    private static void line(StringBuilder out, String[] cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        line.append(cells[0]).append(" ".repeat(widths[0] - cells[0].length()));
        for (int i = 1; i < cells.length; i++) {
            line.append("  ").append(" ".repeat(widths[i] - cells[i].length())).append(cells[i]);
        }
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ') {
            end--;
        }
        out.append(line, 0, end).append('\n');
    }

    private static String cut(String text, int width) {
        return text.length() <= width ? text : text.substring(0, width - 1) + "…";
    }
}

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
import dev.sonde.core.snapshot.StatementUse;
import dev.sonde.core.snapshot.UntimedMethods;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable report, {@code sonde-<pid>.json}. Schema (version 6), every duration in
 * nanoseconds:
 * <pre>
 * { "schema": "sonde-report/6", "pid": 4242, "command": "com.shop.Main --port 8080",
 *   "java": "17.0.15", "startTime": "2026-11-21T21:00:00.123Z", "durationNanos": 2310000000,
 *   "maxMethodsReached": false,
 *   "untimed": { "maxMethods": 50000, "methods": 0, "calls": 0, "packages": { } },
 *   "leftOut": { "methods": 120, "rule": "no call, no loop, …", "packages": { "com.shop": 120 }, "inOtherPackages": 0 },
 *   "lostCalls": 0, "overhead": { "insideNanos": 20, "perCallNanos": 62 },
 *   "sampling": { "source": "jdk.ExecutionSample", "periodNanos": 20000000, "samples": 812, "truncated": 3,
 *                 "exactInCompiledCode": false },
 *   "findings": [ { "kind": "repeated-statement", "request": "GET /owners/{id}", "target": "SELECT … WHERE owner_id = ?",
 *                   "targetKind": "sql", "impact": { "nanos": …, "share": 0.4123 }, "detail": "This SQL statement ran …" } ],
 *   "hotMethods": { "periodNanos": 20000000, "requestThreads": { "samples": 812, "methods": [ { "method": "com.shop.Pricing#quote",
 *                   "selfSamples": 401, "totalSamples": 655 } ] }, "otherThreads": { … }, "unplaced": 12 },
 *   "methods": [ { "class": "com.shop.Cart", "method": "checkout", "descriptor": "()V", "tier": "timed",
 *                  "count": 10, "countedCalls": 0, "errors": 0, "selfNanos": …, "totalNanos": …, "rawSelfNanos": …, "rawTotalNanos": …, "minNanos": …, "maxNanos": …,
 *                  "p50Nanos": …, "p90Nanos": …, "p99Nanos": …, "p999Nanos": …,
 *                  "running": 0, "runningNanos": 0,
 *                  "samples": 0, "selfSamples": 0, "sampledTotalNanos": 0, "sampledSelfNanos": 0 } ],
 *   "requests": [ { "name": "GET /items/{id}", "other": false, "count": 12, "errors": 0, "totalNanos": …,
 *                   "p50Nanos": …, "p90Nanos": …, "p99Nanos": …, "maxNanos": …, "sql": { "count": 48, "totalNanos": … },
 *                   "cpu": { "requests": 12, "totalNanos": … }, "allocated": { "requests": 12, "totalBytes": … },
 *                   "blocked": { "events": 3, "totalNanos": …, "locks": [ { "class": "com.shop.Ledger", "events": 3,
 *                                "totalNanos": … } ] }, "waited": { "events": 0, "totalNanos": 0 },
 *                   "hotMethods": { "samples": 40, "methods": [ … ] },
 *                   "slowest": [ { "startTime": "…", "durationNanos": …, "status": 200, "error": null,
 *                                  "cpuNanos": …, "allocatedBytes": …,
 *                                  "calls": [ { "kind": "sql", "name": "SELECT …", "count": 40, "offsetNanos": …,
 *                                               "totalNanos": …, "children": [ ] } ] } ],
 *                   "failed": [ ] } ],
 *   "statements": [ { "kind": "sql", "text": "SELECT * FROM item WHERE id = ?", "other": false, "count": 40,
 *                     "errors": 0, "totalNanos": …, "p50Nanos": …, "p90Nanos": …, "p99Nanos": …, "maxNanos": …,
 *                     "requests": [ "GET /items/{id}" ],
 *                     "byRequest": [ { "request": "GET /items/{id}", "requests": 1, "count": 40, "totalNanos": …, "maxCount": 40 } ] } ] }
 * </pre>
 * Methods are sorted by self time, largest first (for a counted method, its sampled self time when there
 * is one). {@code sampling} is null and the per-method sample fields absent when no sampler ran. The README
 * documents every field.
 */
public final class JsonReport {

    public static final String SCHEMA = "sonde-report/6";

    private JsonReport() {}

    /**
     * What {@link Instant#toString()} gives (ISO 8601 in UTC: seconds always, a fraction only when there
     * is one, in groups of three digits), computed here rather than through {@code java.time}'s
     * calendar and formatter classes, which would cost the program's exit milliseconds to load.
     */
    static String iso(Instant instant) {
        long seconds = instant.getEpochSecond();
        int nanos = instant.getNano();
        long days = Math.floorDiv(seconds, 86_400L);
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        // the proleptic Gregorian date of a day count from 1970-01-01, by 400-year eras from 0000-03-01
        long shifted = days + 719_468L;
        long era = Math.floorDiv(shifted, 146_097L);
        long dayOfEra = shifted - era * 146_097L;
        long yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365;
        long dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
        long monthFromMarch = (5 * dayOfYear + 2) / 153;
        long day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1;
        long month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9;
        long year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
        if (year < 0 || year > 9999) {
            return instant.toString(); // signed or five-digit years: not for a run that starts now
        }
        StringBuilder text = new StringBuilder(30);
        digits(text, year, 4).append('-');
        digits(text, month, 2).append('-');
        digits(text, day, 2).append('T');
        digits(text, secondOfDay / 3600, 2).append(':');
        digits(text, secondOfDay / 60 % 60, 2).append(':');
        digits(text, secondOfDay % 60, 2);
        if (nanos != 0) {
            text.append('.');
            if (nanos % 1_000_000 == 0) {
                digits(text, nanos / 1_000_000, 3);
            } else if (nanos % 1000 == 0) {
                digits(text, nanos / 1000, 6);
            } else {
                digits(text, nanos, 9);
            }
        }
        return text.append('Z').toString();
    }

    private static StringBuilder digits(StringBuilder text, long value, int width) {
        String digits = Long.toString(value);
        for (int i = digits.length(); i < width; i++) {
            text.append('0');
        }
        return text.append(digits);
    }

    public static void write(Snapshot snapshot, Writer out) throws IOException {
        RunInfo run = snapshot.run();
        List<MethodSnapshot> sorted = snapshot.methods();
        try (JsonWriter json = JsonWriter.pretty(out)) {
            json.writeStartObject();
            json.writeStringField("schema", SCHEMA);
            json.writeNumberField("pid", run.pid());
            json.writeStringField("command", run.command());
            json.writeStringField("java", run.javaVersion());
            json.writeStringField("startTime", iso(run.startTime()));
            json.writeNumberField("durationNanos", run.durationNanos());
            UntimedMethods untimed = snapshot.untimed();
            json.writeBooleanField("maxMethodsReached", untimed.methods() > 0);
            json.writeObjectFieldStart("untimed");
            json.writeNumberField("maxMethods", untimed.maxMethods());
            json.writeNumberField("methods", untimed.methods());
            json.writeNumberField("calls", untimed.calls());
            packages(json, untimed.byPackage(), untimed.inOtherPackages());
            json.writeEndObject();
            LeftOutMethods leftOut = snapshot.leftOut();
            json.writeObjectFieldStart("leftOut");
            json.writeNumberField("methods", leftOut.methods());
            json.writeStringField("rule", leftOut.rule());
            packages(json, leftOut.byPackage(), leftOut.inOtherPackages());
            json.writeEndObject();
            json.writeNumberField("lostCalls", snapshot.lostCalls());
            json.writeObjectFieldStart("overhead");
            json.writeNumberField("insideNanos", snapshot.insideNanos());
            json.writeNumberField("perCallNanos", snapshot.perCallNanos());
            json.writeEndObject();
            SamplingSummary sampling = snapshot.sampling();
            if (sampling.ran()) {
                json.writeObjectFieldStart("sampling");
                json.writeStringField("source", sampling.source());
                json.writeNumberField("periodNanos", sampling.periodNanos());
                json.writeNumberField("samples", sampling.samples());
                json.writeNumberField("truncated", sampling.truncated());
                if (sampling.exactInCompiledCode() == null) {
                    json.writeFieldName("exactInCompiledCode").writeNull();
                } else {
                    json.writeBooleanField("exactInCompiledCode", sampling.exactInCompiledCode());
                }
                json.writeEndObject();
            } else {
                json.writeFieldName("sampling").writeNull();
            }
            findings(json, snapshot.findings());
            HotMethods hot = snapshot.hotMethods();
            if (hot == null) {
                json.writeFieldName("hotMethods").writeNull();
            } else {
                json.writeObjectFieldStart("hotMethods");
                json.writeNumberField("periodNanos", hot.periodNanos());
                hotPart(json, "requestThreads", hot.requestThreads());
                hotPart(json, "otherThreads", hot.otherThreads());
                json.writeNumberField("unplaced", hot.unplaced());
                json.writeEndObject();
            }
            json.writeArrayFieldStart("methods");
            for (MethodSnapshot m : sorted) {
                json.writeStartObject();
                json.writeStringField("class", m.key().className());
                json.writeStringField("method", m.key().methodName());
                json.writeStringField("descriptor", m.key().descriptor());
                json.writeStringField("tier", m.tier());
                json.writeNumberField("count", m.count());
                json.writeNumberField("countedCalls", m.countedCalls());
                json.writeNumberField("errors", m.errors());
                json.writeNumberField("selfNanos", m.selfNanos());
                json.writeNumberField("totalNanos", m.totalNanos());
                json.writeNumberField("rawSelfNanos", m.rawSelfNanos());
                json.writeNumberField("rawTotalNanos", m.rawTotalNanos());
                json.writeNumberField("minNanos", m.minNanos());
                json.writeNumberField("maxNanos", m.maxNanos());
                json.writeNumberField("p50Nanos", m.p50Nanos());
                json.writeNumberField("p90Nanos", m.p90Nanos());
                json.writeNumberField("p99Nanos", m.p99Nanos());
                json.writeNumberField("p999Nanos", m.p999Nanos());
                json.writeNumberField("running", m.running());
                json.writeNumberField("runningNanos", m.runningNanos());
                if (m.sampledAtAll()) {
                    json.writeNumberField("samples", m.samples());
                    json.writeNumberField("selfSamples", m.selfSamples());
                    json.writeNumberField("sampledTotalNanos", m.sampledTotalNanos());
                    json.writeNumberField("sampledSelfNanos", m.sampledSelfNanos());
                }
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("requests");
            for (RequestSnapshot request : snapshot.requests()) {
                json.writeStartObject();
                json.writeStringField("name", request.name());
                json.writeBooleanField("other", request.other());
                json.writeNumberField("count", request.count());
                json.writeNumberField("errors", request.errors());
                json.writeNumberField("totalNanos", request.totalNanos());
                json.writeNumberField("p50Nanos", request.p50Nanos());
                json.writeNumberField("p90Nanos", request.p90Nanos());
                json.writeNumberField("p99Nanos", request.p99Nanos());
                json.writeNumberField("maxNanos", request.maxNanos());
                totals(json, "sql", request.sql());
                totals(json, "redis", request.redis());
                totals(json, "http", request.http());
                totals(json, "methods", request.methods());
                json.writeObjectFieldStart("cpu");
                json.writeNumberField("requests", request.cpu().count());
                json.writeNumberField("totalNanos", request.cpu().totalNanos());
                json.writeEndObject();
                json.writeObjectFieldStart("allocated");
                json.writeNumberField("requests", request.allocated().count());
                json.writeNumberField("totalBytes", request.allocated().totalNanos());
                json.writeEndObject();
                if (hot == null) {
                    json.writeFieldName("blocked").writeNull();
                    json.writeFieldName("waited").writeNull();
                } else {
                    heldUp(json, hot.heldUp().get(request.name()));
                }
                HotMethods.Part sampled = hot == null ? null : hot.byRequest().get(request.name());
                if (sampled == null) {
                    json.writeFieldName("hotMethods").writeNull();
                } else {
                    hotPart(json, "hotMethods", sampled);
                }
                kept(json, "slowest", request.slowest());
                kept(json, "failed", request.failed());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeArrayFieldStart("statements");
            for (StatementSnapshot statement : snapshot.statements()) {
                json.writeStartObject();
                json.writeStringField("kind", statement.kind());
                json.writeStringField("text", statement.text());
                json.writeBooleanField("other", statement.other());
                json.writeNumberField("count", statement.count());
                json.writeNumberField("errors", statement.errors());
                json.writeNumberField("totalNanos", statement.totalNanos());
                json.writeNumberField("p50Nanos", statement.p50Nanos());
                json.writeNumberField("p90Nanos", statement.p90Nanos());
                json.writeNumberField("p99Nanos", statement.p99Nanos());
                json.writeNumberField("maxNanos", statement.maxNanos());
                json.writeArrayFieldStart("requests");
                for (String request : statement.requests()) {
                    json.writeString(request);
                }
                json.writeEndArray();
                json.writeArrayFieldStart("byRequest");
                for (StatementUse use : statement.uses()) {
                    json.writeStartObject();
                    json.writeStringField("request", use.request());
                    json.writeNumberField("requests", use.requests());
                    json.writeNumberField("count", use.count());
                    json.writeNumberField("totalNanos", use.totalNanos());
                    json.writeNumberField("maxCount", use.maxCount());
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.endLine();
        }
    }

    /** How long a request name's requests were held up: none at all when JFR saw no spell. */
    private static void heldUp(JsonWriter json, HeldUp held) throws IOException {
        json.writeObjectFieldStart("blocked");
        json.writeNumberField("events", held == null ? 0 : held.blockedEvents());
        json.writeNumberField("totalNanos", held == null ? 0 : held.blockedNanos());
        json.writeArrayFieldStart("locks");
        if (held != null) {
            for (HeldUp.Lock lock : held.locks()) {
                json.writeStartObject();
                json.writeStringField("class", lock.className());
                json.writeNumberField("events", lock.events());
                json.writeNumberField("totalNanos", lock.totalNanos());
                json.writeEndObject();
            }
        }
        json.writeEndArray();
        json.writeEndObject();
        json.writeObjectFieldStart("waited");
        json.writeNumberField("events", held == null ? 0 : held.waitedEvents());
        json.writeNumberField("totalNanos", held == null ? 0 : held.waitedNanos());
        json.writeEndObject();
    }

    private static void hotPart(JsonWriter json, String field, HotMethods.Part part) throws IOException {
        json.writeObjectFieldStart(field);
        json.writeNumberField("samples", part.samples());
        json.writeArrayFieldStart("methods");
        for (HotMethod method : part.methods()) {
            json.writeStartObject();
            json.writeStringField("method", method.method());
            json.writeNumberField("selfSamples", method.selfSamples());
            json.writeNumberField("totalSamples", method.totalSamples());
            json.writeEndObject();
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    private static void findings(JsonWriter json, List<Finding> findings) throws IOException {
        json.writeArrayFieldStart("findings");
        for (Finding finding : findings) {
            json.writeStartObject();
            json.writeStringField("kind", finding.kind());
            if (finding.request() == null) {
                json.writeFieldName("request").writeNull();
            } else {
                json.writeStringField("request", finding.request());
            }
            json.writeStringField("target", finding.target());
            json.writeStringField("targetKind", finding.targetKind());
            json.writeObjectFieldStart("impact");
            json.writeNumberField("nanos", finding.impactNanos());
            if (finding.share() < 0) {
                json.writeFieldName("share").writeNull();
            } else {
                json.writeFieldName("share").writeFraction(finding.share());
            }
            json.writeEndObject();
            json.writeStringField("detail", finding.detail());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void totals(JsonWriter json, String field, CallTotals totals) throws IOException {
        json.writeObjectFieldStart(field);
        json.writeNumberField("count", totals.count());
        json.writeNumberField("totalNanos", totals.totalNanos());
        json.writeEndObject();
    }

    /** Requests kept whole: when, how long, how they ended, and their calls as a tree. */
    private static void kept(JsonWriter json, String field, List<KeptRequest> requests) throws IOException {
        json.writeArrayFieldStart(field);
        for (KeptRequest request : requests) {
            json.writeStartObject();
            json.writeStringField("startTime", iso(request.startTime()));
            json.writeNumberField("durationNanos", request.durationNanos());
            json.writeNumberField("status", request.status());
            if (request.error() == null) {
                json.writeFieldName("error").writeNull();
            } else {
                json.writeStringField("error", request.error());
            }
            if (request.cpuNanos() < 0) {
                json.writeFieldName("cpuNanos").writeNull();
            } else {
                json.writeNumberField("cpuNanos", request.cpuNanos());
            }
            if (request.allocatedBytes() < 0) {
                json.writeFieldName("allocatedBytes").writeNull();
            } else {
                json.writeNumberField("allocatedBytes", request.allocatedBytes());
            }
            calls(json, request.calls());
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    private static void calls(JsonWriter json, List<CallSnapshot> calls) throws IOException {
        json.writeArrayFieldStart("calls");
        callList(json, calls);
        json.writeEndArray();
    }

    /** Calls and, as each one's {@code children}, the calls beneath it. */
    private static void callList(JsonWriter json, List<CallSnapshot> calls) throws IOException {
        for (CallSnapshot call : calls) {
            json.writeStartObject();
            json.writeStringField("kind", call.kind());
            json.writeStringField("name", call.name());
            json.writeNumberField("count", call.count());
            json.writeNumberField("offsetNanos", call.offsetNanos());
            json.writeNumberField("totalNanos", call.totalNanos());
            json.writeArrayFieldStart("children");
            callList(json, call.children());
            json.writeEndArray();
            json.writeEndObject();
        }
    }

    /** Methods per package, and those in the packages past the ones named: "packages" and "inOtherPackages". */
    private static void packages(JsonWriter json, Map<String, Integer> byPackage, int inOtherPackages)
            throws IOException {
        json.writeObjectFieldStart("packages");
        for (Map.Entry<String, Integer> entry : byPackage.entrySet()) {
            json.writeNumberField(entry.getKey(), entry.getValue());
        }
        json.writeEndObject();
        json.writeNumberField("inOtherPackages", inOtherPackages);
    }
}

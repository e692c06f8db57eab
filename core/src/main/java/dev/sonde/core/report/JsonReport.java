package dev.sonde.core.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.sonde.core.snapshot.MethodSnapshot;
import dev.sonde.core.snapshot.RunInfo;
import dev.sonde.core.snapshot.Snapshot;
import dev.sonde.core.snapshot.UntimedMethods;
import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;

/**
 * The machine-readable report, {@code sonde-<pid>.json}. Schema (version 2), every duration in
 * nanoseconds:
 * <pre>
 * { "schema": "sonde-report/2", "pid": 4242, "command": "com.shop.Main --port 8080",
 *   "java": "17.0.15", "startTime": "2026-11-21T21:00:00.123Z", "durationNanos": 2310000000,
 *   "maxMethodsReached": false,
 *   "untimed": { "maxMethods": 50000, "methods": 0, "calls": 0, "packages": { } },
 *   "lostCalls": 0,
 *   "methods": [ { "class": "com.shop.Cart", "method": "checkout", "descriptor": "()V",
 *                  "count": 10, "errors": 0, "selfNanos": …, "totalNanos": …, "minNanos": …, "maxNanos": …,
 *                  "p50Nanos": …, "p90Nanos": …, "p99Nanos": …, "p999Nanos": …,
 *                  "running": 0, "runningNanos": 0 } ] }
 * </pre>
 * Methods are sorted by self time, largest first. The README documents every field.
 */
public final class JsonReport {

    public static final String SCHEMA = "sonde-report/2";

    private JsonReport() {}

    public static void write(Snapshot snapshot, Writer out) throws IOException {
        RunInfo run = snapshot.run();
        List<MethodSnapshot> sorted = snapshot.methods();
        try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
            json.useDefaultPrettyPrinter();
            json.writeStartObject();
            json.writeStringField("schema", SCHEMA);
            json.writeNumberField("pid", run.pid());
            json.writeStringField("command", run.command());
            json.writeStringField("java", run.javaVersion());
            json.writeStringField("startTime", run.startTime().toString());
            json.writeNumberField("durationNanos", run.durationNanos());
            UntimedMethods untimed = snapshot.untimed();
            json.writeBooleanField("maxMethodsReached", untimed.methods() > 0);
            json.writeObjectFieldStart("untimed");
            json.writeNumberField("maxMethods", untimed.maxMethods());
            json.writeNumberField("methods", untimed.methods());
            json.writeNumberField("calls", untimed.calls());
            json.writeObjectFieldStart("packages");
            for (Map.Entry<String, Integer> entry : untimed.byPackage().entrySet()) {
                json.writeNumberField(entry.getKey(), entry.getValue());
            }
            json.writeEndObject();
            json.writeNumberField("inOtherPackages", untimed.inOtherPackages());
            json.writeEndObject();
            json.writeNumberField("lostCalls", snapshot.lostCalls());
            json.writeArrayFieldStart("methods");
            for (MethodSnapshot m : sorted) {
                json.writeStartObject();
                json.writeStringField("class", m.key().className());
                json.writeStringField("method", m.key().methodName());
                json.writeStringField("descriptor", m.key().descriptor());
                json.writeNumberField("count", m.count());
                json.writeNumberField("errors", m.errors());
                json.writeNumberField("selfNanos", m.selfNanos());
                json.writeNumberField("totalNanos", m.totalNanos());
                json.writeNumberField("minNanos", m.minNanos());
                json.writeNumberField("maxNanos", m.maxNanos());
                json.writeNumberField("p50Nanos", m.p50Nanos());
                json.writeNumberField("p90Nanos", m.p90Nanos());
                json.writeNumberField("p99Nanos", m.p99Nanos());
                json.writeNumberField("p999Nanos", m.p999Nanos());
                json.writeNumberField("running", m.running());
                json.writeNumberField("runningNanos", m.runningNanos());
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeRaw('\n');
        }
    }
}

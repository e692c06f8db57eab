package dev.sonde.core.library;

import dev.sonde.bootstrap.Bridge;
import dev.sonde.bootstrap.Frames;
import dev.sonde.core.record.MethodRegistry;
import dev.sonde.core.record.Recorder;
import dev.sonde.core.record.ScopeListener;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the library units add to a program's calls, through the bridge as woven code takes it, on the real
 * recorder and the units' real listeners: a SQL statement given as text (normalized once, then found in
 * the cache), a prepared statement's execution (its text found by identity), a request with three
 * statements inside it (its tree, its name's figures), beside a scope whose listener does nothing. In the
 * core's package, to reach the listeners, which the probe does not export.
 *
 * <pre>java -cp benchmarks/target/benchmarks.jar org.openjdk.jmh.Main LibraryCost</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class LibraryCost {

    private int nothing;
    private int sql;
    private int request;
    private final Object prepared = new Object();

    @Setup
    public void install() {
        Recorder recorder = new Recorder(new MethodRegistry(100), 64);
        nothing = recorder.kind(new ScopeListener() {
            @Override
            public Object entered(Object value, Object context) {
                return context;
            }

            @Override
            public void exited(Object value, Object outcome, Object context, long nanos, long selfNanos) {}
        });
        PreparedSql statements = new PreparedSql();
        statements.put(prepared, SqlText.normalize("SELECT name FROM item WHERE id = ?"));
        sql = recorder.kind(new StatementTable(RequestState.SQL, new SqlTexts(statements)));
        request = recorder.kind(new RequestTable(
                new RequestTable.Reader() {
                    @Override
                    public String name(Object value) {
                        return "GET /items/{id}";
                    }

                    @Override
                    public int status(Object value) {
                        return 200;
                    }
                },
                5,
                5));
        Bridge.install(recorder);
    }

    @TearDown
    public void uninstall() {
        Bridge.install(null);
    }

    @Benchmark
    public void scopeWithNothingListening() {
        Frames frames = Bridge.frames();
        int frame = frames.enterScope(nothing, "SELECT 1");
        frames.exitScope(frame, null);
    }

    @Benchmark
    public void statementAsText() {
        Frames frames = Bridge.frames();
        int frame = frames.enterScope(sql, "SELECT name FROM item WHERE id = 42");
        frames.exitScope(frame, null);
    }

    @Benchmark
    public void preparedStatement() {
        Frames frames = Bridge.frames();
        int frame = frames.enterScope(sql, prepared);
        frames.exitScope(frame, null);
    }

    @Benchmark
    public void requestWithThreePreparedStatements() {
        Frames frames = Bridge.frames();
        int outer = frames.enterScope(request, this);
        for (int i = 0; i < 3; i++) {
            int frame = frames.enterScope(sql, prepared);
            frames.exitScope(frame, null);
        }
        frames.exitScope(outer, null);
    }
}

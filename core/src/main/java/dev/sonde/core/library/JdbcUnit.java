package dev.sonde.core.library;

import dev.sonde.core.record.Recorder;
import dev.sonde.core.selector.MethodSelection;
import dev.sonde.core.weave.ScopePoint;
import dev.sonde.core.weave.ValueCode;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code jdbc} unit: every SQL statement a program runs through JDBC, whatever the driver, as a scope
 * of kind {@code sql} around the driver's (or a pool's, or a proxy's) implementation of
 * <ul>
 *   <li>{@code Statement#execute*(String, …)}: the SQL is the argument;
 *   <li>{@code PreparedStatement#execute()}, {@code #executeQuery()}, {@code #executeUpdate()},
 *       {@code #executeLargeUpdate()} and {@code Statement#executeBatch()}, {@code #executeLargeBatch()}:
 *       the SQL the statement was prepared with, which a scope of its own around
 *       {@code Connection#prepareStatement(String, …)} and {@code #prepareCall(String, …)} keeps
 *       ({@link PreparedSql});
 *   <li>{@code Connection#commit()} and {@code #rollback(…)}, as {@code COMMIT} and {@code ROLLBACK}.
 * </ul>
 * A plain statement's {@code executeBatch()} is reported with the SQL its {@code addBatch(String)} calls
 * gave, when they all normalize to one text.
 *
 * <p>Only the outermost scope of a kind counts on a thread, so a pool's statement that wraps the driver's
 * is counted once. Nothing of {@code java.sql} is loaded by the probe for a program that does not use it:
 * the points are matched on class files as they load.
 */
final class JdbcUnit {

    static final String NAME = "jdbc";

    private JdbcUnit() {}

    /** The scopes to weave, with the kinds registered in {@code recorder}; {@code statements} gets the SQL. */
    static List<ScopePoint> points(Recorder recorder, StatementTable statements, PreparedSql prepared) {
        int sql = recorder.kind(statements);
        int prepare = recorder.kind(prepared);
        List<ScopePoint> points = new ArrayList<>();
        points.add(new ScopePoint(
                MethodSelection.ofSelectors(
                        "java.sql.Statement+#execute(String, ..)",
                        "java.sql.Statement+#executeQuery(String)",
                        "java.sql.Statement+#executeUpdate(String, ..)",
                        "java.sql.Statement+#executeLargeUpdate(String, ..)"),
                sql,
                ValueCode.argument(0)));
        points.add(new ScopePoint(
                MethodSelection.ofSelectors(
                        "java.sql.PreparedStatement+#execute()",
                        "java.sql.PreparedStatement+#executeQuery()",
                        "java.sql.PreparedStatement+#executeUpdate()",
                        "java.sql.PreparedStatement+#executeLargeUpdate()",
                        "java.sql.Statement+#executeBatch()",
                        "java.sql.Statement+#executeLargeBatch()"),
                sql,
                ValueCode.self()));
        points.add(new ScopePoint(
                MethodSelection.ofSelectors("java.sql.Connection+#commit()"), sql, ValueCode.constant("COMMIT")));
        points.add(new ScopePoint(
                MethodSelection.ofSelectors("java.sql.Connection+#rollback(..)"), sql, ValueCode.constant("ROLLBACK")));
        points.add(new ScopePoint(
                MethodSelection.ofSelectors(
                        "java.sql.Connection+#prepareStatement(String, ..)",
                        "java.sql.Connection+#prepareCall(String, ..)"),
                prepare,
                ValueCode.argument(0),
                true));
        // a plain statement's batch, given one SQL at a time, and forgotten when cleared
        points.add(new ScopePoint(
                MethodSelection.ofSelectors("java.sql.Statement+#addBatch(String)"), prepare, ValueCode.selfAnd(0)));
        points.add(new ScopePoint(
                MethodSelection.ofSelectors("java.sql.Statement+#clearBatch()"), prepare, ValueCode.self()));
        // a statement closed is forgotten at once, rather than when the collector clears it: a program
        // that prepares its statements anew for each request keeps only those open
        points.add(new ScopePoint(
                MethodSelection.ofSelectors("java.sql.Statement+#close()"),
                recorder.kind(prepared.closing()),
                ValueCode.self()));
        return points;
    }
}

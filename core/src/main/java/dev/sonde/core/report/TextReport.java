package dev.sonde.core.report;

import dev.sonde.core.record.MethodSnapshot;
import java.util.ArrayList;
import java.util.List;
import org.objectweb.asm.Type;

/**
 * The table printed on stderr at exit, sorted by total time: the modern form of "spent 3.0s".
 * Methods are shown as {@code pkg.Class#name(SimpleArg, …)}; the JSON report keeps full descriptors.
 */
public final class TextReport {

    private static final String[] HEADERS = {"count", "errors", "total", "mean", "p50", "p99", "max"};

    private TextReport() {
    }

    public static String render(RunInfo run, List<MethodSnapshot> methods, int maxRows) {
        List<MethodSnapshot> sorted = new ArrayList<>(methods);
        sorted.sort(MethodSnapshot.BY_TOTAL_TIME);
        List<MethodSnapshot> shown = sorted.subList(0, Math.min(maxRows, sorted.size()));
        StringBuilder out = new StringBuilder();
        out.append("[sonde] pid ").append(run.pid()).append(", ").append(run.command()).append(", ran ")
                .append(Durations.format(run.durationNanos())).append(", ").append(methods.size())
                .append(methods.size() == 1 ? " method" : " methods").append(" timed\n");
        if (shown.isEmpty()) {
            out.append("[sonde] no selected method was called\n");
            return out.toString();
        }
        List<String[]> rows = new ArrayList<>();
        for (MethodSnapshot m : shown) {
            rows.add(new String[] {name(m), Long.toString(m.count()), Long.toString(m.errors()),
                Durations.format(m.totalNanos()), Durations.format(m.meanNanos()), Durations.format(m.p50Nanos()),
                Durations.format(m.p99Nanos()), Durations.format(m.maxNanos())});
        }
        int[] widths = new int[HEADERS.length + 1];
        widths[0] = "method".length();
        for (int i = 0; i < HEADERS.length; i++) {
            widths[i + 1] = HEADERS[i].length();
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        String[] header = new String[HEADERS.length + 1];
        header[0] = "method";
        System.arraycopy(HEADERS, 0, header, 1, HEADERS.length);
        line(out, header, widths);
        for (String[] row : rows) {
            line(out, row, widths);
        }
        if (sorted.size() > shown.size()) {
            int more = sorted.size() - shown.size();
            out.append("… and ").append(more).append(more == 1 ? " more method" : " more methods")
                    .append(" in the JSON report (report.rows=").append(maxRows).append(")\n");
        }
        if (run.maxMethodsReached()) {
            out.append("[sonde] some selected methods were not timed: max.methods was reached\n");
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String[] cells, int[] widths) {
        out.append(cells[0]).append(" ".repeat(widths[0] - cells[0].length()));
        for (int i = 1; i < cells.length; i++) {
            out.append("  ").append(" ".repeat(widths[i] - cells[i].length())).append(cells[i]);
        }
        out.append('\n');
    }

    /** {@code pkg.Class#name(String, int[])}. */
    static String name(MethodSnapshot m) {
        StringBuilder name = new StringBuilder(m.key().className()).append('#').append(m.key().methodName()).append('(');
        Type[] arguments = Type.getArgumentTypes(m.key().descriptor());
        for (int i = 0; i < arguments.length; i++) {
            String type = arguments[i].getClassName();
            name.append(i == 0 ? "" : ", ").append(type.substring(type.lastIndexOf('.') + 1));
        }
        return name.append(')').toString();
    }
}

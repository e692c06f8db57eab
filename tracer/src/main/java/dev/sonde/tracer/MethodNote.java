package dev.sonde.tracer;

import dev.sonde.core.weave.WeavingTransformer;

/**
 * What the trace says about a method that is not traced as fully as asked: left untraced, traced with
 * less detail than asked, or traced but running interpreted from then on; and why, in words for the user.
 */
final class MethodNote {

    /** The JVM's limit on a method's code, as the notes name it. */
    static final String CODE_LIMIT = "the 64 KiB limit on a method's code";
    /** HotSpot's limit on the methods it compiles, as the notes name it. */
    static final String JIT_LIMIT =
            "the " + thousands(WeavingTransformer.JIT_LIMIT) + " bytes above which HotSpot never compiles a method";

    private final String method;
    private final TracingWeaver.Detail detail;
    private final boolean interpreted;
    private final String reason;

    private MethodNote(String method, TracingWeaver.Detail detail, boolean interpreted, String reason) {
        this.method = method;
        this.detail = detail;
        this.interpreted = interpreted;
        this.reason = reason;
    }

    /** {@code method} ({@code class#name(descriptor)}, or a class) is not traced at all. */
    static MethodNote notTraced(String method, String reason) {
        return new MethodNote(method, null, false, reason);
    }

    /**
     * {@code method} is traced with {@code detail}; {@code interpreted} when tracing takes it past
     * {@link #JIT_LIMIT} whatever the detail; {@code richerOutgrew}, the limit that the next richer
     * detail would have outgrown (null when {@code detail} is what was asked for).
     */
    static MethodNote traced(String method, TracingWeaver.Detail detail, boolean interpreted, String richerOutgrew) {
        String richer = richerOutgrew == null ? null : richer(detail) + " it would outgrow " + richerOutgrew;
        String reason = !interpreted
                ? richer
                : "even with instructions only, tracing takes it past " + JIT_LIMIT
                        + (richer == null ? "" : ", and " + richer);
        return new MethodNote(method, detail, interpreted, reason);
    }

    String method() {
        return method;
    }

    /** The detail the method is traced with; null when it is not traced. */
    TracingWeaver.Detail detail() {
        return detail;
    }

    boolean interpreted() {
        return interpreted;
    }

    String reason() {
        return reason;
    }

    /** What is recorded before each instruction, as the trace files name it. */
    static String recorded(TracingWeaver.Detail detail) {
        switch (detail) {
            case STACK_AND_LOCALS:
                return "stack and locals";
            case STACK:
                return "stack only";
            default:
                return "instructions only";
        }
    }

    /** The note as one sentence, for stderr and the text file. */
    String sentence() {
        if (detail == null) {
            return "not tracing " + method + ": " + reason;
        }
        return "tracing " + method + " " + how(detail) + (interpreted ? "; it runs interpreted from now on" : "") + ": "
                + reason;
    }

    private static String how(TracingWeaver.Detail detail) {
        switch (detail) {
            case STACK_AND_LOCALS:
                return "fully";
            case STACK:
                return "with the operand stack but not the locals";
            default:
                return "with instructions only, not the operand stack or the locals";
        }
    }

    /** What the next richer detail than {@code detail} would add. */
    private static String richer(TracingWeaver.Detail detail) {
        return detail == TracingWeaver.Detail.STACK ? "with the locals too" : "with the operand stack";
    }

    /** {@code 8000} as {@code 8,000}, without String.format (this runs while classes load). */
    static String thousands(long value) {
        String digits = Long.toString(value);
        StringBuilder grouped = new StringBuilder();
        for (int i = 0; i < digits.length(); i++) {
            if (i > 0 && (digits.length() - i) % 3 == 0 && digits.charAt(i - 1) != '-') {
                grouped.append(',');
            }
            grouped.append(digits.charAt(i));
        }
        return grouped.toString();
    }
}

package dev.sonde.core.snapshot;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What the probe knows at one moment, in the one model every output reads (the text table, the JSON
 * report, and next the page, the HTML report and the exporters): the run, the timed methods, and what
 * the caps left out. Features add their parts through a {@link Builder}.
 */
public final class Snapshot {

    private final RunInfo run;
    private final List<MethodSnapshot> methods;
    private final UntimedMethods untimed;
    private final LeftOutMethods leftOut;
    private final long lostCalls;
    private final long insideNanos;
    private final long perCallNanos;
    private final SamplingSummary sampling;
    private final boolean countedFromStart;
    private final List<StatementSnapshot> statements;
    private final List<RequestSnapshot> requests;
    private final List<Finding> findings;
    private final HotMethods hotMethods;

    private Snapshot(Builder builder) {
        this.run = builder.run;
        List<MethodSnapshot> sorted = new ArrayList<>(builder.methods);
        sorted.sort(MethodSnapshot.BY_SELF_TIME);
        this.methods = Collections.unmodifiableList(sorted);
        this.untimed = builder.untimed;
        this.leftOut = builder.leftOut;
        this.insideNanos = builder.insideNanos;
        this.perCallNanos = builder.perCallNanos;
        this.lostCalls = builder.lostCalls;
        this.sampling = builder.sampling;
        this.countedFromStart = builder.countedFromStart;
        this.statements = Collections.unmodifiableList(new ArrayList<>(builder.statements));
        this.requests = Collections.unmodifiableList(new ArrayList<>(builder.requests));
        List<Finding> found = new ArrayList<>(builder.findings);
        found.sort(Finding.BY_IMPACT);
        this.findings = Collections.unmodifiableList(found);
        this.hotMethods = builder.hotMethods;
    }

    /** The requests the instrumented servers served, by name, most total time first; empty when none is instrumented. */
    public List<RequestSnapshot> requests() {
        return requests;
    }

    /** The program's stack samples by thread kind and request name, or null when none were taken. */
    public HotMethods hotMethods() {
        return hotMethods;
    }

    /** What the features found wrong, most costly first. */
    public List<Finding> findings() {
        return findings;
    }

    /**
     * The statements the instrumented libraries ran, most total time first, each kind's {@code other} row
     * (statements past the cap) after its own; empty when no library is instrumented.
     */
    public List<StatementSnapshot> statements() {
        return statements;
    }

    /** Whether the selected methods started in the counted tier ({@code time.counted}). */
    public boolean countedFromStart() {
        return countedFromStart;
    }

    /** What the stack sampler saw, or {@link SamplingSummary#none()}. */
    public SamplingSummary sampling() {
        return sampling;
    }

    public static Builder builder(RunInfo run) {
        return new Builder(run);
    }

    public RunInfo run() {
        return run;
    }

    /** Every method called at least once or running, largest self time first; capped by {@code max.methods}. */
    public List<MethodSnapshot> methods() {
        return methods;
    }

    /** Selected methods left untimed because {@code max.methods} others were called first. */
    public UntimedMethods untimed() {
        return untimed;
    }

    /** Of the probe's own cost of timing a call, what falls between its two clock reads (taken out of its times). */
    public long insideNanos() {
        return insideNanos;
    }

    /** The probe's whole cost of timing a call, as its caller's time sees it (taken out of callers' times). */
    public long perCallNanos() {
        return perCallNanos;
    }

    /** Selected methods left out of timing as too small to be worth it. */
    public LeftOutMethods leftOut() {
        return leftOut;
    }

    /** Calls that could not be recorded for want of memory (or of stack, in a recursion past a million timed calls). */
    public long lostCalls() {
        return lostCalls;
    }

    /** Gathers the parts of a snapshot; each feature adds its own. */
    public static final class Builder {
        private final RunInfo run;
        private final List<MethodSnapshot> methods = new ArrayList<>();
        private UntimedMethods untimed = UntimedMethods.none(0);
        private LeftOutMethods leftOut = LeftOutMethods.none();
        private long insideNanos;
        private long perCallNanos;
        private long lostCalls;
        private SamplingSummary sampling = SamplingSummary.none();
        private boolean countedFromStart;
        private final List<StatementSnapshot> statements = new ArrayList<>();
        private final List<RequestSnapshot> requests = new ArrayList<>();
        private final List<Finding> findings = new ArrayList<>();
        private HotMethods hotMethods;

        private Builder(RunInfo run) {
            this.run = run;
        }

        public Builder methods(List<MethodSnapshot> timed) {
            methods.addAll(timed);
            return this;
        }

        public Builder untimed(UntimedMethods left) {
            this.untimed = left;
            return this;
        }

        /** The probe's own cost of a timed call, as calibrated: what falls between its clock reads, and the whole. */
        public Builder overhead(long inside, long perCall) {
            this.insideNanos = inside;
            this.perCallNanos = perCall;
            return this;
        }

        public Builder leftOut(LeftOutMethods small) {
            this.leftOut = small;
            return this;
        }

        public Builder countedFromStart(boolean fromStart) {
            this.countedFromStart = fromStart;
            return this;
        }

        public Builder sampling(SamplingSummary summary) {
            this.sampling = summary;
            return this;
        }

        public Builder statements(List<StatementSnapshot> ran) {
            statements.addAll(ran);
            return this;
        }

        public Builder requests(List<RequestSnapshot> served) {
            requests.addAll(served);
            return this;
        }

        public Builder hotMethods(HotMethods sampled) {
            this.hotMethods = sampled;
            return this;
        }

        public Builder findings(List<Finding> found) {
            findings.addAll(found);
            return this;
        }

        public Builder lostCalls(long lost) {
            this.lostCalls += lost;
            return this;
        }

        public Snapshot build() {
            return new Snapshot(this);
        }
    }
}

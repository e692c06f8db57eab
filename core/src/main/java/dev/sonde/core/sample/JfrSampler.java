package dev.sonde.core.sample;

import dev.sonde.core.internal.Log;
import dev.sonde.core.record.Recorder;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingStream;

/**
 * Stack samples from the JDK's own sampler: JFR's {@code jdk.ExecutionSample} event, streamed inside
 * the program's JVM ({@link RecordingStream}). The JDK samples threads that run Java code, without
 * waiting for a safepoint, at most a few threads each period; inlined methods are frames of their
 * own. In compiled code, a sample is placed at the nearest call or safepoint poll the JIT kept debug
 * information for, unless the JVM runs with {@code -XX:+DebugNonSafepoints}; which it was is read from
 * JFR's {@code jdk.BooleanFlag} event and told to the {@link StackSamples}. Stacks are cut at the JDK's depth limit (64 frames unless the JVM was started with
 * {@code -XX:FlightRecorderOptions:stackdepth=N}). Events arrive about once a second; those of the last
 * second before the sampler is closed may be lost.
 *
 * <p>Loaded only when sampling starts: a program that never needs it loads none of JFR's classes.
 */
public final class JfrSampler {

    /** The JDK event sampled. */
    public static final String EVENT = "jdk.ExecutionSample";

    /** The JDK's events of a thread held up: blocked entering a monitor, parked, waiting, sleeping. */
    static final String[] HELD_UP = {"jdk.JavaMonitorEnter", "jdk.ThreadPark", "jdk.JavaMonitorWait", "jdk.ThreadSleep"
    };

    /** The JDK event that gives the JVM's boolean flags as a chunk begins: where samples are placed. */
    static final String FLAG_EVENT = "jdk.BooleanFlag";

    /** HotSpot's flag that keeps debug information at every instruction of compiled code, not only at calls and polls. */
    static final String EXACT_FLAG = "DebugNonSafepoints";

    private final RecordingStream stream;
    private final SampleSink samples;
    private Thread thread;
    private final long startedNanos = System.nanoTime();
    /** Flushes the stream has read: each brings the events of the second before. */
    private volatile long flushes;

    private String[] classNames = new String[64];
    private String[] methodNames = new String[64];
    private String[] descriptors = new String[64];
    private Thread quieted;

    private JfrSampler(RecordingStream stream, SampleSink samples) {
        this.stream = stream;
        this.samples = samples;
    }

    /**
     * Starts sampling every {@code period} into {@code samples}. Throws when the JVM cannot: JFR not in
     * the runtime ({@link NoClassDefFoundError}), or switched off ({@link IllegalStateException}).
     */
    public static JfrSampler start(SampleSink samples, Duration period) {
        return start(samples, period, "sonde-samples");
    }

    /** The same, its stream read on a thread named {@code threadName}. */
    public static JfrSampler start(SampleSink samples, Duration period, String threadName) {
        return start(samples, period, threadName, null);
    }

    /**
     * The same, and with {@code heldUp} not null, each time a thread is held up that long or longer
     * (JFR's {@code jdk.JavaMonitorEnter}, {@code jdk.ThreadPark}, {@code jdk.JavaMonitorWait} and {@code
     * jdk.ThreadSleep}) told to {@link SampleSink#heldUp}.
     */
    public static JfrSampler start(SampleSink samples, Duration period, String threadName, Duration heldUp) {
        RecordingStream stream = new RecordingStream();
        JfrSampler sampler = new JfrSampler(stream, samples);
        try {
            stream.enable(EVENT).withPeriod(period).withStackTrace();
            stream.enable(FLAG_EVENT).with("period", "beginChunk");
            stream.setReuse(true);
            stream.setOrdered(false);
            stream.onFlush(new Runnable() {
                @Override
                public void run() {
                    sampler.flushes++;
                }
            });
            if (heldUp != null) {
                for (String held : HELD_UP) {
                    stream.enable(held).withThreshold(heldUp).withoutStackTrace();
                    stream.onEvent(held, new Consumer<RecordedEvent>() {
                        @Override
                        public void accept(RecordedEvent event) {
                            sampler.heldUp(event);
                        }
                    });
                }
            }
            stream.onEvent(EVENT, new Consumer<RecordedEvent>() {
                @Override
                public void accept(RecordedEvent event) {
                    sampler.take(event);
                }
            });
            stream.onEvent(FLAG_EVENT, new Consumer<RecordedEvent>() {
                @Override
                public void accept(RecordedEvent event) {
                    if (EXACT_FLAG.equals(event.getString("name"))) {
                        samples.exactInCompiledCode(event.getBoolean("value"));
                    }
                }
            });
        } catch (RuntimeException | LinkageError e) {
            stream.close();
            throw e;
        }
        // the stream runs on a daemon thread of the probe's: the one startAsync() makes is not a daemon,
        // and would keep the program's JVM from exiting
        Thread thread = new Thread(
                new Runnable() {
                    @Override
                    public void run() {
                        try {
                            stream.start();
                        } catch (RuntimeException | LinkageError e) {
                            Log.debug("the stack sampler ended: " + e);
                        }
                    }
                },
                threadName);
        thread.setDaemon(true);
        sampler.thread = thread;
        thread.start();
        return sampler;
    }

    private void take(RecordedEvent event) {
        if (quieted != Thread.currentThread()) {
            // the stream's own thread runs JDK code that may be selected: never time it
            quieted = Thread.currentThread();
            Recorder.quietHere(true);
        }
        RecordedStackTrace trace = event.getStackTrace();
        if (trace == null) {
            return;
        }
        List<RecordedFrame> frames = trace.getFrames();
        int depth = 0;
        for (RecordedFrame frame : frames) {
            RecordedMethod method = frame.getMethod();
            if (method == null || method.getType() == null) {
                continue;
            }
            if (depth == classNames.length) {
                grow();
            }
            classNames[depth] = method.getType().getName();
            methodNames[depth] = method.getName();
            descriptors[depth] = method.getDescriptor();
            depth++;
        }
        jdk.jfr.consumer.RecordedThread sampled = event.getThread("sampledThread");
        long threadId = sampled == null ? -1 : sampled.getJavaThreadId();
        java.time.Instant at = event.getStartTime();
        long epochNanos = at.getEpochSecond() * 1_000_000_000L + at.getNano();
        samples.add(threadId, epochNanos, classNames, methodNames, descriptors, depth, trace.isTruncated());
    }

    private void heldUp(RecordedEvent event) {
        if (quieted != Thread.currentThread()) {
            quieted = Thread.currentThread();
            Recorder.quietHere(true);
        }
        jdk.jfr.consumer.RecordedThread thread = event.getThread();
        if (thread == null) {
            return;
        }
        String type = event.getEventType().getName();
        String on = null;
        if (type.equals("jdk.JavaMonitorEnter") || type.equals("jdk.JavaMonitorWait")) {
            jdk.jfr.consumer.RecordedClass monitor = event.getClass("monitorClass");
            on = monitor == null ? null : monitor.getName();
        } else if (type.equals("jdk.ThreadPark")) {
            jdk.jfr.consumer.RecordedClass parked = event.getClass("parkedClass");
            on = parked == null ? null : parked.getName();
        }
        boolean blocked = type.equals("jdk.JavaMonitorEnter")
                || type.equals("jdk.ThreadPark")
                        && on != null
                        && on.startsWith("java.util.concurrent.locks.")
                        && !on.contains("ConditionObject");
        java.time.Instant at = event.getStartTime();
        samples.heldUp(
                thread.getJavaThreadId(),
                at.getEpochSecond() * 1_000_000_000L + at.getNano(),
                event.getDuration().toNanos(),
                blocked,
                on);
    }

    private void grow() {
        int length = classNames.length * 2;
        classNames = java.util.Arrays.copyOf(classNames, length);
        methodNames = java.util.Arrays.copyOf(methodNames, length);
        descriptors = java.util.Arrays.copyOf(descriptors, length);
    }

    /**
     * Stops sampling once the samples taken so far have been read, and closes the stream; what was
     * sampled stays in the {@link StackSamples}. From JDK 20 on, the stream's {@code stop()} ends the
     * recording and returns once its last events are read (a flush: about a second at most). Where
     * there is no such method, or JFR's own shutdown hook has ended the recording already (at the JVM's
     * exit), this waits until the stream ends or reads once more, at most a tenth of the time the
     * sampler ran and at most {@code patience}: a short program is not held up a second for its last
     * second of samples.
     */
    public void close(Duration patience) {
        long start = System.nanoTime();
        long deadline = start + Math.min(patience.toNanos(), (start - startedNanos) / 10);
        long flushedBefore = flushes;
        try {
            if (!stopGracefully()) {
                while (thread.isAlive() && flushes == flushedBefore && System.nanoTime() < deadline) {
                    Thread.sleep(10);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            stream.close();
        }
        try {
            thread.join(1_000); // the stream returns from start() once closed
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Log.debug("the stack sampler closed in " + (System.nanoTime() - start) / 1_000_000 + " ms");
    }

    /**
     * {@code RecordingStream.stop()}, from JDK 20 on: stops recording and returns once the events have
     * been read. False where there is no such method, or the recording had ended already.
     */
    private boolean stopGracefully() {
        java.lang.reflect.Method stop;
        try {
            stop = RecordingStream.class.getMethod("stop");
        } catch (NoSuchMethodException e) {
            return false;
        }
        try {
            return Boolean.TRUE.equals(stop.invoke(stream));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false; // ended by JFR's shutdown hook: its last events are read at the next flush
        }
    }
}

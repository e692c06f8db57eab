package dev.sonde.core.snapshot;

import java.util.List;

/**
 * The time the threads of one request name's requests were held up, as JFR saw it (spells of at least its
 * threshold): blocked on locks (entering a monitor, parked on a lock of {@code java.util.concurrent.locks}),
 * and waiting otherwise (parked on anything else, in {@code Object#wait}, sleeping); the locks blocked on
 * longest, by class.
 */
public final class HeldUp {

    /** One class of lock: how often and how long the requests were blocked on it. */
    public static final class Lock {
        private final String className;
        private final long events;
        private final long totalNanos;

        public Lock(String className, long events, long totalNanos) {
            this.className = className;
            this.events = events;
            this.totalNanos = totalNanos;
        }

        public String className() {
            return className;
        }

        public long events() {
            return events;
        }

        public long totalNanos() {
            return totalNanos;
        }
    }

    private final long blockedEvents;
    private final long blockedNanos;
    private final long waitedEvents;
    private final long waitedNanos;
    private final List<Lock> locks;

    public HeldUp(long blockedEvents, long blockedNanos, long waitedEvents, long waitedNanos, List<Lock> locks) {
        this.blockedEvents = blockedEvents;
        this.blockedNanos = blockedNanos;
        this.waitedEvents = waitedEvents;
        this.waitedNanos = waitedNanos;
        this.locks = List.copyOf(locks);
    }

    public long blockedEvents() {
        return blockedEvents;
    }

    public long blockedNanos() {
        return blockedNanos;
    }

    public long waitedEvents() {
        return waitedEvents;
    }

    public long waitedNanos() {
        return waitedNanos;
    }

    /** The locks blocked on, longest first. */
    public List<Lock> locks() {
        return locks;
    }
}

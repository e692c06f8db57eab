package dev.sonde.bootstrap;

/**
 * A task handed to a pool with the context of the thread that handed it on (the request it served), for a
 * task the probe cannot follow otherwise: a lambda given to a thread pool's {@code execute}, which the pool
 * runs as it is. Runs the task with that context as the running thread's, then gives the thread back its
 * own; whatever the task does or throws is the task's. It lives in the boot class loader with the bridge,
 * as the JDK's pools hold it.
 */
public final class Carried implements Runnable {

    private final Runnable task;
    private final Object context;

    public Carried(Runnable task, Object context) {
        this.task = task;
        this.context = context;
    }

    /** The task as the program handed it on. */
    public Runnable task() {
        return task;
    }

    @Override
    public void run() {
        Frames frames = Bridge.frames();
        Object previous = frames.attach(context);
        try {
            task.run();
        } finally {
            frames.detach(previous);
        }
    }

    /** The program's task's own: a pool's log of it reads as without the probe. */
    @Override
    public String toString() {
        return task.toString();
    }
}

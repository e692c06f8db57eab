package dev.sonde.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code sonde run [options] -- COMMAND [ARGS…]}: the JVM counterpart of
 * {@code newrelic-admin run-program}. Runs COMMAND with the probe in {@code JAVA_TOOL_OPTIONS} (and no other
 * Sonde probe there), so that it and every JVM it starts are probed; standard streams are inherited untouched, SIGINT and
 * SIGTERM are passed on, and COMMAND's exit status is returned (128 + signal number if a signal ended it).
 */
final class RunCommand implements Command {

    /** Exit status when COMMAND cannot be started, as a shell says it. */
    static final int CANNOT_START = 127;

    private final Path jar;
    private final List<String> args;
    private final String name;

    /** {@code name} is "run", or "trace" for {@code sonde trace}, which takes the tracer's options too. */
    RunCommand(Path jar, List<String> args, String name) {
        this.jar = jar;
        this.args = args;
        this.name = name;
    }

    @Override
    public int execute(PrintWriter out, PrintWriter err) {
        ProbeOptions options;
        try {
            options = ProbeOptions.parse(name, args, true);
        } catch (ProbeOptions.UsageException e) {
            err.println(e.getMessage());
            return USAGE;
        }
        if (options.helpRequested()) {
            out.println(Usage.of(name));
            return 0;
        }
        return launch(name, jar, options, err);
    }

    static int launch(String name, Path jar, ProbeOptions options, PrintWriter err) {
        ProcessBuilder builder = new ProcessBuilder(options.command()).inheritIO();
        Map<String, String> env = builder.environment();
        Map<String, String> probed = options.environment(env);
        env.clear();
        env.putAll(probed);
        JavaToolOptions toolOptions = JavaToolOptions.forCommand(name, env.get("JAVA_TOOL_OPTIONS"), jar);
        for (String note : toolOptions.notes()) {
            err.println(note);
        }
        err.flush();
        env.put("JAVA_TOOL_OPTIONS", toolOptions.value());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            err.println("sonde " + name + ": cannot start '" + options.command().get(0) + "': " + e.getMessage());
            return CANNOT_START;
        }
        forwardSignal("INT", process);
        forwardSignal("TERM", process);
        while (true) {
            try {
                return process.waitFor();
            } catch (InterruptedException e) {
                // keep waiting: the command decides when it ends
            }
        }
    }

    /**
     * Replaces the JVM's own handling (shutdown) of the signal by passing it to the command. Through
     * reflection: {@code sun.misc.Signal} is the JDK's only way to handle a signal, and compiling against
     * it directly draws a warning that the build treats as an error.
     */
    private static void forwardSignal(String name, Process process) {
        try {
            Class<?> signalClass = Class.forName("sun.misc.Signal");
            Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
            Object handler = Proxy.newProxyInstance(
                    RunCommand.class.getClassLoader(), new Class<?>[] {handlerClass}, (proxy, method, arguments) -> {
                        if (method.getName().equals("handle")) {
                            pass(name, process);
                        }
                        return null;
                    });
            Object signal = signalClass.getConstructor(String.class).newInstance(name);
            signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
        } catch (InvocationTargetException e) {
            // this platform does not know the signal, or the JVM reserves it (-Xrs): nothing to pass on
        } catch (ReflectiveOperationException | RuntimeException e) {
            // no sun.misc.Signal in this JDK: the command still gets signals sent to its process group
        }
    }

    private static void pass(String name, Process process) {
        try {
            new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                    .inheritIO()
                    .start();
        } catch (IOException e) {
            process.destroy();
        }
    }
}

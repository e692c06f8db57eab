package dev.sonde.core.weave;

import dev.sonde.core.internal.Log;
import dev.sonde.core.record.Recorder;
import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * What every Sonde transformer does around its weaving: turns away the probe's own classes and, by name
 * alone, classes it cannot weave, before their bytes are read; leaves a class it fails to weave exactly
 * as it was and says why once (the JVM drops exceptions thrown from a transformer without a word); and
 * lets a named module whose class was woven read the bridge's module.
 *
 * <p>While it weaves, the calling thread's own timings are off, and a class loaded by the weaving
 * itself (a JDK class the weaver needs, when JDK packages are selected) is left unwoven with a
 * warning: weaving it would need the very class being loaded.
 */
public abstract class WeavingTransformer implements ClassFileTransformer {

    /** HotSpot's HugeMethodLimit: a method with more bytecode than this is never JIT-compiled. */
    public static final int JIT_LIMIT = 8000;

    private final Consumer<Module> bridgeReader;
    private final String failure;
    /** Names of the classes woven so far, to give them their original bytes back when the probe stops. */
    private final Set<String> woven = ConcurrentHashMap.newKeySet();
    /** How deep this thread is in transformations of this transformer. */
    private final ThreadLocal<int[]> depth = new ThreadLocal<int[]>() {
        @Override
        protected int[] initialValue() {
            return new int[1];
        }
    };

    /**
     * @param bridgeReader makes a named module (a JDK one, say) read the bridge's module
     * @param failure how a failure begins, before the class name, e.g. {@code "could not weave "}
     */
    protected WeavingTransformer(Consumer<Module> bridgeReader, String failure) {
        this.bridgeReader = bridgeReader;
        this.failure = failure;
    }

    /** Whether a class of this name may hold methods to weave; judged by the name alone. */
    protected abstract boolean mayWeaveNamed(String dottedName);

    /**
     * Whether a class of the JDK's own modules may be woven at all; false lets the probe pass over them
     * without reading even their names (a thousand of them are loaded before the program starts).
     */
    public boolean mayWeaveJdkModules() {
        return true;
    }

    /**
     * Told of every class about to be defined, the JDK's included, by its internal name ({@code
     * java/sql/Driver}), before it is judged: what lets a transformer take on work only once a library shows
     * up. Nothing by default.
     */
    protected void loading(String internalName) {}

    /**
     * Told of every class already loaded as the transformer is added (or looks again), the JDK's included,
     * before any is retransformed: the same for the classes that came before it. Nothing by default.
     */
    public void loaded(Class<?> type) {}

    /**
     * Whether this transformer may weave any class at all now; false spares it the look at every loaded
     * class as it is added. True by default.
     */
    public boolean mayWeaveAny() {
        return true;
    }

    /** The woven class, or null to leave it as it is. */
    protected abstract byte[] weave(ClassLoader loader, String dottedName, byte[] bytes) throws Exception;

    /** The binary names of the classes this transformer has woven (in any loader). */
    public final Set<String> wovenClasses() {
        return woven;
    }

    /** What to run once, when this transformer weaves its first class; null once run. Guarded by this. */
    private List<Runnable> firstWeave = new ArrayList<>();
    /** Set once those have run: the test on every weaving after the first. */
    private volatile boolean firstWeaveRun;

    /** Runs {@code action} when this transformer weaves its first class (at once, if it has already woven one). */
    public final void onFirstWeave(Runnable action) {
        synchronized (this) {
            if (firstWeave != null) {
                firstWeave.add(action);
                return;
            }
        }
        action.run();
    }

    private void wovenFirst() {
        List<Runnable> actions;
        synchronized (this) {
            actions = firstWeave;
            firstWeave = null;
            firstWeaveRun = true;
        }
        if (actions != null) {
            for (Runnable action : actions) {
                action.run();
            }
        }
    }

    /** Whether a class could be woven at all; used to pick already-loaded classes to retransform. */
    public final boolean mayWeave(String dottedName) {
        return !dottedName.startsWith("dev.sonde.") && mayWeaveNamed(dottedName);
    }

    /** A named module of the boot or platform loader: one of the JDK's own. */
    private static boolean isJdkModule(Module module) {
        if (module == null || !module.isNamed()) {
            return false;
        }
        ClassLoader loader = module.getClassLoader();
        return loader == null || loader == ClassLoader.getPlatformClassLoader();
    }

    /**
     * Whether a class already loaded may be woven, to choose what to retransform as the transformer is
     * added: by its name, unless a transformer can tell more from the class itself (its supertypes).
     */
    public boolean mayWeaveLoaded(Class<?> type) {
        return mayWeave(type.getName());
    }

    @Override
    public final byte[] transform(
            Module module,
            ClassLoader loader,
            String className,
            Class<?> redefined,
            ProtectionDomain domain,
            byte[] bytes) {
        try {
            if (className == null || className.startsWith("dev/sonde/")) {
                return null;
            }
            if (redefined == null) {
                loading(className);
            }
            if (!mayWeaveJdkModules() && isJdkModule(module)) {
                return null; // the JDK's own, which a selector that names a JDK supertype could otherwise reach
            }
            String dottedName = className.replace('/', '.');
            if (!mayWeaveNamed(dottedName)) {
                return null;
            }
            int[] nesting = depth.get();
            if (nesting[0] > 0) {
                Log.warnOnce(
                        failure + dottedName,
                        failure + dottedName + ": the probe itself loads it while weaving"
                                + " another class; it runs unchanged");
                return null;
            }
            nesting[0]++;
            boolean wasQuiet = Recorder.quietHere(true);
            try {
                byte[] result = weave(loader, dottedName, bytes);
                if (result != null) {
                    woven.add(dottedName);
                    if (!firstWeaveRun) {
                        wovenFirst();
                    }
                    if (module != null && module.isNamed()) {
                        bridgeReader.accept(module);
                    }
                }
                return result;
            } finally {
                Recorder.quietHere(wasQuiet);
                nesting[0]--;
            }
        } catch (Throwable e) {
            // a StackOverflowError, when the class loads at the bottom of a deep stack, included: the JVM
            // would report anything thrown from here as an instrumentation failure on the program's stderr
            try {
                String name = String.valueOf(className).replace('/', '.');
                Log.warnOnce(failure + name, failure + name + "; it runs unchanged: " + e);
            } catch (Throwable ignored) {
                // not even that: stay silent rather than disturb the program
            }
            return null;
        }
    }

    @Override
    public final byte[] transform(
            ClassLoader loader, String className, Class<?> redefined, ProtectionDomain domain, byte[] bytes) {
        return transform(null, loader, className, redefined, domain, bytes);
    }
}

package dev.sonde.testkit;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.IllegalClassFormatException;

/**
 * A class loader that defines the classes of one package (and its sub-packages) itself, from the
 * bytes a weaver makes of their class files, and leaves every other class to its parent. Defining a
 * woven class runs the JVM's verifier over it, stack map frames included.
 */
public final class WeavingLoader extends ClassLoader {

    /** Turns a class file into the bytes to define; returns null to define the original. */
    @FunctionalInterface
    public interface Weaver {
        byte[] weave(String className, byte[] original, ClassLoader definingLoader) throws Exception;
    }

    static {
        registerAsParallelCapable();
    }

    private final String prefix;
    private final Weaver weaver;

    /** Defines the classes whose names start with {@code prefix}, from what {@code weaver} makes of them. */
    public WeavingLoader(ClassLoader parent, String prefix, Weaver weaver) {
        super(parent);
        this.prefix = prefix;
        this.weaver = weaver;
    }

    /** Weaves through a transformer, as the JVM would call it when the class loads. */
    public static WeavingLoader through(ClassFileTransformer transformer, ClassLoader parent, String prefix) {
        return new WeavingLoader(parent, prefix, (className, original, loader) -> {
            try {
                return transformer.transform(loader, className.replace('.', '/'), null, null, original);
            } catch (IllegalClassFormatException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!name.startsWith(prefix)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> loaded = findLoadedClass(name);
            if (loaded == null) {
                byte[] original = ClassFiles.bytes(getParent(), name);
                byte[] woven;
                try {
                    woven = weaver.weave(name, original, this);
                } catch (Exception e) {
                    throw new ClassNotFoundException("could not weave " + name, e);
                }
                byte[] bytes = woven == null ? original : woven;
                loaded = defineClass(name, bytes, 0, bytes.length);
            }
            if (resolve) {
                resolveClass(loaded);
            }
            return loaded;
        }
    }
}

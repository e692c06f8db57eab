package acc;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;

/** Two copies of {@link Loaded}, from a URLClassLoader and from a child class of it; five calls on each. */
public final class Loaders {

    static final class ChildLoader extends URLClassLoader {
        ChildLoader(URL[] urls) {
            super("child", urls, ClassLoader.getPlatformClassLoader());
        }
    }

    public static void main(String[] args) throws Exception {
        URL classes = Path.of(Loaders.class
                        .getProtectionDomain()
                        .getCodeSource()
                        .getLocation()
                        .toURI())
                .toUri()
                .toURL();
        ClassLoader[] loaders = {
            new URLClassLoader(new URL[] {classes}, ClassLoader.getPlatformClassLoader()),
            new ChildLoader(new URL[] {classes})
        };
        int total = 0;
        for (ClassLoader loader : loaders) {
            Class<?> loaded = loader.loadClass("acc.Loaded");
            if (loaded == Loaded.class) {
                throw new IllegalStateException("expected a second copy of acc.Loaded");
            }
            for (int i = 0; i < 5; i++) {
                total += (Integer) loaded.getMethod("ping", int.class).invoke(null, i);
            }
        }
        System.out.println("total=" + total);
    }
}

package dev.sonde.benchmarks;

import java.io.File;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * Lists the classes of one package in a jar, and their methods, in the selector forms of the
 * contenders that cannot select a whole package: OpenTelemetry's {@code Class[m1,m2];…} and JFR's
 * {@code Class;Class;…}.
 *
 * <pre>java -cp benchmarks.jar dev.sonde.benchmarks.PackageMethods JAR PACKAGE otel|jfr|classes</pre>
 */
public final class PackageMethods {

    private PackageMethods() {}

    public static void main(String[] args) throws Exception {
        File jar = new File(args[0]);
        String prefix = args[1].replace('.', '/') + "/";
        String form = args[2];
        List<String> entries = new ArrayList<>();
        try (JarFile file = new JarFile(jar);
                URLClassLoader loader =
                        new URLClassLoader(new URL[] {jar.toURI().toURL()}, null)) {
            Enumeration<JarEntry> all = file.entries();
            TreeSet<String> classes = new TreeSet<>();
            while (all.hasMoreElements()) {
                String name = all.nextElement().getName();
                if (name.startsWith(prefix) && name.endsWith(".class") && name.indexOf('/', prefix.length()) < 0) {
                    classes.add(
                            name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                }
            }
            for (String className : classes) {
                Class<?> type = Class.forName(className, false, loader);
                if (type.isInterface() || type.isAnnotation()) {
                    continue;
                }
                TreeSet<String> methods = new TreeSet<>();
                for (Method method : type.getDeclaredMethods()) {
                    int modifiers = method.getModifiers();
                    if (!method.isSynthetic()
                            && !method.isBridge()
                            && !Modifier.isAbstract(modifiers)
                            && !Modifier.isNative(modifiers)) {
                        methods.add(method.getName());
                    }
                }
                if (methods.isEmpty()) {
                    continue;
                }
                entries.add(form.equals("otel") ? className + "[" + String.join(",", methods) + "]" : className);
            }
        }
        System.out.println(String.join(form.equals("classes") ? "\n" : ";", entries));
    }
}

package dev.sonde.core.library;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads a library's objects through their public API, for the units that cannot link against the
 * library (it is the program's, in the program's loader): {@code call(request, "getMethod")}. A method is
 * looked up once per class and name, through a public class or interface that declares it, so that an
 * object of a non-public class (a Kotlin library's internal one) is read through its public type.
 */
final class Reflect {

    /** What a class does not have. */
    private static final Object NONE = new Object();

    private static final ClassValue<ConcurrentHashMap<String, Object>> METHODS =
            new ClassValue<ConcurrentHashMap<String, Object>>() {
                @Override
                protected ConcurrentHashMap<String, Object> computeValue(Class<?> type) {
                    return new ConcurrentHashMap<>();
                }
            };

    private Reflect() {}

    /** {@code target.name()}, or null when the target is null, has no such public method, or it threw. */
    static Object call(Object target, String name) {
        if (target == null) {
            return null;
        }
        ConcurrentHashMap<String, Object> known = METHODS.get(target.getClass());
        Object method = known.get(name);
        if (method == null) {
            method = find(target.getClass(), name);
            known.put(name, method);
        }
        if (method == NONE) {
            return null;
        }
        try {
            return ((Method) method).invoke(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** {@code call} for a method that answers a number; {@code otherwise} when it cannot be read. */
    static int callInt(Object target, String name, int otherwise) {
        Object value = call(target, name);
        return value instanceof Integer ? (Integer) value : otherwise;
    }

    /** The method of no arguments called {@code name} as a public type of {@code type}'s declares it. */
    private static Object find(Class<?> type, String name) {
        Deque<Class<?>> pending = new ArrayDeque<>();
        pending.add(type);
        while (!pending.isEmpty()) {
            Class<?> next = pending.poll();
            if (Modifier.isPublic(next.getModifiers())) {
                try {
                    Method method = next.getMethod(name);
                    if (Modifier.isPublic(method.getDeclaringClass().getModifiers())
                            && !Modifier.isStatic(method.getModifiers())) {
                        return method;
                    }
                } catch (NoSuchMethodException | SecurityException e) {
                    // not this type
                }
            }
            for (Class<?> each : next.getInterfaces()) {
                pending.add(each);
            }
            if (next.getSuperclass() != null) {
                pending.add(next.getSuperclass());
            }
        }
        return NONE;
    }
}

package dev.sonde.core.report;

import dev.sonde.core.record.MethodKey;
import org.objectweb.asm.Type;

/**
 * Method names as people read them, {@code pkg.Class#name(String, int[])}, and shortened to fit a
 * column: package segments first reduced to their initial, then the argument list to {@code (…)}, then
 * the front cut with an ellipsis, so that the method's own name is the last thing to go.
 */
public final class MethodNames {

    private MethodNames() {}

    /** {@code pkg.Class#name(String, int[])}. */
    public static String readable(MethodKey key) {
        return key.className() + "#" + key.methodName() + arguments(key);
    }

    /** The readable name, shortened to at most {@code width} characters (at least 8). */
    public static String fitted(MethodKey key, int width) {
        String full = readable(key);
        if (full.length() <= width) {
            return full;
        }
        String className = key.className();
        String arguments = arguments(key);
        int lastDot = className.lastIndexOf('.');
        String[] segments =
                lastDot < 0 ? new String[0] : className.substring(0, lastDot).split("\\.");
        String simple = className.substring(lastDot + 1);
        for (int shortened = 1; shortened <= segments.length; shortened++) {
            StringBuilder name = new StringBuilder();
            for (int i = 0; i < segments.length; i++) {
                name.append(i < shortened && !segments[i].isEmpty() ? segments[i].substring(0, 1) : segments[i])
                        .append('.');
            }
            name.append(simple).append('#').append(key.methodName());
            if (name.length() + arguments.length() <= width) {
                return name.append(arguments).toString();
            }
            if (shortened == segments.length) {
                String noArguments =
                        name.append(arguments.equals("()") ? "()" : "(…)").toString();
                if (noArguments.length() <= width) {
                    return noArguments;
                }
                return "…" + noArguments.substring(noArguments.length() - (Math.max(8, width) - 1));
            }
        }
        String noArguments = simple + "#" + key.methodName() + (arguments.equals("()") ? "()" : "(…)");
        return noArguments.length() <= width
                ? noArguments
                : "…" + noArguments.substring(noArguments.length() - (Math.max(8, width) - 1));
    }

    private static String arguments(MethodKey key) {
        StringBuilder text = new StringBuilder("(");
        Type[] arguments = Type.getArgumentTypes(key.descriptor());
        for (int i = 0; i < arguments.length; i++) {
            String type = arguments[i].getClassName();
            text.append(i == 0 ? "" : ", ").append(type.substring(type.lastIndexOf('.') + 1));
        }
        return text.append(')').toString();
    }

    /** Whether a class or method name ({@code pkg.Class#method}) is the JDK's own. */
    public static boolean isJdk(String name) {
        return name.startsWith("java.")
                || name.startsWith("javax.")
                || name.startsWith("jdk.")
                || name.startsWith("sun.")
                || name.startsWith("com.sun.");
    }
}

package dev.sonde.core.library;

import dev.sonde.core.record.Recorder;
import dev.sonde.core.record.ScopeListener;
import dev.sonde.core.selector.MethodSelection;
import dev.sonde.core.selector.MethodSelector;
import dev.sonde.core.weave.ScopePoint;
import dev.sonde.core.weave.ValueCode;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Part of the {@code servlet} unit, started when a JAX-RS API ({@code javax.ws.rs} or {@code jakarta.ws.rs})
 * loads: a request that a JAX-RS resource method handles (Jersey, RESTEasy, CXF: a method annotated with an
 * HTTP method, {@code @GET}, {@code @POST}…, in a class annotated {@code @Path}) is named by its route, the
 * class's {@code @Path} and the method's joined ({@code /owners/{ownerId}}; a parameter's regular expression
 * left out: {@code {id: [0-9]+}} is {@code {id}}), behind the servlet's own prefix. The first resource
 * method a request runs names it. Resource methods declared by an interface or a superclass, and
 * sub-resources reached through a locator, are not followed.
 *
 * <p>The woven code passes the method as its declaring class, name and argument descriptor; its route is
 * read from its annotations once, through reflection, and kept.
 */
final class JaxRsRoutes implements ScopeListener.OnEntry {

    private static final String[] APIS = {"javax.ws.rs", "jakarta.ws.rs"};

    private static final String[] HTTP_METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"};

    /** Routes of the methods seen, by class and then name plus argument descriptor; "" for no route. */
    private final ClassValue<ConcurrentHashMap<String, String>> routes =
            new ClassValue<ConcurrentHashMap<String, String>>() {
                @Override
                protected ConcurrentHashMap<String, String> computeValue(Class<?> type) {
                    return new ConcurrentHashMap<>();
                }
            };

    /** The scope to weave: an {@link ScopeListener.OnEntry} of its own kind, registered in {@code recorder}. */
    static ScopePoint point(Recorder recorder) {
        List<MethodSelector> selectors = new ArrayList<>();
        for (String api : APIS) {
            for (String method : HTTP_METHODS) {
                selectors.add(MethodSelector.parse("@" + api + ".Path **#@" + api + "." + method + " *"));
            }
        }
        return new ScopePoint(
                MethodSelection.of(selectors, List.of()),
                recorder.kind(new JaxRsRoutes()),
                ValueCode.declaringMethod());
    }

    @Override
    public Object entered(Object value, Object context) {
        if (context instanceof RequestState && value instanceof Object[]) {
            Object[] method = (Object[]) value;
            String route = route((Class<?>) method[0], (String) method[1], (String) method[2]);
            if (!route.isEmpty()) {
                ((RequestState) context).chooseRoute(route);
            }
        }
        return context;
    }

    /** The route of a resource method, from its annotations; "" when it has none. */
    String route(Class<?> type, String name, String arguments) {
        ConcurrentHashMap<String, String> known = routes.get(type);
        String key = name + arguments;
        String route = known.get(key);
        if (route == null) {
            route = read(type, name, arguments);
            if (known.size() < 4096) {
                known.put(key, route);
            }
        }
        return route;
    }

    private static String read(Class<?> type, String name, String arguments) {
        try {
            String typePath = path(type.getDeclaredAnnotations());
            if (typePath == null) {
                return "";
            }
            for (Method method : type.getDeclaredMethods()) {
                if (method.getName().equals(name)
                        && descriptor(method.getParameterTypes()).equals(arguments)) {
                    String methodPath = path(method.getDeclaredAnnotations());
                    return join(typePath, methodPath == null ? "" : methodPath);
                }
            }
            return "";
        } catch (RuntimeException | LinkageError e) {
            return "";
        }
    }

    /** The value of a JAX-RS {@code @Path} among these annotations, or null. */
    private static String path(Annotation[] annotations) {
        for (Annotation annotation : annotations) {
            Class<? extends Annotation> kind = annotation.annotationType();
            for (String api : APIS) {
                if (kind.getName().equals(api + ".Path")) {
                    try {
                        Object value = kind.getMethod("value").invoke(annotation);
                        return value instanceof String ? (String) value : null;
                    } catch (ReflectiveOperationException | RuntimeException e) {
                        return null;
                    }
                }
            }
        }
        return null;
    }

    /** A class's and a method's paths as one route: one slash between segments, a leading one, no trailing one. */
    static String join(String typePath, String methodPath) {
        StringBuilder route = new StringBuilder();
        for (String part : new String[] {typePath, methodPath}) {
            String trimmed = withoutRegularExpressions(part);
            int start = 0;
            int end = trimmed.length();
            while (start < end && trimmed.charAt(start) == '/') {
                start++;
            }
            while (end > start && trimmed.charAt(end - 1) == '/') {
                end--;
            }
            if (start < end) {
                route.append('/').append(trimmed, start, end);
            }
        }
        return route.length() == 0 ? "/" : route.toString();
    }

    /** {@code {id: [0-9]{3}}} as {@code {id}}: a template parameter's name without its regular expression. */
    static String withoutRegularExpressions(String path) {
        StringBuilder out = new StringBuilder(path.length());
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c != '{') {
                out.append(c);
                i++;
                continue;
            }
            int depth = 0;
            int end = i;
            while (end < path.length()) {
                char d = path.charAt(end);
                depth += d == '{' ? 1 : d == '}' ? -1 : 0;
                if (depth == 0) {
                    break;
                }
                end++;
            }
            String parameter = path.substring(i + 1, Math.min(end, path.length()));
            int colon = parameter.indexOf(':');
            out.append('{')
                    .append((colon < 0 ? parameter : parameter.substring(0, colon)).trim())
                    .append('}');
            i = end + 1;
        }
        return out.toString();
    }

    /** The descriptor of these argument types, as the woven code gives it: {@code (ILjava/lang/String;)}. */
    static String descriptor(Class<?>[] types) {
        StringBuilder out = new StringBuilder("(");
        for (Class<?> type : types) {
            out.append(descriptor(type));
        }
        return out.append(')').toString();
    }

    private static String descriptor(Class<?> type) {
        if (type.isArray()) {
            return type.getName().replace('.', '/');
        }
        if (type.isPrimitive()) {
            switch (type.getName()) {
                case "int":
                    return "I";
                case "long":
                    return "J";
                case "boolean":
                    return "Z";
                case "byte":
                    return "B";
                case "char":
                    return "C";
                case "short":
                    return "S";
                case "float":
                    return "F";
                case "double":
                    return "D";
                default:
                    return "V";
            }
        }
        return "L" + type.getName().replace('.', '/') + ";";
    }
}

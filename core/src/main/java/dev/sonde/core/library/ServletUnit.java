package dev.sonde.core.library;

import dev.sonde.core.selector.MethodSelection;
import dev.sonde.core.selector.MethodSelector;
import dev.sonde.core.weave.ScopePoint;
import dev.sonde.core.weave.ValueCode;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code servlet} unit: each request a servlet container (Tomcat, Jetty, Undertow, and the frameworks
 * on them) hands to the program's filters and servlets, {@code javax.servlet} and {@code jakarta.servlet}
 * alike, is a request, from the outermost {@code Filter#doFilter} or {@code Servlet#service} that takes it
 * until that returns; named by its method and path (identifiers as {@code {id}}, see {@link Routes}), or
 * by the route Spring MVC chose for it ({@link #route});
 * failed when a throwable escapes or the status set is 500 or more. An asynchronous request
 * ({@code startAsync}) ends, here, as the container's thread returns.
 *
 * <p>The woven code passes the request and the response as plain values (an {@code Object[]}); the probe,
 * which cannot see the servlet API's types, reads them through the API's own public interfaces
 * ({@code HttpServletRequest#getMethod}, {@code #getRequestURI}, {@code HttpServletResponse#getStatus}),
 * looked up once per class and kept in a {@link ClassValue}.
 */
final class ServletUnit implements RequestTable.Reader {

    static final String NAME = "servlet";

    private static final String[] APIS = {"javax.servlet", "jakarta.servlet"};

    /** The scope to weave, of the {@code request} kind. */
    static ScopePoint point(int request) {
        List<MethodSelector> selectors = new ArrayList<>();
        for (String api : APIS) {
            selectors.add(MethodSelector.parse(
                    api + ".Servlet+#service(" + api + ".ServletRequest, " + api + ".ServletResponse)"));
            selectors.add(MethodSelector.parse(api + ".Filter+#doFilter(" + api + ".ServletRequest, " + api
                    + ".ServletResponse, " + api + ".FilterChain)"));
        }
        return new ScopePoint(MethodSelection.of(selectors, List.of()), request, ValueCode.arguments(0, 1));
    }

    /**
     * {@code getMethod}, {@code getRequestURI}, {@code getAttribute}, {@code getContextPath}, {@code
     * getServletPath} and {@code getPathInfo} of a request class, through its HttpServletRequest interface.
     */
    private static final ClassValue<Method[]> REQUEST_METHODS = new ClassValue<Method[]>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
            Class<?> api = apiInterface(type, ".http.HttpServletRequest");
            if (api == null) {
                return new Method[0];
            }
            try {
                return new Method[] {
                    api.getMethod("getMethod"),
                    api.getMethod("getRequestURI"),
                    api.getMethod("getAttribute", String.class),
                    api.getMethod("getContextPath"),
                    api.getMethod("getServletPath"),
                    api.getMethod("getPathInfo")
                };
            } catch (NoSuchMethodException e) {
                return new Method[0];
            }
        }
    };

    /** {@code getStatus} of a response class, through its HttpServletResponse interface (Servlet 3.0 and later). */
    private static final ClassValue<Method[]> RESPONSE_METHODS = new ClassValue<Method[]>() {
        @Override
        protected Method[] computeValue(Class<?> type) {
            Class<?> api = apiInterface(type, ".http.HttpServletResponse");
            if (api == null) {
                return new Method[0];
            }
            try {
                return new Method[] {api.getMethod("getStatus")};
            } catch (NoSuchMethodException e) {
                return new Method[0];
            }
        }
    };

    /** The servlet API's interface {@code suffix} that {@code type} implements, javax or jakarta; or null. */
    static Class<?> apiInterface(Class<?> type, String suffix) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            Class<?> found = among(c.getInterfaces(), suffix);
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static Class<?> among(Class<?>[] interfaces, String suffix) {
        for (Class<?> candidate : interfaces) {
            for (String api : APIS) {
                if (candidate.getName().equals(api + suffix)) {
                    return candidate;
                }
            }
            Class<?> deeper = among(candidate.getInterfaces(), suffix);
            if (deeper != null) {
                return deeper;
            }
        }
        return null;
    }

    static boolean accepts(Object value) {
        return value instanceof Object[] && ((Object[]) value).length == 2;
    }

    @Override
    public String name(Object value) {
        Object request = ((Object[]) value)[0];
        Method[] methods = request == null ? new Method[0] : REQUEST_METHODS.get(request.getClass());
        if (methods.length == 0) {
            return "? " + Routes.path(null); // not an HTTP request
        }
        try {
            return Routes.name((String) methods[0].invoke(request), (String) methods[1].invoke(request));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "? " + Routes.path(null);
        }
    }

    /**
     * The request attribute where Spring MVC's {@code DispatcherServlet} leaves the pattern of the handler
     * mapping it chose ({@code HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE}: {@code /owners/{ownerId}}),
     * relative to the servlet's own path.
     */
    static final String SPRING_PATTERN = "org.springframework.web.servlet.HandlerMapping.bestMatchingPattern";

    /** Whether Spring MVC loaded: until it does, no request has its pattern to read. */
    private volatile boolean springMvc;

    /** Spring MVC's classes loaded: from now on, a request's end reads the pattern Spring chose, if any. */
    void springMvcLoaded() {
        springMvc = true;
    }

    /**
     * {@code METHOD route} with the route Spring MVC chose ({@link #SPRING_PATTERN}), or else {@code chosen}
     * (a JAX-RS resource method's, {@link JaxRsRoutes}), behind the context path and the servlet's path when
     * the servlet is mapped by a prefix ({@code /api/*}); null when no framework chose one.
     */
    @Override
    public String route(Object value, String chosen) {
        if (!springMvc && chosen == null) {
            return null; // no framework chose a route: the request keeps its path's name
        }
        Object request = ((Object[]) value)[0];
        Method[] methods = request == null ? new Method[0] : REQUEST_METHODS.get(request.getClass());
        if (methods.length == 0) {
            return null;
        }
        try {
            Object pattern = springMvc ? methods[2].invoke(request, SPRING_PATTERN) : null;
            if (!(pattern instanceof String)) {
                pattern = chosen;
            }
            if (pattern == null) {
                return null;
            }
            String method = (String) methods[0].invoke(request);
            Object context = methods[3].invoke(request);
            Object servletPath = methods[5].invoke(request) != null ? methods[4].invoke(request) : null;
            return Routes.named(
                    method,
                    (context == null ? "" : (String) context)
                            + (servletPath == null ? "" : (String) servletPath)
                            + pattern);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    @Override
    public int status(Object value) {
        Object response = ((Object[]) value)[1];
        Method[] methods = response == null ? new Method[0] : RESPONSE_METHODS.get(response.getClass());
        if (methods.length == 0) {
            return 0;
        }
        try {
            return (Integer) methods[0].invoke(response);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return 0;
        }
    }

    /** Requests gone asynchronous, by their request object (weakly), with their context. */
    private final WeakIdentityMap<Object> asynchronous = new WeakIdentityMap<>(MAX_ASYNCHRONOUS);

    static final int MAX_ASYNCHRONOUS = 65_536;

    /**
     * An asynchronous request's dispatch back into the container runs in the request that started it, as
     * far as it is known (by the request object the container passes again); it is never a new request.
     */
    @Override
    public Object continuing(Object value, Object context) {
        Object request = ((Object[]) value)[0];
        if (!"ASYNC".equals(String.valueOf(Reflect.call(request, "getDispatcherType")))) {
            return null;
        }
        Object started = request == null ? null : asynchronous.get(unwrapped(request));
        return started != null ? started : context == null ? NO_REQUEST : context;
    }

    /** The request a {@code ServletRequestWrapper} wraps, through every wrapper (a dispatch wraps it). */
    static Object unwrapped(Object request) {
        Object inner = request;
        for (int depth = 0; depth < 16 && inner != null && WRAPPERS.get(inner.getClass()); depth++) {
            Object wrapped = Reflect.call(inner, "getRequest");
            if (wrapped == null || wrapped == inner) {
                break;
            }
            inner = wrapped;
        }
        return inner;
    }

    /** Whether a class is a {@code ServletRequestWrapper}, javax or jakarta. */
    private static final ClassValue<Boolean> WRAPPERS = new ClassValue<Boolean>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                for (String api : APIS) {
                    if (c.getName().equals(api + ".ServletRequestWrapper")) {
                        return true;
                    }
                }
            }
            return false;
        }
    };

    /** What a dispatch of an unknown request runs in: nothing, as a context no listener takes for a request. */
    private static final Object NO_REQUEST = new Object();

    /**
     * Whether the request went asynchronous ({@code startAsync}): then a listener on its {@code AsyncContext}
     * (a proxy of the servlet API's own {@code AsyncListener}) tells {@code ending} as it completes, fails
     * or times out.
     */
    @Override
    public boolean endsLater(Object value, RequestTable.Ending ending) {
        Object request = ((Object[]) value)[0];
        if (!Boolean.TRUE.equals(Reflect.call(request, "isAsyncStarted"))) {
            return false;
        }
        Object async = Reflect.call(request, "getAsyncContext");
        Class<?> contextApi = async == null ? null : apiInterface(async.getClass(), ".AsyncContext");
        if (contextApi == null) {
            return false;
        }
        try {
            String api = contextApi.getName().substring(0, contextApi.getName().length() - ".AsyncContext".length());
            Class<?> listenerApi = Class.forName(api + ".AsyncListener", false, contextApi.getClassLoader());
            Object listener = java.lang.reflect.Proxy.newProxyInstance(
                    contextApi.getClassLoader(), new Class<?>[] {listenerApi}, new AsyncEnd(this, value, ending));
            contextApi.getMethod("addListener", listenerApi).invoke(async, listener);
            asynchronous.put(unwrapped(request), ending.request());
            return true;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** The servlet API's {@code AsyncListener}, as a proxy: its request's end. */
    private static final class AsyncEnd implements java.lang.reflect.InvocationHandler {
        private final ServletUnit servlet;
        private final Object value;
        private final RequestTable.Ending ending;

        AsyncEnd(ServletUnit servlet, Object value, RequestTable.Ending ending) {
            this.servlet = servlet;
            this.value = value;
            this.ending = ending;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] arguments) {
            switch (method.getName()) {
                case "onComplete":
                    servlet.asynchronous.remove(unwrapped(((Object[]) value)[0]));
                    ending.ended(servlet.status(value), null);
                    return null;
                case "onError":
                    Object error = arguments == null || arguments.length == 0
                            ? null
                            : Reflect.call(arguments[0], "getThrowable");
                    ending.ended(servlet.status(value), error instanceof Throwable ? (Throwable) error : null);
                    return null;
                case "onTimeout":
                    ending.ended(
                            servlet.status(value),
                            new java.util.concurrent.TimeoutException("asynchronous request timed out"));
                    return null;
                case "hashCode":
                    return System.identityHashCode(proxy);
                case "equals":
                    return arguments != null && arguments.length == 1 && proxy == arguments[0];
                case "toString":
                    return "the probe's end of an asynchronous request";
                default:
                    return null; // onStartAsync
            }
        }
    }
}

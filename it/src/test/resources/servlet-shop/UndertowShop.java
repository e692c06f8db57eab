package acc;

import io.undertow.Handlers;
import io.undertow.Undertow;
import io.undertow.server.handlers.PathHandler;
import io.undertow.servlet.Servlets;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.api.DeploymentManager;
import io.undertow.servlet.api.FilterInfo;
import io.undertow.servlet.api.InstanceFactory;
import io.undertow.servlet.api.ServletInfo;
import io.undertow.servlet.util.ImmediateInstanceFactory;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;
import java.net.InetSocketAddress;

/** ServletShop on embedded Undertow (2.2 with javax.servlet, 2.3 with jakarta.servlet), on a loopback port. */
public final class UndertowShop {

    public static void main(String[] args) throws Exception {
        ServletShop.open();
        DeploymentInfo deployment = Servlets.deployment()
                .setClassLoader(UndertowShop.class.getClassLoader())
                .setContextPath("/")
                .setDeploymentName("shop")
                .addServlets(
                        servlet("items", new ServletShop.Items(), "/items/*"),
                        servlet("orders", new ServletShop.Orders(), "/orders"),
                        servlet("fail", new ServletShop.Fail(), "/fail"),
                        servlet("boom", new ServletShop.Boom(), "/boom"),
                        servlet("async", new ServletShop.Async(), "/async/*"),
                        servlet("later", new ServletShop.Later(), "/later/*"))
                .addFilter(new FilterInfo("logging", ServletShop.Logging.class, factory(new ServletShop.Logging()))
                        .setAsyncSupported(true))
                .addFilterUrlMapping("logging", "/*", DispatcherType.REQUEST);
        DeploymentManager manager = Servlets.defaultContainer().addDeployment(deployment);
        manager.deploy();
        PathHandler root = Handlers.path(Handlers.redirect("/")).addPrefixPath("/", manager.start());
        Undertow server = Undertow.builder()
                .addHttpListener(0, "127.0.0.1")
                .setHandler(root)
                .build();
        server.start();
        String seen;
        try {
            int port = ((InetSocketAddress) server.getListenerInfo().get(0).getAddress()).getPort();
            seen = ServletShop.drive(port);
        } finally {
            server.stop();
            manager.stop();
            manager.undeploy();
            ServletShop.close();
        }
        System.out.println(seen);
    }

    private static ServletInfo servlet(String name, Servlet servlet, String pattern) {
        return new ServletInfo(name, servlet.getClass(), factory(servlet))
                .addMapping(pattern)
                .setAsyncSupported(true);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> InstanceFactory factory(T instance) {
        return new ImmediateInstanceFactory(instance);
    }

    private UndertowShop() {}
}

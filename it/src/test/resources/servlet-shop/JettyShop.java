package acc;

import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/** ServletShop on embedded Jetty 12 (ee10, jakarta.servlet 6), on a loopback port. */
public final class JettyShop {

    public static void main(String[] args) throws Exception {
        ServletShop.open();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        context.addServlet(new ServletHolder(new ServletShop.Items()), "/items/*");
        context.addServlet(new ServletHolder(new ServletShop.Orders()), "/orders");
        context.addServlet(new ServletHolder(new ServletShop.Fail()), "/fail");
        context.addServlet(new ServletHolder(new ServletShop.Boom()), "/boom");
        ServletHolder async = new ServletHolder(new ServletShop.Async());
        async.setAsyncSupported(true);
        context.addServlet(async, "/async/*");
        ServletHolder later = new ServletHolder(new ServletShop.Later());
        later.setAsyncSupported(true);
        context.addServlet(later, "/later/*");
        FilterHolder logging = new FilterHolder(new ServletShop.Logging());
        logging.setAsyncSupported(true);
        context.addFilter(logging, "/*", EnumSet.of(DispatcherType.REQUEST));
        server.setHandler(context);
        server.start();
        String seen;
        try {
            seen = ServletShop.drive(connector.getLocalPort());
        } finally {
            server.stop();
            ServletShop.close();
        }
        System.out.println(seen);
    }

    private JettyShop() {}
}

package acc;

import jakarta.servlet.http.HttpServlet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;

/** ServletShop on embedded Tomcat (9 with javax.servlet, 11 with jakarta.servlet), on a loopback port. */
public final class TomcatShop {

    public static void main(String[] args) throws Exception {
        ServletShop.open();
        Path base = Files.createTempDirectory("servlet-shop");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("", base.toString());
        add(context, "items", new ServletShop.Items(), "/items/*");
        add(context, "orders", new ServletShop.Orders(), "/orders");
        add(context, "fail", new ServletShop.Fail(), "/fail");
        add(context, "boom", new ServletShop.Boom(), "/boom");
        add(context, "async", new ServletShop.Async(), "/async/*");
        add(context, "later", new ServletShop.Later(), "/later/*");
        FilterDef logging = new FilterDef();
        logging.setFilterName("logging");
        logging.setFilter(new ServletShop.Logging());
        logging.setAsyncSupported("true");
        context.addFilterDef(logging);
        FilterMap everything = new FilterMap();
        everything.setFilterName("logging");
        everything.addURLPattern("/*");
        context.addFilterMap(everything);
        tomcat.start();
        String seen;
        try {
            seen = ServletShop.drive(tomcat.getConnector().getLocalPort());
        } finally {
            tomcat.stop();
            tomcat.destroy();
            ServletShop.close();
            try (Stream<Path> files = Files.walk(base)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
        System.out.println(seen);
    }

    private static void add(Context context, String name, HttpServlet servlet, String pattern) {
        Tomcat.addServlet(context, name, servlet).setAsyncSupported(true);
        context.addServletMappingDecoded(pattern, name);
    }

    private TomcatShop() {}
}

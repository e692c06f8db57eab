package acc;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * A JAX-RS shop on Jersey and embedded Tomcat (Jersey 2 on Tomcat 9 with javax.ws.rs and javax.servlet,
 * Jersey 4 on Tomcat 11 with jakarta), Jersey's servlet mapped at {@code /api/*} in the context
 * {@code /shop}, on a loopback port; it sends itself a known mix of requests and prints the statuses:
 * <ul>
 *   <li>{@code GET /shop/api/owners/N} (3): 2 SQL statements each;
 *   <li>{@code GET /shop/api/owners/N/pets/M} (2, its parameter with a regular expression): 1 each;
 *   <li>{@code GET /shop/api/owners/by-name/NAME} (2): 1 each;
 *   <li>{@code POST /shop/api/owners} (1): 1 insert, status 201;
 *   <li>{@code GET /shop/api/fail} (1): 1 statement, then the resource throws (500);
 *   <li>{@code GET /shop/api/nowhere/42} (1): no resource (404).
 * </ul>
 */
public final class JerseyShop {

    private static Connection db;

    @Path("/owners")
    public static class Owners {
        @GET
        @Path("{ownerId}")
        public String owner(@PathParam("ownerId") int id) throws SQLException {
            return query("SELECT name FROM owner WHERE id = " + id) + " " + query("SELECT count(*) FROM pet WHERE owner = " + id);
        }

        @GET
        @Path("/{ownerId}/pets/{petId: [0-9]+}/")
        public String pet(@PathParam("ownerId") int owner, @PathParam("petId") int pet) throws SQLException {
            return query("SELECT name FROM pet WHERE owner = " + owner + " AND id = " + pet);
        }

        @GET
        @Path("by-name/{name}")
        public String byName(@PathParam("name") String name) throws SQLException {
            return query("SELECT id FROM owner WHERE name = '" + name + "'");
        }

        @POST
        public Response add() throws SQLException {
            try (Statement statement = db.createStatement()) {
                statement.executeUpdate("INSERT INTO owner VALUES (99, 'new')");
            }
            return Response.status(201).entity("added").build();
        }
    }

    @Path("fail")
    public static class Fail {
        @GET
        public String fail() throws SQLException {
            query("SELECT name FROM owner WHERE id = 1");
            throw new IllegalStateException("planned failure");
        }
    }

    private static synchronized String query(String sql) throws SQLException {
        try (Statement statement = db.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            return rows.next() ? rows.getString(1) : "-";
        }
    }

    public static void main(String[] args) throws Exception {
        db = DriverManager.getConnection("jdbc:h2:mem:jerseyshop;DB_CLOSE_DELAY=-1");
        try (Statement statement = db.createStatement()) {
            statement.execute("CREATE TABLE owner (id INT PRIMARY KEY, name VARCHAR(40))");
            statement.execute("CREATE TABLE pet (id INT, owner INT, name VARCHAR(40))");
            statement.execute("INSERT INTO owner VALUES (1, 'smith'), (2, 'jones'), (3, 'brown')");
            statement.execute("INSERT INTO pet VALUES (7, 1, 'rex'), (8, 2, 'tom')");
        }
        java.nio.file.Path base = Files.createTempDirectory("jersey-shop");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("/shop", base.toString());
        ResourceConfig resources = new ResourceConfig(Owners.class, Fail.class);
        Tomcat.addServlet(context, "jersey", new ServletContainer(resources)).setLoadOnStartup(1);
        context.addServletMappingDecoded("/api/*", "jersey");
        tomcat.start();
        StringBuilder seen = new StringBuilder("statuses:");
        try {
            int port = tomcat.getConnector().getLocalPort();
            String[][] requests = {
                {"GET", "/shop/api/owners/1"},
                {"GET", "/shop/api/owners/2"},
                {"GET", "/shop/api/owners/3"},
                {"GET", "/shop/api/owners/1/pets/7"},
                {"GET", "/shop/api/owners/2/pets/8"},
                {"GET", "/shop/api/owners/by-name/smith"},
                {"GET", "/shop/api/owners/by-name/jones"},
                {"POST", "/shop/api/owners"},
                {"GET", "/shop/api/fail"},
                {"GET", "/shop/api/nowhere/42"}
            };
            for (String[] request : requests) {
                seen.append(' ').append(send(port, request[0], request[1]));
            }
        } finally {
            tomcat.stop();
            tomcat.destroy();
            db.close();
            try (Stream<java.nio.file.Path> files = Files.walk(base)) {
                files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
            }
        }
        System.out.println(seen);
    }

    private static int send(int port, String method, String path) throws IOException {
        HttpURLConnection connection = (HttpURLConnection) new URL("http://127.0.0.1:" + port + path).openConnection();
        connection.setRequestMethod(method);
        int status = connection.getResponseCode();
        try (InputStream body = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
            if (body != null) {
                body.readAllBytes();
            }
        }
        connection.disconnect();
        return status;
    }

    private JerseyShop() {}
}

package acc;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.support.AnnotationConfigWebApplicationContext;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.config.annotation.EnableWebMvc;

/**
 * A Spring MVC shop on embedded Tomcat (Spring 5.3 on Tomcat 9 with javax.servlet, Spring 7 on Tomcat 11
 * with jakarta.servlet), its DispatcherServlet mapped at {@code /api/*} in the context {@code /shop}, on a
 * loopback port; it sends itself a known mix of requests and prints the statuses:
 * <ul>
 *   <li>{@code GET /shop/api/owners/N} (3): 2 SQL statements each;
 *   <li>{@code GET /shop/api/owners/N/pets/M} (2): 1 each;
 *   <li>{@code GET /shop/api/owners/by-name/NAME} (2): 1 each, its name a word no path rule could tell
 *       from a route's own;
 *   <li>{@code POST /shop/api/owners} (1): 1 insert, status 201;
 *   <li>{@code GET /shop/api/fail} (1): 1 statement, then the handler throws (500);
 *   <li>{@code GET /shop/api/nowhere/42} (1): no handler (404).
 * </ul>
 */
public final class SpringShop {

    private static Connection db;

    @Configuration
    @EnableWebMvc
    public static class Config {
        @Bean
        public Owners owners() {
            return new Owners();
        }
    }

    @RestController
    public static class Owners {
        @GetMapping("/owners/{ownerId}")
        public String owner(@PathVariable("ownerId") int id) throws SQLException {
            return query("SELECT name FROM owner WHERE id = " + id) + " " + query("SELECT count(*) FROM pet WHERE owner = " + id);
        }

        @GetMapping("/owners/{ownerId}/pets/{petId}")
        public String pet(@PathVariable("ownerId") int owner, @PathVariable("petId") int pet) throws SQLException {
            return query("SELECT name FROM pet WHERE owner = " + owner + " AND id = " + pet);
        }

        @GetMapping("/owners/by-name/{name}")
        public String byName(@PathVariable("name") String name) throws SQLException {
            return query("SELECT id FROM owner WHERE name = '" + name + "'");
        }

        @PostMapping("/owners")
        public ResponseEntity<String> add() throws SQLException {
            try (Statement statement = db.createStatement()) {
                statement.executeUpdate("INSERT INTO owner VALUES (99, 'new')");
            }
            return new ResponseEntity<>("added", HttpStatus.CREATED);
        }

        @GetMapping("/fail")
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
        db = DriverManager.getConnection("jdbc:h2:mem:springshop;DB_CLOSE_DELAY=-1");
        try (Statement statement = db.createStatement()) {
            statement.execute("CREATE TABLE owner (id INT PRIMARY KEY, name VARCHAR(40))");
            statement.execute("CREATE TABLE pet (id INT, owner INT, name VARCHAR(40))");
            statement.execute("INSERT INTO owner VALUES (1, 'smith'), (2, 'jones'), (3, 'brown')");
            statement.execute("INSERT INTO pet VALUES (7, 1, 'rex'), (8, 2, 'tom')");
        }
        Path base = Files.createTempDirectory("spring-shop");
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(base.toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("/shop", base.toString());
        AnnotationConfigWebApplicationContext spring = new AnnotationConfigWebApplicationContext();
        spring.register(Config.class);
        Tomcat.addServlet(context, "dispatcher", new DispatcherServlet(spring)).setLoadOnStartup(1);
        context.addServletMappingDecoded("/api/*", "dispatcher");
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
            try (Stream<Path> files = Files.walk(base)) {
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

    private SpringShop() {}
}

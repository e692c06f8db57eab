package acc;

import java.sql.SQLException;
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
 * The shop of RoutesShop in Spring MVC (5.3 on Tomcat 9 with javax.servlet, 7 on Tomcat 11 with
 * jakarta.servlet), its DispatcherServlet at {@code /shop/api/*}.
 */
public final class SpringShop {

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
            return RoutesShop.query("SELECT name FROM owner WHERE id = " + id) + " "
                    + RoutesShop.query("SELECT count(*) FROM pet WHERE owner = " + id);
        }

        @GetMapping("/owners/{ownerId}/pets/{petId}")
        public String pet(@PathVariable("ownerId") int owner, @PathVariable("petId") int pet) throws SQLException {
            return RoutesShop.query("SELECT name FROM pet WHERE owner = " + owner + " AND id = " + pet);
        }

        @GetMapping("/owners/by-name/{name}")
        public String byName(@PathVariable("name") String name) throws SQLException {
            return RoutesShop.query("SELECT id FROM owner WHERE name = '" + name + "'");
        }

        @PostMapping("/owners")
        public ResponseEntity<String> add() throws SQLException {
            RoutesShop.insert("INSERT INTO owner VALUES (99, 'new')");
            return new ResponseEntity<>("added", HttpStatus.CREATED);
        }

        @GetMapping("/fail")
        public String fail() throws SQLException {
            RoutesShop.query("SELECT name FROM owner WHERE id = 1");
            throw new IllegalStateException("planned failure");
        }
    }

    public static void main(String[] args) throws Exception {
        AnnotationConfigWebApplicationContext spring = new AnnotationConfigWebApplicationContext();
        spring.register(Config.class);
        RoutesShop.run(new DispatcherServlet(spring));
    }

    private SpringShop() {}
}

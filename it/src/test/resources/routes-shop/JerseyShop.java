package acc;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.sql.SQLException;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.servlet.ServletContainer;

/**
 * The shop of RoutesShop in JAX-RS on Jersey (2 on Tomcat 9 with javax.ws.rs and javax.servlet, 4 on
 * Tomcat 11 with jakarta), Jersey's servlet at {@code /shop/api/*}; one of its paths has a parameter with
 * a regular expression, and slashes of its own at both ends.
 */
public final class JerseyShop {

    @Path("/owners")
    public static class Owners {
        @GET
        @Path("{ownerId}")
        public String owner(@PathParam("ownerId") int id) throws SQLException {
            return RoutesShop.query("SELECT name FROM owner WHERE id = " + id) + " "
                    + RoutesShop.query("SELECT count(*) FROM pet WHERE owner = " + id);
        }

        @GET
        @Path("/{ownerId}/pets/{petId: [0-9]+}/")
        public String pet(@PathParam("ownerId") int owner, @PathParam("petId") int pet) throws SQLException {
            return RoutesShop.query("SELECT name FROM pet WHERE owner = " + owner + " AND id = " + pet);
        }

        @GET
        @Path("by-name/{name}")
        public String byName(@PathParam("name") String name) throws SQLException {
            return RoutesShop.query("SELECT id FROM owner WHERE name = '" + name + "'");
        }

        @POST
        public Response add() throws SQLException {
            RoutesShop.insert("INSERT INTO owner VALUES (99, 'new')");
            return Response.status(201).entity("added").build();
        }
    }

    @Path("fail")
    public static class Fail {
        @GET
        public String fail() throws SQLException {
            RoutesShop.query("SELECT name FROM owner WHERE id = 1");
            throw new IllegalStateException("planned failure");
        }
    }

    public static void main(String[] args) throws Exception {
        RoutesShop.run(new ServletContainer(new ResourceConfig(Owners.class, Fail.class)));
    }

    private JerseyShop() {}
}

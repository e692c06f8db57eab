package dev.sonde.core.library;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.sonde.core.selector.MethodSelection;
import org.junit.jupiter.api.Test;

class HttpClientUnitsTest {

    @Test
    void aCallIsNamedByMethodHostPortAndPathPattern() {
        assertEquals(
                "GET api.example.com:443/items/{id}",
                HttpClientUnits.text("GET", "https", "API.example.com", -1, "/items/42"));
        assertEquals("POST 10.0.0.7:8080/orders", HttpClientUnits.text("post", "http", "10.0.0.7", 8080, "/orders"));
        assertEquals("GET localhost:80/", HttpClientUnits.text(null, "http", "localhost", -1, ""));
        assertEquals(
                "DELETE h:80/users/{id}/sessions/{id}",
                HttpClientUnits.text(
                        "DELETE", "http", "h", -1, "/users/7/sessions/123e4567-e89b-12d3-a456-426614174000"));
    }

    @Test
    void theJdksClientsAreTheOnlyClassesOfItsInternalPackagesThatMayBeWoven() {
        assertFalse(MethodSelection.isNeverWoven("sun.net.www.protocol.http.HttpURLConnection"));
        assertFalse(MethodSelection.isNeverWoven("jdk.internal.net.http.HttpClientImpl"));
        assertEquals(true, MethodSelection.isNeverWoven("sun.net.www.protocol.http.HttpURLConnection$HttpInputStream"));
        assertEquals(true, MethodSelection.isNeverWoven("jdk.internal.net.http.HttpClientFacade"));
    }
}

package dev.sonde.core.library;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RoutesTest {

    @Test
    void identifiersBecomeOneNameAndTheQueryStringGoes() {
        assertEquals("GET /items/{id}", Routes.name("GET", "/items/42"));
        assertEquals("GET /items/{id}/reviews/{id}", Routes.name("GET", "/items/42/reviews/7?page=2"));
        assertEquals("GET /users/{id}", Routes.name("GET", "/users/123e4567-e89b-12d3-a456-426614174000"));
        assertEquals("GET /blobs/{id}", Routes.name("GET", "/blobs/9f86d081884c7d659a2feaa0c55ad015"));
        assertEquals("PUT /cart/", Routes.name("PUT", "/cart/"));
        assertEquals("GET /", Routes.name("GET", ""));
        assertEquals("GET /", Routes.name("GET", null));
    }

    @Test
    void everySegmentIsLookedAtWhereverItStands() {
        assertEquals("GET {id}/x/{id}", Routes.name("GET", "42/x/7"));
        assertEquals("GET /{id}/{id}/{id}", Routes.name("GET", "/1/2/3"));
        assertEquals("GET /a//{id}", Routes.name("GET", "/a//7"));
        assertEquals("GET /a/{id}", Routes.name("GET", "/a/1?next=/b/2"));
        assertEquals("GET /a/b", Routes.name("GET", "/a/b?id=1"));
        assertEquals("GET /", Routes.name("GET", "/?q=1"));
    }

    @Test
    void wordsShortHexAndMixedSegmentsStay() {
        assertEquals("GET /v2/items/cafe", Routes.name("GET", "/v2/items/cafe"));
        assertEquals("GET /api/abcdefabcdefabcdef", Routes.name("GET", "/api/abcdefabcdefabcdef"));
        assertEquals("GET /files/report-2024.pdf", Routes.name("GET", "/files/report-2024.pdf"));
    }

    @Test
    void longPathsAreCut() {
        String name = Routes.name("GET", "/a" + "/segment".repeat(100));
        assertEquals("GET ".length() + Routes.MAX_PATH + 1, name.length());
    }
}

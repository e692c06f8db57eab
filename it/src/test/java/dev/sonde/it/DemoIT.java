package dev.sonde.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sonde demo}: the bundled shop runs under the probe and its planted slow method stands out. */
class DemoIT {

    @TempDir
    Path temp;

    @Test
    void theDemoShowsThePlantedSlowMethod() {
        Run run = Run.sonde(temp.resolve("sonde-reports"), "demo").directory(temp).run();

        assertEquals(0, run.exitCode, run.stderr);
        assertEquals("shop: 600 orders, 12 declined, 46503.37 paid\n", run.stdout);
        assertTrue(run.stderr.contains("example.shop.Inventory#inStock(String)"), run.stderr);
        JsonNode report = run.report();
        JsonNode slow = Run.method(report, "example.shop.Inventory#inStock(Ljava/lang/String;)Z");
        assertEquals(1800, slow.get("count").asLong());
        JsonNode order = Run.method(report, "example.shop.Checkout#placeOrder(I)Lexample/shop/Receipt;");
        assertEquals(600, order.get("count").asLong());
        assertEquals(12, order.get("errors").asLong());
        assertTrue(slow.get("totalNanos").asLong() * 2 > order.get("totalNanos").asLong(),
                "the stock check takes most of each order's time: " + slow + " vs " + order);
        for (String quick : new String[] {"example.shop.Catalog#find(Ljava/lang/String;)Lexample/shop/Product;",
            "example.shop.Checkout#price(Lexample/shop/Product;)J",
            "example.shop.Payments#charge(IJ)J"}) {
            assertTrue(slow.get("totalNanos").asLong() > 10 * Run.method(report, quick).get("totalNanos").asLong(),
                    quick);
        }
    }
}

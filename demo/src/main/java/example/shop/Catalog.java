package example.shop;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Products by SKU. */
final class Catalog {

    private final Map<String, Product> bySku = new HashMap<>();
    private final List<Product> all = new ArrayList<>();

    Catalog(int size) {
        for (int i = 0; i < size; i++) {
            Product product = new Product("SKU-" + i, 199 + (i * 37) % 5_000);
            bySku.put(product.sku(), product);
            all.add(product);
        }
    }

    Product find(String sku) {
        return bySku.get(sku);
    }

    List<Product> all() {
        return all;
    }

    int size() {
        return all.size();
    }
}

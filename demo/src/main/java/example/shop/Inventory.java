package example.shop;

/** Stock levels. */
final class Inventory {

    private final Catalog catalog;

    Inventory(Catalog catalog) {
        this.catalog = catalog;
    }

    /** The planted slow path: a linear scan of the whole catalogue where a map lookup would do. */
    boolean inStock(String sku) {
        for (Product product : catalog.all()) {
            if (product.sku().equals(sku)) {
                return product.priceCents() % 13 != 0;
            }
        }
        return false;
    }
}

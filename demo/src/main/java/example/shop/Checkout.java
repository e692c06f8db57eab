package example.shop;

import java.util.ArrayList;
import java.util.List;

/** Turns an order into a receipt: pick items, check stock, price, pay. */
final class Checkout {

    private final Catalog catalog;
    private final Inventory inventory;
    private final Payments payments;

    Checkout(Catalog catalog, Inventory inventory, Payments payments) {
        this.catalog = catalog;
        this.inventory = inventory;
        this.payments = payments;
    }

    Receipt placeOrder(int order) {
        List<Product> items = pickItems(order);
        long total = 0;
        for (Product item : items) {
            if (inventory.inStock(item.sku())) {
                total += price(item);
            }
        }
        return new Receipt(order, payments.charge(order, total));
    }

    private List<Product> pickItems(int order) {
        List<Product> items = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            items.add(catalog.find("SKU-" + ((order * 7919 + i * 104_729) % catalog.size())));
        }
        return items;
    }

    private long price(Product item) {
        long cents = item.priceCents();
        return cents + cents * 8 / 100;
    }
}

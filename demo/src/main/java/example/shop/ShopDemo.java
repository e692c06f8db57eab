package example.shop;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** A small shop that takes orders on four workers; the report shows where its time goes. */
public final class ShopDemo {

    private ShopDemo() {}

    public static void main(String[] args) throws Exception {
        int orders = args.length > 0 ? Integer.parseInt(args[0]) : 600;
        Catalog catalog = new Catalog(20_000);
        Inventory inventory = new Inventory(catalog);
        Checkout checkout = new Checkout(catalog, inventory, new Payments());
        ExecutorService workers = Executors.newFixedThreadPool(4);
        List<Future<Receipt>> receipts = new ArrayList<>();
        for (int order = 0; order < orders; order++) {
            int id = order;
            receipts.add(workers.submit(() -> checkout.placeOrder(id)));
        }
        long paid = 0;
        int declined = 0;
        for (Future<Receipt> receipt : receipts) {
            try {
                paid += receipt.get().totalCents();
            } catch (java.util.concurrent.ExecutionException e) {
                declined++;
            }
        }
        workers.shutdown();
        workers.awaitTermination(1, TimeUnit.MINUTES);
        System.out.printf("shop: %d orders, %d declined, %.2f paid%n", orders, declined, paid / 100.0);
    }
}

package example.shop;

/** A product and its price in cents. */
record Product(String sku, long priceCents) {}

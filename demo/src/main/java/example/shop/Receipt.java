package example.shop;

/** What a paid order returns. */
record Receipt(int order, long totalCents) {}

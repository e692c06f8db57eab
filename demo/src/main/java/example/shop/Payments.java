package example.shop;

/** Charges cards; declines one order in fifty. */
final class Payments {

    long charge(int order, long cents) {
        if (order % 50 == 49) {
            throw new IllegalStateException("card declined for order " + order);
        }
        return cents;
    }
}

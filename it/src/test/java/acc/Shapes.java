package acc;

import java.util.List;
import java.util.function.Supplier;

/** Nested types, a default method, records, a compact constructor that throws, lambdas and a static initialiser. */
public final class Shapes {

    public interface Sized {
        double area();

        default String describe() {
            return getClass().getSimpleName() + " of area " + Math.round(area());
        }
    }

    public record Circle(double radius) implements Sized {
        @Override
        public double area() {
            return Math.PI * radius * radius;
        }
    }

    public record Square(double side) implements Sized {
        public Square {
            if (side < 0) {
                throw new IllegalArgumentException("negative side " + side);
            }
        }

        @Override
        public double area() {
            return side * side;
        }
    }

    static final class Registry {
        static final List<String> NAMES;

        static {
            NAMES = List.of("circle", "square");
        }
    }

    public static void main(String[] args) {
        List<Sized> shapes = List.of(new Circle(1), new Square(2), new Circle(3));
        shapes.forEach(shape -> System.out.println(shape.describe()));
        Supplier<Sized> maker = () -> new Square(5);
        System.out.println(maker.get());
        try {
            new Square(-1);
        } catch (IllegalArgumentException e) {
            System.out.println("refused: " + e.getMessage());
        }
        System.out.println(Registry.NAMES);
    }
}

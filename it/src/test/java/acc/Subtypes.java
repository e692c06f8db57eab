package acc;

import java.lang.annotation.ElementType;
import java.lang.annotation.Target;

/** Implementations of an interface, directly and through an abstract class, and an annotated method. */
public final class Subtypes {

    @Target(ElementType.METHOD)
    @interface Timed {}

    interface Repo {
        void save(String value);
    }

    static final class SqlRepo implements Repo {
        @Override
        public void save(String value) {}
    }

    abstract static class BaseRepo implements Repo {}

    static final class FileRepo extends BaseRepo {
        @Override
        public void save(String value) {}
    }

    static final class Cache {
        public void save(String value) {}

        @Timed
        void warm() {}
    }

    public static void main(String[] args) {
        Repo[] repos = {new SqlRepo(), new FileRepo()};
        Cache cache = new Cache();
        for (int i = 0; i < 2; i++) {
            for (Repo repo : repos) {
                repo.save("v" + i);
            }
            cache.save("v" + i);
        }
        cache.warm();
        System.out.println("saved");
    }
}
